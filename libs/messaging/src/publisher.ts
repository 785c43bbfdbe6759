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

  /**
   * @param maxRequestBytes upper bound of one topic's messages (keys, values, headers) in one produce
   *   request, and with it of every partition's record batch: below the broker's 1 MiB message.max.bytes.
   */
  constructor(private readonly kafka: Kafka, private readonly maxRequestBytes = 900 * 1024) {}

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
      // Requests are cut so that no partition's record batch can pass the broker's message.max.bytes (1 MiB
      // by default): one oversized batch is refused as a whole and, retried, would block an outbox for ever.
      // Chunks go out one after another, so the order of messages, and with it the order per key, is kept.
      for (const chunk of chunkByBytes(messages.map(encode), this.maxRequestBytes)) {
        const byTopic = new Map<string, EncodedMessage[]>();
        for (const m of chunk) {
          const list = byTopic.get(m.topic) ?? [];
          list.push(m);
          byTopic.set(m.topic, list);
        }
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, ms]) => ({ topic, messages: ms.map(({ key, value, headers }) => ({ key, value, headers })) })),
        });
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

/** A message as it goes on the wire: the JSON value serialised once, and its estimated size. */
export interface EncodedMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
  /** Key, value and headers in UTF-8, plus a little framing. */
  readonly bytes: number;
}

export function encode(m: OutboundMessage): EncodedMessage {
  const value = JSON.stringify(m.value);
  const headers = toKafkaHeaders(m);
  const bytes = Buffer.byteLength(m.key) + Buffer.byteLength(value) + Object.entries(headers).reduce((t, [k, v]) => t + k.length + Buffer.byteLength(v), 0) + 64;
  return { topic: m.topic, key: m.key, value, headers, bytes };
}

/**
 * Consecutive runs of messages in which no topic's messages add up to more than `maxBytes` (a single larger
 * message stands alone). A partition's record batch holds messages of one topic only, so it stays under
 * the bound too; the topics of a page (claim events and settlements, say) share one request.
 */
export function chunkByBytes(messages: EncodedMessage[], maxBytes: number): EncodedMessage[][] {
  const chunks: EncodedMessage[][] = [];
  let current: EncodedMessage[] = [];
  let bytesPerTopic = new Map<string, number>();
  for (const m of messages) {
    const topicBytes = bytesPerTopic.get(m.topic) ?? 0;
    if (topicBytes > 0 && topicBytes + m.bytes > maxBytes) {
      chunks.push(current);
      current = [];
      bytesPerTopic = new Map();
    }
    current.push(m);
    bytesPerTopic.set(m.topic, (bytesPerTopic.get(m.topic) ?? 0) + m.bytes);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
