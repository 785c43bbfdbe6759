import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { DiagnosticProbeSent } from '@fpi/contracts';
import { BatchConsumer, parseJson, PoisonMessageError, type MessagePublisher, type RawMessage } from '@fpi/messaging';
import { JsonLogger, KAFKA, LOGGER, PUBLISHER } from '@fpi/platform';

const decodeProbe = (raw: RawMessage): DiagnosticProbeSent => {
  const v = parseJson(raw) as Partial<DiagnosticProbeSent>;
  if (v?.type !== 'DiagnosticProbeSent' || typeof v.probeId !== 'string' || typeof v.sentAt !== 'string' || typeof v.sentBy !== 'string') {
    throw new PoisonMessageError('not a DiagnosticProbeSent v1 message');
  }
  return v as DiagnosticProbeSent;
};

/** Topic and consumer group of the probe receipts (configurable so that tests do not share a group). */
export interface DiagnosticsSettings {
  topic: string;
  groupId: string;
}
export const DIAGNOSTICS_SETTINGS = Symbol('DIAGNOSTICS_SETTINGS');

/** Records every diagnostic probe once (the primary key absorbs redelivery). */
@Injectable()
export class ProbeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: BatchConsumer<DiagnosticProbeSent>;

  constructor(
    ds: DataSource,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(PUBLISHER) publisher: MessagePublisher,
    @Inject(LOGGER) logger: JsonLogger,
    @Inject(DIAGNOSTICS_SETTINGS) settings: DiagnosticsSettings,
  ) {
    this.consumer = new BatchConsumer<DiagnosticProbeSent>({
      kafka,
      groupId: settings.groupId,
      topics: [settings.topic],
      source: 'fpi/reporting',
      decode: decodeProbe,
      deadLetters: publisher,
      handle: async (messages) => {
        const values: unknown[] = [];
        const rows = messages.map((m, i) => {
          values.push(m.value.probeId, m.value.sentBy, m.value.sentAt, m.topic, m.partition, m.offset);
          const b = i * 6;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
        });
        await ds.query(
          `INSERT INTO diagnostic_probes_received (probe_id, sent_by, sent_at, topic, partition, "offset") VALUES ${rows.join(', ')} ON CONFLICT (probe_id) DO NOTHING`,
          values,
        );
      },
      onError: (e) => logger.event('warn', 'diagnostics consumer error', { error: (e as Error).message }),
      onDeadLetter: (raw, e) => logger.event('warn', 'diagnostic message dead-lettered', { topic: raw.topic, partition: raw.partition, offset: raw.offset, error: e.message }),
      onFatal: (e) => {
        logger.event('error', 'diagnostics consumer stopped for good; exiting so that the supervisor restarts the service', { error: (e as Error).message });
        process.exit(1);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Started in the background: a broker that is down at start must not stop the HTTP side from serving health.
    void this.consumer.start().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
