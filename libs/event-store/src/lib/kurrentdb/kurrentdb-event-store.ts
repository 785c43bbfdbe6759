import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendStreamState,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
  type StreamMetadata as KurrentStreamMetadata,
} from '@kurrent/kurrentdb-client';
import { backoffDelay, DEFAULT_BACKOFF, Waker, type BackoffPolicy } from '../backoff';
import { StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import {
  ALL_START,
  filterPrefix,
  type AllPosition,
  type AllSlice,
  type AppendOptions,
  type AppendResult,
  type DeleteOptions,
  type EventData,
  type EventHandler,
  type EventStore,
  type ExpectedState,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamFilter,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import type { JsonObject } from '../json';
import { prepareEvents, validateExpectedState, validateMaxCount, validateMetadata, validateReadStream, validateStreamName } from '../validation';
import { isTransientKurrentError, mapKurrentError } from './kurrentdb-errors';

/** Options of {@link KurrentDbEventStore}. */
export interface KurrentDbEventStoreOptions {
  readonly client: KurrentDBClient;
  /** Whether {@link KurrentDbEventStore.close} disposes the client; defaults to false. */
  readonly ownsClient?: boolean;
  /** Back-off between resubscriptions after a failure. */
  readonly retry?: BackoffPolicy;
}

const POSITION = /^([0-9]{1,20})\/([0-9]{1,20})$/;

/** `$all` positions of this adapter: `"<commit>/<prepare>"`. */
function parsePosition(position: AllPosition): Position | undefined {
  if (position === ALL_START) return undefined;
  const m = POSITION.exec(position);
  if (!m) throw new TypeError(`not a position of the KurrentDB event store: ${position}`);
  return { commit: BigInt(m[1] as string), prepare: BigInt(m[2] as string) };
}
const formatPosition = (p: Position): AllPosition => `${p.commit}/${p.prepare}`;
const samePosition = (a: Position, b: Position): boolean => a.commit === b.commit && a.prepare === b.prepare;
const isAfter = (a: Position, b: Position): boolean => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

function toStreamState(expected: ExpectedState): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

// Server-side events ($metadata, $streamDeleted, projections' links) are not the application's.
const isSystemEvent = (e: KurrentRecordedEvent): boolean => e.type.startsWith('$') || e.streamId.startsWith('$');

function toFilter(filter: StreamFilter | undefined): Filter {
  return filter ? streamNameFilter({ prefixes: [filterPrefix(filter)] }) : excludeSystemEvents();
}

function asJsonObject(value: unknown): JsonObject {
  if (value instanceof Uint8Array) {
    if (value.length === 0) return {};
    try {
      return asJsonObject(JSON.parse(Buffer.from(value).toString('utf8')));
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

function toRecorded(e: KurrentRecordedEvent): RecordedEvent {
  return {
    streamName: e.streamId,
    revision: e.revision,
    id: e.id,
    type: e.type,
    data: asJsonObject(e.data),
    metadata: asJsonObject(e.metadata),
    created: e.created,
    ...(e.position ? { position: formatPosition(e.position) } : {}),
  };
}

const SYSTEM_METADATA_KEYS = new Set(['maxAge', 'maxCount', 'truncateBefore', 'cacheControl', 'acl']);

/**
 * The event store on KurrentDB (EventStoreDB's successor) through `@kurrent/kurrentdb-client` 1.x.
 * Category subscriptions use a server-side stream-name prefix filter on `$all`, which needs no
 * system projection (`$ce-*` would need `--run-projections`). Checkpoints go to the given
 * {@link CheckpointStore} (e.g. {@link PostgresCheckpointStore}).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly ownsClient: boolean;
  private readonly retry: BackoffPolicy;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = options.client;
    this.ownsClient = options.ownsClient ?? false;
    this.retry = options.retry ?? DEFAULT_BACKOFF;
  }

  /** A store with its own client, e.g. from `kurrentdb://127.0.0.1:2113?tls=false`. */
  static fromConnectionString(connectionString: string, options: Omit<KurrentDbEventStoreOptions, 'client' | 'ownsClient'> = {}): KurrentDbEventStore {
    return new KurrentDbEventStore({ ...options, client: KurrentDBClient.connectionString(connectionString), ownsClient: true });
  }

  async appendToStream(streamName: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedState ?? 'any';
    validateExpectedState(expected);
    const batch = prepareEvents(streamName, events);
    try {
      const result = await this.client.appendToStream(
        streamName,
        batch.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
        { streamState: toStreamState(expected) },
      );
      return { nextExpectedRevision: result.nextExpectedRevision, ...(result.position ? { position: formatPosition(result.position) } : {}) };
    } catch (e) {
      throw mapKurrentError(e, streamName, expected);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(streamName);
    validateReadStream(options);
    if (options.maxCount === 0) {
      // The server treats 0 as "no limit"; still answer whether the stream exists.
      await this.readStream(streamName, { ...options, maxCount: 1 });
      return [];
    }
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        if (resolved.event) out.push(toRecorded(resolved.event));
      }
    } catch (e) {
      throw mapKurrentError(e, streamName);
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<AllSlice> {
    const maxCount = options.maxCount ?? 1000;
    validateMaxCount(maxCount);
    const from = options.fromPosition ?? ALL_START;
    const after = parsePosition(from);
    const events: RecordedEvent[] = [];
    let scanned: Position | undefined;
    try {
      // The server's start position is inclusive, the port's exclusive: skip the event at `after`.
      for await (const resolved of this.client.readAll({
        fromPosition: after ?? START,
        maxCount: maxCount + (after ? 1 : 0),
        filter: toFilter(options.filter),
      })) {
        const e = resolved.event;
        if (!e?.position) continue;
        if (after && !isAfter(e.position, after)) continue;
        scanned = e.position;
        if (!isSystemEvent(e)) events.push(toRecorded(e));
        if (events.length >= maxCount) break;
      }
    } catch (e) {
      throw mapKurrentError(e, '$all');
    }
    return { events, nextPosition: scanned ? formatPosition(scanned) : from };
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    const { subscriptionId, checkpoints } = options;
    const waker = new Waker();
    let stopping = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    class HandlerFailure {
      constructor(readonly error: unknown) {}
    }

    const run = async (): Promise<void> => {
      let position: AllPosition | 'end' | undefined;
      let failures = 0;
      while (!stopping) {
        try {
          position ??= (await checkpoints.load(subscriptionId)) ?? options.from ?? ALL_START;
          const last = position === 'end' ? undefined : parsePosition(position);
          const fromPosition: ReadPosition = position === 'end' ? END : (last ?? START);
          const sub = this.client.subscribeToAll({ fromPosition, filter: toFilter(options.filter) });
          unsubscribe = () => sub.unsubscribe();
          try {
            for await (const resolved of sub) {
              if (stopping) break;
              failures = 0;
              const e = resolved.event;
              if (!e?.position || isSystemEvent(e)) continue;
              // A resubscription may replay the event at the checkpoint; deliver it once per run.
              const current = position === 'end' ? undefined : parsePosition(position);
              if (current && (samePosition(e.position, current) || !isAfter(e.position, current))) continue;
              const recorded = toRecorded(e);
              try {
                await handler(recorded);
              } catch (error) {
                throw new HandlerFailure(error);
              }
              position = recorded.position as AllPosition;
              await checkpoints.store(subscriptionId, position);
            }
          } finally {
            unsubscribe = undefined;
            await sub.unsubscribe().catch(() => undefined);
          }
        } catch (error) {
          if (error instanceof HandlerFailure) throw error.error;
          if (stopping) break;
          // Bad arguments and refusals such as access denied do not heal; a lost server does.
          if (error instanceof TypeError || error instanceof RangeError || !isTransientKurrentError(error)) throw error;
          failures += 1;
          const delay = backoffDelay(failures, this.retry);
          options.onRetry?.(error, failures, delay);
          await waker.sleep(delay);
        }
      }
    };

    const done = run();
    done.catch(() => undefined);
    const sub: Subscription = {
      subscriptionId,
      done,
      stop: async () => {
        stopping = true;
        waker.wake();
        await unsubscribe?.().catch(() => undefined);
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(sub);
    void done.catch(() => undefined).finally(() => this.subscriptions.delete(sub));
    return sub;
  }

  async deleteStream(streamName: string, options: DeleteOptions = {}): Promise<void> {
    await this.delete(streamName, options, false);
  }

  async tombstoneStream(streamName: string, options: DeleteOptions = {}): Promise<void> {
    await this.delete(streamName, options, true);
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    validateStreamName(streamName);
    let metadata: KurrentStreamMetadata | undefined;
    try {
      ({ metadata } = await this.client.getStreamMetadata(streamName));
    } catch (e) {
      const mapped = mapKurrentError(e, streamName);
      if (mapped instanceof StreamNotFoundError) return {};
      throw mapped;
    }
    if (!metadata) return {};
    const custom: JsonObject = {};
    for (const [k, v] of Object.entries(metadata)) if (!SYSTEM_METADATA_KEYS.has(k)) custom[k] = v as JsonObject[string];
    return {
      ...(metadata.maxCount !== undefined ? { maxCount: metadata.maxCount } : {}),
      ...(metadata.maxAge !== undefined ? { maxAgeSeconds: metadata.maxAge } : {}),
      ...(typeof metadata.truncateBefore === 'number' ? { truncateBefore: BigInt(metadata.truncateBefore) } : {}),
      ...(Object.keys(custom).length > 0 ? { custom } : {}),
    };
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    validateStreamName(streamName);
    validateMetadata(metadata);
    // KurrentDB replaces metadata wholesale; the port keeps a truncateBefore left out (a soft delete).
    const truncateBefore = metadata.truncateBefore ?? (await this.getStreamMetadata(streamName)).truncateBefore;
    const next: KurrentStreamMetadata = {
      ...metadata.custom,
      ...(metadata.maxCount !== undefined ? { maxCount: metadata.maxCount } : {}),
      ...(metadata.maxAgeSeconds !== undefined ? { maxAge: metadata.maxAgeSeconds } : {}),
      ...(truncateBefore !== undefined ? { truncateBefore: Number(truncateBefore) } : {}),
    };
    try {
      await this.client.setStreamMetadata(streamName, next);
    } catch (e) {
      throw mapKurrentError(e, streamName);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private async delete(streamName: string, options: DeleteOptions, tombstone: boolean): Promise<void> {
    validateStreamName(streamName);
    let expected = options.expectedState ?? 'any';
    validateExpectedState(expected);
    if (expected === 'stream_exists') {
      // Deletes take no "stream exists" state: check it through the last revision, which the server
      // then verifies atomically.
      let last: RecordedEvent | undefined;
      try {
        [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
      } catch (e) {
        if (!(e instanceof StreamNotFoundError)) throw e;
      }
      if (!last) throw new WrongExpectedVersionError(streamName, 'stream_exists', 'no_stream');
      expected = last.revision;
    }
    const expectedRevision = expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : expected;
    try {
      if (tombstone) await this.client.tombstoneStream(streamName, { expectedRevision });
      else await this.client.deleteStream(streamName, { expectedRevision });
    } catch (e) {
      throw mapKurrentError(e, streamName, options.expectedState ?? 'any');
    }
  }
}
