import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

export interface KafkaConnection {
  clientId: string;
  brokers: string[];
}

/** Routes kafkajs's own log lines into the service's logger (it otherwise prints plain text to stdout). */
export type KafkaLogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;

export function createKafka(conn: KafkaConnection, log?: KafkaLogFn, overrides: Partial<KafkaConfig> = {}): Kafka {
  const levels: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
    [logLevel.ERROR]: 'error',
    [logLevel.WARN]: 'warn',
    [logLevel.INFO]: 'info',
    [logLevel.DEBUG]: 'debug',
  };
  return new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!log) return;
      const { message, ...rest } = entry.log;
      log(levels[entry.level] ?? 'info', `kafka: ${message}`, { namespace: entry.namespace, ...rest });
    },
    ...overrides,
  });
}

/**
 * Kept for ever unless a caller says otherwise: the platform's topics are event histories that consumers
 * rebuild their read models from (enrollment's outbox deletes what it published, so its topic is the only
 * copy), and a broker default of 7 days would silently cut a rebuild short.
 */
export const KEEP_FOREVER_MS = -1;

/**
 * Creates the topics if missing (idempotent); the broker's auto-create would give them one partition, the
 * broker's default retention, and no intent. A topic that already exists is left as it is (see README).
 */
export async function ensureTopics(kafka: Kafka, topics: { topic: string; numPartitions?: number; retentionMs?: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.numPartitions ?? 3,
            replicationFactor: -1,
            configEntries: [{ name: 'retention.ms', value: String(t.retentionMs ?? KEEP_FOREVER_MS) }],
          })),
        })
        .catch((e: { type?: string }) => {
          // Another instance created it between our list and create: that is the outcome we wanted.
          if (e.type !== 'TOPIC_ALREADY_EXISTS') throw e;
        });
    }
  } finally {
    await admin.disconnect();
  }
}
