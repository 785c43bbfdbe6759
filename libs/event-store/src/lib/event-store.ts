import type { JsonObject } from './json';

/**
 * The EventStore port: EventStoreDB/KurrentDB semantics that every adapter (PostgreSQL, KurrentDB,
 * in-memory) keeps, proven by one contract suite (`src/testing/event-store.contract.ts`).
 *
 * Revisions are 0-based per stream; `$all` positions are opaque strings owned by the adapter that
 * produced them.
 */

/** Revision of an event within its stream; the first event of a stream has revision `0n`. */
export type StreamRevision = bigint;

/**
 * What the writer believes about the stream before appending (optimistic concurrency).
 * - `'any'`: no check.
 * - `'no_stream'`: the stream must not exist (never written, or soft-deleted).
 * - `'stream_exists'`: the stream must exist.
 * - a revision: the stream's last event must have exactly this revision.
 */
export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

/** The actual state reported by {@link WrongExpectedVersionError}: the last revision, or `'no_stream'`. */
export type CurrentState = 'no_stream' | StreamRevision;

/**
 * A position in `$all`. Opaque: only the adapter that returned it can interpret it, and it is only
 * ever passed back to the same store (as a read start or a subscription checkpoint).
 * `'start'` means before the first event.
 */
export type AllPosition = string;

/** The position before the first event of `$all`. */
export const ALL_START: AllPosition = 'start';

/** An event to append. */
export interface EventData {
  /**
   * UUID of the event, unique within its stream: the key of idempotent appends. Derive it from the
   * command's idempotency key ({@link deriveEventId}) so that a retried command writes nothing twice;
   * when omitted the adapter generates a random one, which gives up that protection.
   */
  readonly id?: string;
  /** Event type name, past tense (`ClaimReported`). */
  readonly type: string;
  /** Event body; use an {@link EventCodec} to get here from a domain event (bigint fen amounts etc.). */
  readonly data: JsonObject;
  /** Correlation, causation, actor and the like. */
  readonly metadata?: JsonObject;
}

/** An event as stored. */
export interface RecordedEvent {
  readonly streamName: string;
  readonly revision: StreamRevision;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  /** When the store accepted the event (server clock). */
  readonly created: Date;
  /** Position in `$all`; always set on events read from `$all` or delivered by a subscription. */
  readonly position?: AllPosition;
}

/** Options of {@link EventStore.appendToStream}. */
export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedState?: ExpectedState;
}

/** Outcome of a successful append. */
export interface AppendResult {
  /**
   * Revision of the last event of this batch: pass it as the expected state of the next append.
   * For an idempotent replay it is the revision the original write gave that event. For an empty
   * batch it is the stream's current revision (`-1n` when the stream does not exist).
   */
  readonly nextExpectedRevision: StreamRevision;
  /** Position of the last event of this batch in `$all`, when the adapter knows it. */
  readonly position?: AllPosition;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Defaults to `'forwards'`. */
  readonly direction?: 'forwards' | 'backwards';
  /**
   * First revision to return (inclusive). Defaults to `'start'` reading forwards and `'end'` reading
   * backwards.
   */
  readonly fromRevision?: StreamRevision | 'start' | 'end';
  /** Maximum number of events to return; unlimited by default. */
  readonly maxCount?: number;
}

/** Selects streams of `$all` by name. */
export type StreamFilter =
  /** All streams of one category: `{ category: 'claim' }` selects `claim-*`, like `$ce-claim`. */
  | { readonly category: string }
  /** All streams whose name starts with this prefix. */
  | { readonly streamPrefix: string };

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to {@link ALL_START}. */
  readonly fromPosition?: AllPosition;
  /** Page size; defaults to 1000. */
  readonly maxCount?: number;
  /** Only events of matching streams. */
  readonly filter?: StreamFilter;
}

/** One page of `$all`. */
export interface AllSlice {
  /** Committed events in `$all` order; the same order on every read. */
  readonly events: RecordedEvent[];
  /**
   * Where the next page starts: pass it as `fromPosition`. Equals the input position when nothing
   * new was found. A page shorter than `maxCount` means the reader has caught up for now.
   */
  readonly nextPosition: AllPosition;
}

/** Where subscriptions keep their durable checkpoints. */
export interface CheckpointStore {
  /** The last stored position of a subscription, or undefined when it never stored one. */
  load(subscriptionId: string): Promise<AllPosition | undefined>;
  /** Stores the position of the last event the subscription has fully handled. */
  store(subscriptionId: string, position: AllPosition): Promise<void>;
}

/** Handles one delivered event; a rejection stops the subscription (see {@link Subscription.done}). */
export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

/** Options of {@link EventStore.subscribeToAll}. */
export interface SubscribeOptions {
  /** Names the subscription and keys its checkpoint. */
  readonly subscriptionId: string;
  /** Durable checkpoint storage: the subscription resumes after the last stored position. */
  readonly checkpoints: CheckpointStore;
  /** Only events of matching streams (a category subscription); all of `$all` by default. */
  readonly filter?: StreamFilter;
  /**
   * Where to begin when no checkpoint is stored: `'start'` (default), `'end'` (only events appended
   * from now on) or a position.
   */
  readonly from?: AllPosition | 'end';
  /** Events fetched per round trip (PostgreSQL, in-memory); defaults to 500. */
  readonly batchSize?: number;
  /**
   * Called when reading or checkpointing failed and the subscription will retry after `delayMs`
   * (for logging and metrics; the subscription keeps running).
   */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * A running catch-up subscription: it delivers every committed event after its checkpoint exactly
 * once per run, in `$all` order, then keeps tailing live. Delivery across runs is at-least-once:
 * events handled after the last stored checkpoint are delivered again after a crash.
 */
export interface Subscription {
  readonly subscriptionId: string;
  /** Stops after the event being handled, stores the checkpoint, and resolves when stopped. */
  stop(): Promise<void>;
  /**
   * Settles when the subscription ends: resolves after {@link Subscription.stop}, rejects with the
   * handler's error when a handler failed (the checkpoint stays before the failed event).
   */
  readonly done: Promise<void>;
}

/** Stream metadata; the system keys have EventStoreDB's meaning. */
export interface StreamMetadata {
  /** Reads show at most the last `maxCount` events. */
  readonly maxCount?: number;
  /** Reads hide events older than this many seconds. */
  readonly maxAgeSeconds?: number;
  /** Reads hide revisions below this one (soft delete sets it to last revision + 1). */
  readonly truncateBefore?: StreamRevision;
  /** Application-defined keys. */
  readonly custom?: JsonObject;
}

/** Options of {@link EventStore.deleteStream} and {@link EventStore.tombstoneStream}. */
export interface DeleteOptions {
  /** Defaults to `'any'`. */
  readonly expectedState?: ExpectedState;
}

/**
 * The event store port.
 *
 * Errors: {@link WrongExpectedVersionError} (expected state not met; nothing written),
 * {@link StreamNotFoundError} (reading a stream that was never written or is soft-deleted),
 * {@link StreamDeletedError} (any operation on a tombstoned stream),
 * {@link IdempotencyConflictError} (a batch of which only some event ids are already stored).
 */
export interface EventStore {
  /**
   * Appends a batch atomically, after checking `expectedState` under a per-stream lock.
   *
   * Idempotent by event id: when every id of the batch is already in the stream the call succeeds
   * and writes nothing (whatever `expectedState` says), so a retry after an ambiguous failure (a
   * timeout during COMMIT) has exactly one effect. When only some ids are present it throws
   * {@link IdempotencyConflictError} (KurrentDB may report {@link WrongExpectedVersionError}).
   * Appending to a soft-deleted stream continues it at the next revision.
   */
  appendToStream(streamName: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * Reads a stream forwards or backwards from a revision (inclusive). Events hidden by the stream's
   * metadata (soft delete, `truncateBefore`, `maxCount`, `maxAgeSeconds`) are not returned.
   * @throws StreamNotFoundError when the stream was never written or is soft-deleted.
   * @throws StreamDeletedError when the stream is tombstoned.
   */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Reads one page of `$all`: every committed event exactly once, in an order that is stable across
   * re-reads. Stream metadata does not hide events here (as in EventStoreDB before a scavenge).
   */
  readAll(options?: ReadAllOptions): Promise<AllSlice>;

  /**
   * Starts a catch-up subscription over `$all` or a category, from the stored checkpoint, with a
   * live tail. Transient failures (connection loss, server restart) are retried with back-off.
   */
  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription;

  /**
   * Soft delete: reads fail with {@link StreamNotFoundError} until the next append, which continues
   * the stream at the next revision and hides the events before it.
   */
  deleteStream(streamName: string, options?: DeleteOptions): Promise<void>;

  /** Hard delete: from now on reads, appends and metadata changes fail with {@link StreamDeletedError}. */
  tombstoneStream(streamName: string, options?: DeleteOptions): Promise<void>;

  /** The stream's metadata; `{}` when none was set. */
  getStreamMetadata(streamName: string): Promise<StreamMetadata>;

  /** Replaces the stream's metadata (a `truncateBefore` left out keeps the current one). */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void>;

  /** Stops all subscriptions started by this store and releases its connections. */
  close(): Promise<void>;
}

/** The stream-name prefix a filter selects. */
export function filterPrefix(filter: StreamFilter): string {
  return 'category' in filter ? `${filter.category}-` : filter.streamPrefix;
}
