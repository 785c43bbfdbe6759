import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopic, Headers, redactText } from '@fpi/contracts';
import { isTransientPgError } from '@fpi/event-store/postgres-errors';
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
   * transaction, skipping what was already applied. Throwing retries the batch; see BatchConsumer for which
   * errors are retried until they stop and which end in the dead-letter topic. Let the database driver's
   * errors surface as they are (or as the `cause` of your own), so that an outage is recognised as one.
   */
  handle(messages: ConsumedMessage<T>[]): Promise<void>;
  /** Dead letters go out through this publisher (acks=-1) before the offsets are committed. */
  deadLetters: MessagePublisher;
  /**
   * Called when a batch ended with dead letters, with the offset after the batch, before Kafka's offset is
   * committed: a handler that keeps its consumed positions in its own database (to skip redeliveries)
   * records that position here too, so that its lag reaches zero although the poison message never reached it.
   */
  advancePosition?(position: { topic: string; partition: number; firstOffset: string; nextOffset: string }): Promise<void>;
  /** Partitions handled at the same time (kafkajs `partitionsConsumedConcurrently`); 1 keeps one batch at a time. */
  partitionsConsumedConcurrently?: number;
  /**
   * Fetch sizes (kafkajs defaults: 1 MB per partition, 10 MB per fetch). Larger fetches give larger batches,
   * which is what a handler that writes one transaction per batch wants when catching up.
   */
  fetch?: { maxBytesPerPartition?: number; maxBytes?: number };
  /** Attempts at a message failing with an unclassified error before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First back-off between attempts (default 200 ms); it doubles with every failure. */
  retryBackoffMs?: number;
  /**
   * Upper bound of the back-off while the infrastructure is failing (default 5 s): retries go on for as long as
   * the outage lasts, and the consumer resumes at most this long after PostgreSQL answers again.
   */
  maxRetryBackoffMs?: number;
  /**
   * Kafka session timeout (default 30 s): a member that sends no heartbeat for this long is dropped from the
   * group. Waits between retries keep heartbeating, so an outage of any length does not cost the partitions.
   */
  sessionTimeoutMs?: number;
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

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Longest single sleep while waiting to retry, so that heartbeats go out and a stop or rebalance is noticed. */
const WAIT_SLICE_MS = 1000;

/** The end of one message or batch: applied, set aside as failed, or given up because the partition was taken away. */
type HandleOutcome = { kind: 'applied' } | { kind: 'failed'; error: Error; attempts: number } | { kind: 'abandoned' };

/** A message that will not be applied, with what made it fail and how often it was tried. */
interface DeadLetter {
  raw: RawMessage;
  error: Error;
  attempts: number;
  firstFailureAt: string;
}

/**
 * Batch consumption with bounded retries and a dead-letter topic, because a failing handler in Nest's
 * Kafka transport (and in a naive kafkajs loop) is retried for ever and blocks its partition
 * (nestjs/nest#14664). Offsets are committed to Kafka only after the batch's effects are durable; a crash
 * in between redelivers, which the idempotent handler absorbs.
 *
 * What a handler error means:
 * - PoisonMessageError (as from `decode`): the message can never be applied; it is dead-lettered at once.
 * - An infrastructure failure (PostgreSQL connection lost or refused, server restarting, SQLSTATE classes 08
 *   and 53, 57P01-57P03, 40001, 40P01, pool timeouts, network errors): nothing is wrong with the message, so
 *   it is never dead-lettered. The batch is retried with capped exponential back-off for as long as the
 *   outage lasts, heartbeating so that the group keeps the partition here, and without committing its offset;
 *   processing resumes where it stopped once PostgreSQL answers. Dead-lettering it would lose its effect.
 * - Any other error is retried `maxAttempts` times with back-off, and the message is then dead-lettered.
 *   Such an error is almost always this message meeting a bug or a constraint (a value out of range, a broken
 *   invariant) and fails the same way on every attempt; retrying it for long would stall every later message
 *   of its partition, which the reliability promises rule out ("poison messages do not block a partition").
 *   The price: an outage whose error is not recognised would dead-letter healthy messages, so handlers must
 *   let the driver's errors surface (see `handle`).
 */
export class BatchConsumer<T> {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly backoff: number;
  private readonly maxBackoff: number;
  private lastAppliedAt?: Date;

  constructor(private readonly opts: BatchConsumerOptions<T>) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.backoff = opts.retryBackoffMs ?? 200;
    this.maxBackoff = Math.max(opts.maxRetryBackoffMs ?? 5000, this.backoff);
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
    const sessionTimeout = this.opts.sessionTimeoutMs ?? 30_000;
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout,
      // Several heartbeats fit in a session, so one delayed by a busy event loop does not cost the membership.
      heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 5)),
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
    const alive = () => isRunning() && !isStale();
    const raws = batch.messages.map((m) => toRaw(batch.topic, batch.partition, m));
    const good: (ConsumedMessage<T> & { raw: RawMessage })[] = [];
    const dead: DeadLetter[] = [];
    // First failure of each message of this batch (by offset). It lives as long as the batch: a message that
    // later succeeds, or a batch given up to a rebalance, leaves nothing behind.
    const firstFailures = new Map<string, string>();
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
        dead.push({ raw, error: asError(e), attempts: 1, firstFailureAt: new Date().toISOString() });
      }
    }

    if (good.length > 0) {
      const outcome = await this.tryHandle(good, firstFailures, heartbeat, alive);
      if (outcome.kind === 'abandoned') return;
      if (outcome.kind === 'failed') {
        // The batch keeps failing: find the culprits one by one so that the others still get through.
        for (const m of good) {
          const single = await this.tryHandle([m], firstFailures, heartbeat, alive);
          if (single.kind === 'abandoned') return;
          if (single.kind === 'failed') {
            dead.push({ raw: m.raw, error: single.error, attempts: single.attempts, firstFailureAt: firstFailures.get(m.offset) ?? new Date().toISOString() });
          }
        }
      }
    }
    if (!alive()) return;
    if (dead.length > 0) {
      await this.deadLetter(dead);
      const { advancePosition } = this.opts;
      if (advancePosition) {
        const position = { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset() ?? batch.lastOffset(), nextOffset: (BigInt(batch.lastOffset()) + 1n).toString() };
        if (!(await this.retryWhileTransient(() => advancePosition(position), heartbeat, alive))) return;
      }
    }
    this.lastAppliedAt = new Date();
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
    });
    await heartbeat();
  }

  /**
   * Handles `messages` until they are applied, fail for good, or the partition goes elsewhere. Infrastructure
   * failures are waited out without limit and do not count as attempts (see the class comment); a
   * PoisonMessageError ends at once; other errors end after `maxAttempts`. The failure is returned rather than
   * kept on the consumer, because partitions consumed concurrently fail at the same time.
   */
  private async tryHandle(
    messages: ConsumedMessage<T>[],
    firstFailures: Map<string, string>,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<HandleOutcome> {
    let attempts = 0;
    let outageFailures = 0;
    while (alive()) {
      try {
        await this.opts.handle(messages);
        return { kind: 'applied' };
      } catch (e) {
        const error = asError(e);
        const now = new Date().toISOString();
        for (const m of messages) if (!firstFailures.has(m.offset)) firstFailures.set(m.offset, now);
        this.opts.onError?.(e);
        if (isTransientPgError(error)) {
          outageFailures++;
          await this.wait(this.outageBackoff(outageFailures), heartbeat, alive);
          continue;
        }
        outageFailures = 0;
        attempts++;
        if (error instanceof PoisonMessageError || attempts >= this.maxAttempts) return { kind: 'failed', error, attempts };
        await this.wait(this.backoff * 2 ** (attempts - 1), heartbeat, alive);
      }
    }
    return { kind: 'abandoned' };
  }

  /** Runs `work` until it succeeds, retrying infrastructure failures only; false when the partition went elsewhere. */
  private async retryWhileTransient(work: () => Promise<void>, heartbeat: () => Promise<void>, alive: () => boolean): Promise<boolean> {
    for (let failures = 1; alive(); failures++) {
      try {
        await work();
        return true;
      } catch (e) {
        if (!isTransientPgError(e)) throw e;
        this.opts.onError?.(e);
        await this.wait(this.outageBackoff(failures), heartbeat, alive);
      }
    }
    return false;
  }

  private outageBackoff(failures: number): number {
    // The exponent is bounded so that a long outage cannot overflow the doubling.
    return Math.min(this.backoff * 2 ** Math.min(failures - 1, 20), this.maxBackoff);
  }

  /**
   * Sleeps `ms` in short slices with a heartbeat after each (kafkajs sends one only when its interval is due),
   * so that a long wait keeps the group membership; returns early when the partition is stopped or taken away.
   * A failing heartbeat (the group is rebalancing) propagates: kafkajs then rejoins and redelivers.
   */
  private async wait(ms: number, heartbeat: () => Promise<void>, alive: () => boolean): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0 && alive(); left = until - Date.now()) {
      await sleep(Math.min(left, WAIT_SLICE_MS));
      if (alive()) await heartbeat();
    }
  }

  private async deadLetter(dead: DeadLetter[]): Promise<void> {
    await this.opts.deadLetters.publish(
      dead.map(({ raw, error, attempts, firstFailureAt }) => {
        const id = raw.headers[Headers.id] ?? `${raw.topic}/${raw.partition}/${raw.offset}`;
        this.opts.onDeadLetter?.(raw, error, attempts);
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
            [Headers.dlqFirstFailureAt]: firstFailureAt,
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
