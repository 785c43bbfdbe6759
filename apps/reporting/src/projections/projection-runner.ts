import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { BatchConsumer, parseJson, PoisonMessageError, type MessagePublisher, type RawMessage } from '@fpi/messaging';
import type { JsonLogger } from '@fpi/platform';
import { toProjectionEvent, UndecodableEventError, type ProjectionEvent } from '@fpi/reporting-domain';
import type { Generation } from './generations';
import { ProjectionWriter } from './projection-writer';
import type { ProjectionSettings } from './tokens';

export interface RunnerDeps {
  kafka: Kafka;
  publisher: MessagePublisher;
  pool: Pool;
  logger: JsonLogger;
  settings: ProjectionSettings;
}

/** Full consumer group id of a generation. */
export const groupIdOf = (settings: ProjectionSettings, g: Generation): string => `${settings.groupPrefix}.${g.groupSuffix}`;

/**
 * One generation's consumers: both source topics, one consumer group of its own, read from the beginning
 * the first time (a new group has no offsets), into the generation's own tables.
 */
export class ProjectionRunner {
  private readonly consumer: BatchConsumer<ProjectionEvent>;
  readonly writer: ProjectionWriter;
  private running = false;

  constructor(readonly generation: Generation, deps: RunnerDeps) {
    const { settings, logger } = deps;
    this.writer = new ProjectionWriter(deps.pool, generation.schema);
    const streamOf = (topic: string) => (topic === settings.claimsTopic ? 'claims' : 'enrollment');
    const decode = (raw: RawMessage): ProjectionEvent => {
      try {
        return toProjectionEvent(streamOf(raw.topic), parseJson(raw));
      } catch (e) {
        if (e instanceof UndecodableEventError) throw new PoisonMessageError(e.message);
        throw e;
      }
    };
    const fields = { generation: generation.schema };
    this.consumer = new BatchConsumer<ProjectionEvent>({
      kafka: deps.kafka,
      groupId: groupIdOf(settings, generation),
      topics: [settings.enrollmentTopic, settings.claimsTopic],
      fromBeginning: true,
      source: 'fpi/reporting',
      decode,
      deadLetters: deps.publisher,
      maxAttempts: settings.maxAttempts,
      retryBackoffMs: settings.retryBackoffMs,
      partitionsConsumedConcurrently: settings.partitionsConcurrently,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      fetch: { maxBytesPerPartition: settings.fetchBytesPerPartition, maxBytes: Math.max(10_485_760, 2 * settings.partitionsConcurrently * settings.fetchBytesPerPartition) },
      handle: async (messages) => {
        const first = messages[0];
        if (first) await this.writer.apply(first.topic, first.partition, messages);
      },
      advancePosition: (p) => this.writer.advance(p.topic, p.partition, p.firstOffset, p.nextOffset),
      onError: (e) => logger.event('warn', 'projection consumer error', { ...fields, error: (e as Error).message }),
      onDeadLetter: (raw, e, attempts) =>
        logger.event('warn', 'event dead-lettered', { ...fields, topic: raw.topic, partition: raw.partition, offset: raw.offset, attempts, error: e.message }),
      onFatal: (e) => {
        logger.event('error', 'projection consumer stopped for good; exiting so that the supervisor restarts the service', { ...fields, error: (e as Error).message });
        process.exit(1);
      },
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts in the background: a broker that is down must not keep the HTTP side from serving. */
  start(): void {
    this.running = true;
    void this.consumer.start().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.stop().catch(() => undefined);
  }
}
