import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { Headers } from '@fpi/contracts';

/** A message as the platform publishes it: a JSON payload, a partition key, CloudEvents attributes. */
export interface OutboundMessage {
  topic: string;
  key: string;
  /** JSON-serialisable payload; bigint values must already be strings. */
  value: unknown;
  /** CloudEvents attributes: `id` is the de-duplication key for consumers. */
  id: string;
  type: string;
  source: string;
  time: string;
  subject?: string;
  headers?: Record<string, string>;
}

export const toKafkaHeaders = (m: OutboundMessage): Record<string, string> => ({
  [Headers.id]: m.id,
  [Headers.type]: m.type,
  [Headers.source]: m.source,
  [Headers.time]: m.time,
  [Headers.specVersion]: '1.0',
  [Headers.contentType]: 'application/json',
  ...(m.subject ? { [Headers.subject]: m.subject } : {}),
  ...(m.headers ?? {}),
});

/** The project's port for sending to Kafka, so that kafkajs (in maintenance) stays behind one seam. */
export interface MessagePublisher {
  /** Resolves only when every message is acknowledged by all in-sync replicas (acks=-1). */
  publish(messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Publishes with acks=-1 and without kafkajs's idempotent producer (unusable after OUT_OF_ORDER_SEQUENCE_NUMBER,
 * kafkajs#598): duplicates are possible on retry and every consumer de-duplicates by `ce_id`. After a
 * failure the producer is recreated, because a kafkajs producer can stay broken after a fatal error.
 */
export class KafkaPublisher implements MessagePublisher {
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  /** @param maxRequestBytes upper bound of one produce request's payload (keys, values, headers). */
  constructor(private readonly kafka: Kafka, private readonly maxRequestBytes = 512 * 1024) {}

  private async ready(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const p = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true, idempotent: false, maxInFlightRequests: 1 });
      try {
        await p.connect();
        this.producer = p;
        return p;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async publish(messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.ready();
    try {
      // Requests are cut below the broker's message.max.bytes (1 MiB by default): one oversized request is
      // refused as a whole and, retried, would block an outbox for ever. Chunks go out one after another,
      // so the order of messages, and with it the order per key, is kept.
      for (const chunk of chunkByBytes(messages, this.maxRequestBytes)) {
        const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
        for (const m of chunk) {
          const list = byTopic.get(m.topic) ?? [];
          list.push({ key: m.key, value: JSON.stringify(m.value), headers: toKafkaHeaders(m) });
          byTopic.set(m.topic, list);
        }
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, ms]) => ({ topic, messages: ms })) });
      }
    } catch (e) {
      this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    await p?.disconnect().catch(() => undefined);
  }
}

export const newMessageId = (): string => randomUUID();

/** Estimated wire size of a message: key, JSON value and headers (UTF-8), plus a little framing. */
const sizeOf = (m: OutboundMessage): number =>
  Buffer.byteLength(m.key) + Buffer.byteLength(JSON.stringify(m.value)) + Object.entries(toKafkaHeaders(m)).reduce((t, [k, v]) => t + k.length + Buffer.byteLength(v), 0) + 64;

/** Consecutive runs of messages whose estimated size stays under `maxBytes` (a single larger message stands alone). */
export function chunkByBytes(messages: OutboundMessage[], maxBytes: number): OutboundMessage[][] {
  const chunks: OutboundMessage[][] = [];
  let current: OutboundMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
