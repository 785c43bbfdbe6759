import type { Waker } from '../backoff';
import { IdempotencyConflictError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import {
  ALL_START,
  filterPrefix,
  type AllPosition,
  type AllSlice,
  type AppendOptions,
  type AppendResult,
  type CheckpointStore,
  type DeleteOptions,
  type EventData,
  type EventHandler,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import { DEFAULT_POLLING, startPollingSubscription, type PollingTimings } from '../polling-subscription';
import { expectedStateHolds, prepareEvents, revisionBound, validateExpectedState, validateMaxCount, validateMetadata, validateReadStream, validateStreamName } from '../validation';

interface StreamRecord {
  revision: bigint;
  deleted: boolean;
  tombstoned: boolean;
  truncateBefore: bigint;
  metadata: Omit<StreamMetadata, 'truncateBefore'>;
  events: RecordedEvent[];
  ids: Map<string, RecordedEvent>;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The port in memory, with the PostgreSQL adapter's semantics (it runs the same contract suite).
 * For unit tests of application code and for the write-path helper; not durable.
 * Positions are `"<n>"`, the 1-based index in `$all`.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StreamRecord>();
  private readonly all: RecordedEvent[] = [];
  private readonly wakers = new Set<Waker>();
  private readonly subscriptions = new Set<Subscription>();

  private readonly timings: PollingTimings;

  /** @param polling - poll intervals of subscriptions (defaults suit production; tests shorten them). */
  constructor(polling: Partial<PollingTimings> = {}) {
    this.timings = { ...DEFAULT_POLLING, ...polling };
  }

  async appendToStream(streamName: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedState ?? 'any';
    validateExpectedState(expected);
    const batch = prepareEvents(streamName, events);
    await Promise.resolve();
    const s = this.stream(streamName);
    if (s.tombstoned) throw new StreamDeletedError(streamName);
    const known = batch.filter((e) => s.ids.has(e.id));
    if (batch.length > 0 && known.length === batch.length) {
      const last = known.map((e) => s.ids.get(e.id) as RecordedEvent).reduce((a, b) => (b.revision > a.revision ? b : a));
      return { nextExpectedRevision: last.revision, position: last.position };
    }
    if (known.length > 0) throw new IdempotencyConflictError(streamName);
    if (!expectedStateHolds(expected, s.revision, s.deleted)) {
      throw new WrongExpectedVersionError(streamName, expected, s.revision >= 0n ? s.revision : 'no_stream');
    }
    if (batch.length === 0) return { nextExpectedRevision: s.revision };
    const created = new Date();
    for (const e of batch) {
      s.revision += 1n;
      const recorded: RecordedEvent = {
        streamName,
        revision: s.revision,
        id: e.id,
        type: e.type,
        data: clone(e.data),
        metadata: clone(e.metadata),
        created,
        position: String(this.all.length + 1),
      };
      s.events.push(recorded);
      s.ids.set(e.id, recorded);
      this.all.push(recorded);
    }
    s.deleted = false;
    for (const w of this.wakers) w.wake();
    const last = s.events[s.events.length - 1] as RecordedEvent;
    return { nextExpectedRevision: s.revision, position: last.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(streamName);
    validateReadStream(options);
    await Promise.resolve();
    const s = this.streams.get(streamName);
    if (s?.tombstoned) throw new StreamDeletedError(streamName);
    if (!s || s.revision < 0n || s.deleted) throw new StreamNotFoundError(streamName);
    let lower = s.truncateBefore;
    if (s.metadata.maxCount !== undefined) lower = bigMax(lower, s.revision - BigInt(s.metadata.maxCount) + 1n);
    const minCreated = s.metadata.maxAgeSeconds !== undefined ? Date.now() - s.metadata.maxAgeSeconds * 1000 : -Infinity;
    const visible = s.events.filter((e) => e.revision >= lower && e.created.getTime() >= minCreated);
    const backwards = options.direction === 'backwards';
    const from = revisionBound(options.fromRevision ?? (backwards ? 'end' : 'start'));
    const out = backwards ? visible.filter((e) => e.revision <= from).reverse() : visible.filter((e) => e.revision >= from);
    return clone(out.slice(0, options.maxCount ?? out.length));
  }

  async readAll(options: ReadAllOptions = {}): Promise<AllSlice> {
    const maxCount = options.maxCount ?? 1000;
    validateMaxCount(maxCount);
    const from = options.fromPosition ?? ALL_START;
    const start = parsePosition(from);
    await Promise.resolve();
    const prefix = options.filter ? filterPrefix(options.filter) : undefined;
    const events: RecordedEvent[] = [];
    let scanned = start;
    for (let i = start; i < this.all.length && events.length < maxCount; i++) {
      const e = this.all[i] as RecordedEvent;
      scanned = i + 1;
      if (prefix === undefined || e.streamName.startsWith(prefix)) events.push(e);
    }
    // A filtered page may move past skipped events, so a rare category is not rescanned each poll.
    const nextPosition = prefix !== undefined && scanned > start ? String(scanned) : (events[events.length - 1]?.position ?? from);
    return { events: clone(events), nextPosition };
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    const sub = startPollingSubscription(
      {
        readPage: (from, maxCount, filter) => this.readAll({ fromPosition: from, maxCount, filter }),
        endPosition: async () => (this.all.length === 0 ? ALL_START : String(this.all.length)),
      },
      options,
      handler,
      this.timings,
      { register: (w) => this.wakers.add(w), unregister: (w) => this.wakers.delete(w) },
    );
    this.subscriptions.add(sub);
    void sub.done.catch(() => undefined).finally(() => this.subscriptions.delete(sub));
    return sub;
  }

  async deleteStream(streamName: string, options: DeleteOptions = {}): Promise<void> {
    validateStreamName(streamName);
    const s = this.checkDelete(streamName, options);
    if (s.revision < 0n || s.deleted) return;
    s.deleted = true;
    s.truncateBefore = s.revision + 1n;
  }

  async tombstoneStream(streamName: string, options: DeleteOptions = {}): Promise<void> {
    validateStreamName(streamName);
    this.checkDelete(streamName, options).tombstoned = true;
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    validateStreamName(streamName);
    const s = this.streams.get(streamName);
    if (!s) return {};
    if (s.tombstoned) throw new StreamDeletedError(streamName);
    return clone(s.truncateBefore > 0n ? { ...s.metadata, truncateBefore: s.truncateBefore } : s.metadata);
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    validateStreamName(streamName);
    validateMetadata(metadata);
    const s = this.stream(streamName);
    if (s.tombstoned) throw new StreamDeletedError(streamName);
    const { truncateBefore, ...rest } = clone(metadata);
    s.metadata = rest;
    if (truncateBefore !== undefined) s.truncateBefore = truncateBefore;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private stream(streamName: string): StreamRecord {
    let s = this.streams.get(streamName);
    if (!s) {
      s = { revision: -1n, deleted: false, tombstoned: false, truncateBefore: 0n, metadata: {}, events: [], ids: new Map() };
      this.streams.set(streamName, s);
    }
    return s;
  }

  private checkDelete(streamName: string, options: DeleteOptions): StreamRecord {
    const expected = options.expectedState ?? 'any';
    validateExpectedState(expected);
    const s = this.stream(streamName);
    if (s.tombstoned) throw new StreamDeletedError(streamName);
    if (!expectedStateHolds(expected, s.revision, s.deleted)) {
      throw new WrongExpectedVersionError(streamName, expected, s.revision >= 0n ? s.revision : 'no_stream');
    }
    return s;
  }
}

const bigMax = (a: bigint, b: bigint): bigint => (a > b ? a : b);

function parsePosition(position: AllPosition): number {
  if (position === ALL_START) return 0;
  if (!/^[1-9][0-9]*$/.test(position)) throw new TypeError(`not a position of the in-memory store: ${position}`);
  return Number(position);
}

/** Checkpoints in memory: for tests, and for subscriptions that keep their position elsewhere. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, AllPosition>();
  async load(subscriptionId: string): Promise<AllPosition | undefined> {
    return this.positions.get(subscriptionId);
  }
  async store(subscriptionId: string, position: AllPosition): Promise<void> {
    this.positions.set(subscriptionId, position);
  }
}
