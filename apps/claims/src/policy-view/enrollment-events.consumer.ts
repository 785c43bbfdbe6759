import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { validateEnrollmentEvent, type EnrollmentEvent } from '@fpi/contracts';
import { BatchConsumer, parseJson, PoisonMessageError, type MessagePublisher, type RawMessage } from '@fpi/messaging';
import { CLOCK, KAFKA, LOGGER, PUBLISHER, type Clock, type JsonLogger } from '@fpi/platform';
import { inTransaction } from '../infrastructure/sql';
import { CLAIMS_SETTINGS, type ClaimsSettings } from '../shared/claims-settings';
import { PolicyViewRepository } from './policy-view.repository';
import { applyEnrollmentEvents } from './policy-view.writer';

/** A message that is not an enrollment event of the published contract can never be applied: dead-letter it. */
export function decodeEnrollmentMessage(raw: RawMessage): EnrollmentEvent {
  const check = validateEnrollmentEvent(parseJson(raw));
  if (!check.ok) {
    const first = check.problems.slice(0, 3).map((p) => `${p.path} ${p.problem}`).join('; ');
    throw new PoisonMessageError(`not an enrollment event of the v1 contract: ${first}`);
  }
  return check.event;
}

/**
 * Feeds the policy view from enrollment's topic. Each batch (one partition) is applied in one transaction
 * together with its inbox rows, and Kafka's offset is committed only afterwards, so a crash redelivers
 * and the inbox absorbs the repeat. Dropping the view's tables and starting a new consumer group
 * (POLICY_VIEW_CONSUMER_GROUP) rebuilds it from the topic.
 */
@Injectable()
export class EnrollmentEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: BatchConsumer<EnrollmentEvent>;
  private readonly enabled: boolean;

  constructor(
    repository: PolicyViewRepository,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(PUBLISHER) publisher: MessagePublisher,
    @Inject(LOGGER) logger: JsonLogger,
    @Inject(CLOCK) clock: Clock,
    @Inject(CLAIMS_SETTINGS) settings: ClaimsSettings,
  ) {
    this.enabled = settings.backgroundWorkers.has('policy-view');
    this.consumer = new BatchConsumer<EnrollmentEvent>({
      kafka,
      groupId: settings.policyViewConsumerGroup,
      topics: [settings.enrollmentEventsTopic],
      source: 'fpi/claims',
      decode: decodeEnrollmentMessage,
      deadLetters: publisher,
      handle: async (messages) => {
        await inTransaction(repository.pool, (client) =>
          applyEnrollmentEvents(client, messages.map((m) => ({ event: m.value, topic: m.topic, partition: m.partition, offset: m.offset })), clock.now()),
        );
      },
      onError: (e) => logger.event('warn', 'enrollment events consumer error', { error: (e as Error).message }),
      onDeadLetter: (raw, e) => logger.event('warn', 'enrollment event dead-lettered', { topic: raw.topic, partition: raw.partition, offset: raw.offset, error: e.message }),
      onFatal: (e) => {
        logger.event('error', 'enrollment events consumer stopped for good; exiting so that the supervisor restarts the service', { error: (e as Error).message });
        process.exit(1);
      },
    });
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    // In the background: a broker that is down at start must not keep the HTTP side from serving.
    void this.consumer.start().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
