import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopic, Headers, redactText } from '@fpi/contracts';
import { ensureTopics } from './kafka';
import type { MessagePublisher } from './publisher';

/** A message that can never be processed (not JSON, fails its schema): dead-lettered at once, not retried. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

export interface ConsumedMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** CloudEvents id (`ce_id`): the de-duplication key. */
  id: string;
  type: string;
  headers: Record<string, string>;
  value: T;
}

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Parses and validates one message; throw PoisonMessageError (or anything) to dead-letter it. */
  decode(raw: RawMessage): T;
  /**
   * Applies a batch of one partition idempotently: effects and consumed positions in one database
   * transaction, skipping what was already applied. Throwing retries the batch.
   */
  handle(messages: ConsumedMessage<T>[]): Promise<void>;
  /** Dead letters go out through this publisher (acks=-1) before the offsets are committed. */
  deadLetters: MessagePublisher;
  /**
   * Called when a batch ended with dead letters, with the offset after the batch, before Kafka's offset is
   * committed: a handler that keeps its consumed positions in its own database (to skip redeliveries)
   * records that position here too, so that its lag reaches zero although the poison message never reached it.
   */
  advancePosition?(position: { topic: string; partition: number; nextOffset: string }): Promise<void>;
  /** Partitions handled at the same time (kafkajs `partitionsConsumedConcurrently`); 1 keeps one batch at a time. */
  partitionsConsumedConcurrently?: number;
  /**
   * Fetch sizes (kafkajs defaults: 1 MB per partition, 10 MB per fetch). Larger fetches give larger batches,
   * which is what a handler that writes one transaction per batch wants when catching up.
   */
  fetch?: { maxBytesPerPartition?: number; maxBytes?: number };
  maxAttempts?: number;
  retryBackoffMs?: number;
  source: string;
  onDeadLetter?: (m: RawMessage, error: Error, attempts: number) => void;
  onError?: (e: unknown) => void;
  /** The consumer crashed and kafkajs will not restart it: the process should exit so a supervisor restarts it. */
  onFatal?: (e: unknown) => void;
}

const headerValues = (h: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(h ?? {}).flatMap(([k, v]) => {
      const first = Array.isArray(v) ? v[0] : v;
      return first === undefined ? [] : [[k, Buffer.isBuffer(first) ? first.toString('utf8') : String(first)]];
    }),
  );

const toRaw = (topic: string, partition: number, m: KafkaMessage): RawMessage => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key ? m.key.toString('utf8') : null,
  headers: headerValues(m.headers),
  value: m.value ? m.value.toString('utf8') : null,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Batch consumption with bounded retries and a dead-letter topic, because a failing handler in Nest's
 * Kafka transport (and in a naive kafkajs loop) is retried for ever and blocks its partition
 * (nestjs/nest#14664). Offsets are committed to Kafka only after the batch's effects are durable; a crash
 * in between redelivers, which the idempotent handler absorbs.
 */
export class BatchConsumer<T> {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly backoff: number;
  private lastAppliedAt?: Date;

  constructor(private readonly opts: BatchConsumerOptions<T>) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.backoff = opts.retryBackoffMs ?? 200;
  }

  get lastApplied(): Date | undefined {
    return this.lastAppliedAt;
  }

  /**
   * Connects and subscribes, retrying with back-off while the broker is unreachable (a service must come
   * up even when Kafka is down, and start consuming when it returns). Topics are created first: a consumer
   * subscribed to a topic that does not exist yet would not see it until its metadata refresh (minutes).
   */
  async start(): Promise<void> {
    this.stopped = false;
    let delay = 500;
    while (!this.stopped) {
      try {
        await this.connectOnce();
        return;
      } catch (e) {
        this.opts.onError?.(e);
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private stopped = false;

  private async connectOnce(): Promise<void> {
    await ensureTopics(this.opts.kafka, this.opts.topics.map((topic) => ({ topic })));
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: true,
      ...(this.opts.fetch?.maxBytesPerPartition ? { maxBytesPerPartition: this.opts.fetch.maxBytesPerPartition } : {}),
      ...(this.opts.fetch?.maxBytes ? { maxBytes: this.opts.fetch.maxBytes } : {}),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      // A consumer torn down while it was still joining crashes with errors of its own teardown: not fatal.
      if (this.stopped || this.consumer !== consumer) return;
      const { error, restart } = event.payload as { error: Error; restart: boolean };
      this.opts.onError?.(error);
      if (!restart) this.opts.onFatal?.(error);
    });
    await consumer.connect();
    for (const topic of this.opts.topics) await consumer.subscribe({ topic, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const raws = batch.messages.map((m) => toRaw(batch.topic, batch.partition, m));
    const good: (ConsumedMessage<T> & { raw: RawMessage })[] = [];
    const dead: { raw: RawMessage; error: Error; attempts: number }[] = [];
    for (const raw of raws) {
      try {
        const value = this.opts.decode(raw);
        good.push({
          raw,
          topic: raw.topic,
          partition: raw.partition,
          offset: raw.offset,
          key: raw.key,
          id: raw.headers[Headers.id] ?? `${raw.topic}/${raw.partition}/${raw.offset}`,
          type: raw.headers[Headers.type] ?? 'unknown',
          headers: raw.headers,
          value,
        });
      } catch (e) {
        dead.push({ raw, error: e instanceof Error ? e : new Error(String(e)), attempts: 1 });
      }
    }

    if (good.length > 0 && !(await this.tryHandle(good, heartbeat, () => isRunning() && !isStale()))) {
      // The batch keeps failing: find the culprits one by one so that the others still get through.
      for (const m of good) {
        if (!isRunning() || isStale()) return;
        const ok = await this.tryHandle([m], heartbeat, () => isRunning() && !isStale());
        if (!ok) {
          dead.push({ raw: m.raw, error: this.lastError ?? new Error('handler failed'), attempts: this.maxAttempts });
        }
      }
    }
    if (!isRunning() || isStale()) return;
    if (dead.length > 0) {
      await this.deadLetter(dead);
      await this.opts.advancePosition?.({ topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(batch.lastOffset()) + 1n).toString() });
    }
    this.lastAppliedAt = new Date();
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
    });
    await heartbeat();
  }

  private lastError?: Error;
  private firstFailure = new Map<string, string>();

  private async tryHandle(messages: ConsumedMessage<T>[], heartbeat: () => Promise<void>, alive: () => boolean): Promise<boolean> {
    for (let attempt = 1; attempt <= this.maxAttempts && alive(); attempt++) {
      try {
        await this.opts.handle(messages);
        return true;
      } catch (e) {
        this.lastError = e instanceof Error ? e : new Error(String(e));
        for (const m of messages) if (!this.firstFailure.has(m.id)) this.firstFailure.set(m.id, new Date().toISOString());
        this.opts.onError?.(e);
        if (attempt < this.maxAttempts) {
          await sleep(this.backoff * 2 ** (attempt - 1));
          await heartbeat();
        }
      }
    }
    return false;
  }

  private async deadLetter(dead: { raw: RawMessage; error: Error; attempts: number }[]): Promise<void> {
    await this.opts.deadLetters.publish(
      dead.map(({ raw, error, attempts }) => {
        const id = raw.headers[Headers.id] ?? `${raw.topic}/${raw.partition}/${raw.offset}`;
        this.opts.onDeadLetter?.(raw, error, attempts);
        const firstFailure = this.firstFailure.get(id) ?? new Date().toISOString();
        this.firstFailure.delete(id);
        return {
          topic: deadLetterTopic(raw.topic),
          key: raw.key ?? id,
          // The original body is kept for repair and replay, with anything that looks like personal data masked.
          value: { original: raw.value === null ? null : redactText(raw.value) },
          id,
          type: raw.headers[Headers.type] ?? 'unknown',
          source: this.opts.source,
          time: new Date().toISOString(),
          headers: {
            [Headers.dlqSourceTopic]: raw.topic,
            [Headers.dlqSourcePartition]: String(raw.partition),
            [Headers.dlqSourceOffset]: raw.offset,
            [Headers.dlqErrorClass]: error.name,
            // Error messages may quote input; they are cut short and must not carry personal data.
            [Headers.dlqErrorMessage]: redactText(error.message).slice(0, 500),
            [Headers.dlqAttempts]: String(attempts),
            [Headers.dlqFirstFailureAt]: firstFailure,
          },
        };
      }),
    );
  }
}

/** Decodes a JSON message body or throws PoisonMessageError. */
export function parseJson(raw: RawMessage): unknown {
  if (raw.value === null) throw new PoisonMessageError(`empty message at ${raw.topic}/${raw.partition}/${raw.offset}`);
  try {
    return JSON.parse(raw.value);
  } catch {
    throw new PoisonMessageError(`message at ${raw.topic}/${raw.partition}/${raw.offset} is not JSON`);
  }
}
