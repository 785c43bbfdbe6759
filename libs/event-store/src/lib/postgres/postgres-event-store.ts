import type { Pool } from 'pg';
import { backoffDelay, sleep, type BackoffPolicy, type Waker } from '../backoff';
import { IdempotencyConflictError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
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
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import type { JsonObject } from '../json';
import { DEFAULT_POLLING, startPollingSubscription, type PollingTimings } from '../polling-subscription';
import { prepareEvents, revisionBound, validateExpectedState, validateMaxCount, validateMetadata, validateReadStream, validateStreamName } from '../validation';
import { runMigrations } from './migrations';
import { createEventStorePool, guardPool, isTransientPgError, type EventStorePoolOptions } from './pool';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { CHECKPOINT_MIGRATIONS, EVENT_STORE_MIGRATIONS, SQLSTATE } from './schema';

/** Options of {@link PostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /**
   * Preferably from {@link createEventStorePool}, which also pins the type parsers the store relies
   * on; an error listener is added to any other pool.
   */
  readonly pool: Pool;
  /** Whether {@link PostgresEventStore.close} ends the pool; defaults to false. */
  readonly ownsPool?: boolean;
  /** Poll intervals and failure back-off of subscriptions. */
  readonly polling?: Partial<PollingTimings>;
  /**
   * Retries of an operation that failed transiently (connection lost, server restarting); appends
   * are idempotent by event id, so retrying an ambiguous append is safe. Defaults: 4 attempts,
   * 50 ms to 1 s back-off.
   */
  readonly retry?: { readonly attempts?: number; readonly backoff?: BackoffPolicy };
}

/** Options of {@link PostgresEventStore.connect}. */
export interface PostgresConnectOptions extends EventStorePoolOptions, Omit<PostgresEventStoreOptions, 'pool' | 'ownsPool'> {
  /** Apply pending migrations first; defaults to true. */
  readonly migrate?: boolean;
}

interface EventRow {
  tx_id: string;
  global_position: string;
  stream_name: string;
  revision: string;
  event_id: string;
  event_type: string;
  data: JsonObject;
  metadata: JsonObject;
  created_at: Date;
}

const MAX_BIGINT = '9223372036854775807';
const POSITION = /^([0-9]{1,20}):([0-9]{1,19})$/;

/** `$all` positions of this adapter: `"<tx_id>:<global_position>"`, the sort key of `$all`. */
function parsePosition(position: AllPosition): [tx: bigint, pos: bigint] {
  if (position === ALL_START) return [0n, 0n];
  const m = POSITION.exec(position);
  if (!m) throw new TypeError(`not a position of the PostgreSQL event store: ${position}`);
  return [BigInt(m[1] as string), BigInt(m[2] as string)];
}
const formatPosition = (tx: string | bigint, pos: string | bigint): AllPosition => `${tx}:${pos}`;
const positionAfter = (a: [bigint, bigint], b: [bigint, bigint]): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

const EVENT_COLUMNS = `e.tx_id::text AS tx_id, e.global_position, e.stream_name, e.revision, e.event_id, e.event_type, e.data, e.metadata, e.created_at`;

function readStreamSql(direction: 'forwards' | 'backwards'): string {
  const forwards = direction === 'forwards';
  return `
SELECT s.revision AS stream_revision, s.deleted, s.tombstoned, ${EVENT_COLUMNS}
  FROM es_streams s
  LEFT JOIN LATERAL (
    SELECT * FROM es_events e
     WHERE e.stream_name = s.stream_name
       AND e.revision ${forwards ? '>=' : '<='} $2::bigint
       AND e.revision >= greatest(s.truncate_before,
             CASE WHEN s.metadata ? 'maxCount' THEN s.revision - (s.metadata->>'maxCount')::bigint + 1 ELSE 0 END)
       AND (NOT s.metadata ? 'maxAgeSeconds'
            OR e.created_at >= now() - make_interval(secs => (s.metadata->>'maxAgeSeconds')::double precision))
     ORDER BY e.revision ${forwards ? 'ASC' : 'DESC'}
     LIMIT $3
  ) e ON NOT s.deleted AND NOT s.tombstoned
 WHERE s.stream_name = $1
 ORDER BY e.revision ${forwards ? 'ASC' : 'DESC'}`;
}

// Only below the xmin horizon: every transaction there has finished, so the page can never gain a
// row later (see schema.ts). The horizon comes back even when no event does.
const READ_ALL_SQL = `
SELECT h.horizon::text AS horizon, ${EVENT_COLUMNS}
  FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h
  LEFT JOIN LATERAL (
    SELECT * FROM es_events e
     WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
       AND e.tx_id < h.horizon
     ORDER BY e.tx_id, e.global_position
     LIMIT $3
  ) e ON true
 ORDER BY e.tx_id, e.global_position`;

// A filtered read scans one window of `$all` in index order ($5 rows at most) and keeps the matching
// events ($3 at most), also answering where the window ended. Filtering inside a LIMITed index-order
// scan would leave the plan to the table's statistics: on a freshly loaded table (not yet analysed) the
// planner expects few matches and reads every remaining row into a sort, for every page, which made a
// catch-up over a backlog quadratic. The window's own LIMIT keeps each statement to an index range scan.
const READ_ALL_WINDOW_SQL = `
WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon),
     w AS (SELECT e.* FROM es_events e, h
            WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint) AND e.tx_id < h.horizon
            ORDER BY e.tx_id, e.global_position
            LIMIT $5),
     window_end AS (SELECT count(*) AS scanned, max(w.tx_id)::text AS last_tx FROM w),
     window_last AS (SELECT w.global_position AS last_position FROM w, window_end WHERE w.tx_id::text = window_end.last_tx ORDER BY w.global_position DESC LIMIT 1),
     hits AS (SELECT * FROM w WHERE starts_with(w.stream_name, $4) ORDER BY w.tx_id, w.global_position LIMIT $3)
SELECT h.horizon::text AS horizon, window_end.scanned::int AS scanned, window_end.last_tx, window_last.last_position::text AS last_position, ${EVENT_COLUMNS}
  FROM h CROSS JOIN window_end LEFT JOIN window_last ON true LEFT JOIN hits e ON true
 ORDER BY e.tx_id, e.global_position`;

/** Rows of `$all` one filtered statement scans at most, per event asked for (bounded below and above). */
const windowFor = (maxCount: number): number => Math.min(Math.max(maxCount, 200), 5_000);

const SQL = {
  append: 'SELECT next_revision, last_tx, last_position FROM es_append($1, $2, $3, $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])',
  appendChecked: 'SELECT next_revision, last_tx, last_position FROM es_append_checked($1, $2, $3, $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])',
  readForwards: readStreamSql('forwards'),
  readBackwards: readStreamSql('backwards'),
  readAll: READ_ALL_SQL,
  readAllWindow: READ_ALL_WINDOW_SQL,
  delete: 'SELECT es_delete($1, $2, $3, $4)',
  horizon: 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
  getMetadata: 'SELECT metadata, truncate_before, tombstoned FROM es_streams WHERE stream_name = $1',
  setMetadata: `
INSERT INTO es_streams (stream_name, metadata, truncate_before) VALUES ($1, $2::jsonb, coalesce($3::bigint, 0))
ON CONFLICT (stream_name) DO UPDATE
   SET metadata = EXCLUDED.metadata, truncate_before = coalesce($3::bigint, es_streams.truncate_before)
 WHERE NOT es_streams.tombstoned
RETURNING 1`,
} as const;

// An escaped U+0000 (an odd run of backslashes before u0000), which jsonb refuses.
const NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** JSON text for a jsonb parameter; jsonb cannot hold U+0000, so fail with a clear message before the round trip. */
function jsonbText(streamName: string, value: JsonObject): string {
  const text = JSON.stringify(value);
  if (NUL_ESCAPE.test(text)) throw new TypeError(`${streamName}: PostgreSQL jsonb cannot store the character U+0000`);
  return text;
}

/** The first `maxCount` events of a slice, and the position after them. */
function firstOf(slice: AllSlice, maxCount: number): AllSlice {
  if (slice.events.length <= maxCount) return { events: [...slice.events], nextPosition: slice.nextPosition };
  const events = slice.events.slice(0, maxCount);
  return { events, nextPosition: events[events.length - 1]?.position ?? slice.nextPosition };
}

/** What es_append answers. */
type AppendRow = { next_revision: string; last_tx: string | null; last_position: string | null };

/** es_append's seven parameters for an append, after validating it. */
function appendArguments(streamName: string, events: readonly EventData[], options: AppendOptions) {
  const expected = options.expectedState ?? 'any';
  validateExpectedState(expected);
  const batch = prepareEvents(streamName, events);
  const values: unknown[] = [
    streamName,
    ...expectedParams(expected),
    batch.map((e) => e.id),
    batch.map((e) => e.type),
    batch.map((e) => jsonbText(streamName, e.data)),
    batch.map((e) => jsonbText(streamName, e.metadata)),
  ];
  return { expected, batch, values };
}

/** The expected state as the SQL functions take it: a kind and, for an exact revision, the revision. */
const expectedParams = (e: ExpectedState): [kind: string, revision: string | null] => (typeof e === 'bigint' ? ['revision', e.toString()] : [e, null]);

/** The fast path met a replay whose expected state still held (see es_append). */
const isReplayConflict = (e: unknown): boolean => (e as { code?: string; constraint?: string })?.code === '23505' && (e as { constraint?: string }).constraint === 'es_events_stream_name_event_id_key';

/**
 * The event store on PostgreSQL (>= 13 for xid8): see `schema.ts` for the design. Works with
 * `synchronous_commit = on` (the default), so an acknowledged append survives a crash.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly timings: PollingTimings;
  private readonly attempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly wakers = new Set<Waker>();
  private readonly subscriptions = new Set<Subscription>();
  /** `$all` reads in flight, by filter and start position, that a read asking for no more can share. */
  private readonly sharedReads = new Map<string, { readonly maxCount: number; readonly slice: Promise<AllSlice> }>();

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.ownsPool = options.ownsPool ?? false;
    this.timings = { ...DEFAULT_POLLING, ...options.polling };
    this.attempts = options.retry?.attempts ?? 4;
    this.backoff = options.retry?.backoff ?? { initialMs: 50, maxMs: 1_000 };
    if (this.pool.listenerCount('error') === 0) guardPool(this.pool);
  }

  /** Creates a pool (see {@link createEventStorePool}), migrates the schema, and returns a store owning the pool. */
  static async connect(options: PostgresConnectOptions): Promise<PostgresEventStore> {
    const pool = createEventStorePool(options);
    try {
      if (options.migrate ?? true) await PostgresEventStore.migrate(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PostgresEventStore({ ...options, pool, ownsPool: true });
  }

  /** Applies the pending migrations of the event store and checkpoint tables. */
  static async migrate(pool: Pool): Promise<void> {
    await runMigrations(pool, EVENT_STORE_MIGRATIONS);
    await runMigrations(pool, CHECKPOINT_MIGRATIONS);
  }

  /** A checkpoint store in the same database. */
  checkpointStore(): PostgresCheckpointStore {
    return new PostgresCheckpointStore(this.pool);
  }

  async appendToStream(streamName: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const { expected, batch, values } = appendArguments(streamName, events, options);
    const { rows } = await this.run(streamName, expected, async () => {
      try {
        return await this.pool.query<AppendRow>({ name: 'fpi_es_append', text: SQL.append, values });
      } catch (e) {
        if (!isReplayConflict(e)) throw e;
        return this.pool.query<AppendRow>({ name: 'fpi_es_append_checked', text: SQL.appendChecked, values });
      }
    });
    const row = rows[0];
    if (!row) throw new Error(`${streamName}: es_append returned no row`);
    return this.appended(row, batch.length);
  }

  /**
   * PostgreSQL only: appends as {@link appendToStream} does, in the same statement as the caller's `guard`
   * (a data-modifying statement such as `INSERT ... ON CONFLICT DO NOTHING RETURNING 1`, with parameters
   * `$1..$n`), and only if the guard returned a row: one round trip, one transaction, so the guard's row
   * is committed exactly when the events are. Answers null when the guard returned no row (nothing was
   * appended); a failed append (a wrong expected state, say) takes the guard's write back with it.
   */
  async appendToStreamGuarded(
    streamName: string,
    events: readonly EventData[],
    options: AppendOptions,
    guard: { readonly text: string; readonly values: readonly unknown[] },
  ): Promise<AppendResult | null> {
    const { expected, batch, values } = appendArguments(streamName, events, options);
    const p = (i: number) => `$${guard.values.length + i}`;
    // The stream name is only known to es_append through the guard's row, so es_append runs once per row
    // the guard returned (at most one), and not at all when it returned none.
    const text = `WITH guard AS (${guard.text})
SELECT a.next_revision, a.last_tx, a.last_position
  FROM (SELECT true AS ok FROM guard LIMIT 1) g
 CROSS JOIN LATERAL es_append(CASE WHEN g.ok THEN ${p(1)}::text END, ${p(2)}, ${p(3)}, ${p(4)}::uuid[], ${p(5)}::text[], ${p(6)}::jsonb[], ${p(7)}::jsonb[]) a`;
    const { rows } = await this.run(streamName, expected, () => this.pool.query<AppendRow>(text, [...guard.values, ...values]));
    const row = rows[0];
    return row ? this.appended(row, batch.length) : null;
  }

  /** The result of an append that wrote `count` events (waking this store's subscriptions when it wrote any). */
  private appended(row: AppendRow, count: number): AppendResult {
    if (count > 0) for (const w of this.wakers) w.wake();
    return {
      nextExpectedRevision: BigInt(row.next_revision),
      ...(row.last_tx !== null && row.last_position !== null ? { position: formatPosition(row.last_tx, row.last_position) } : {}),
    };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(streamName);
    validateReadStream(options);
    const backwards = options.direction === 'backwards';
    const from = revisionBound(options.fromRevision ?? (backwards ? 'end' : 'start'));
    const { rows } = await this.run(streamName, undefined, () =>
      this.pool.query<EventRow & { stream_revision: string; deleted: boolean; tombstoned: boolean }>({
        name: backwards ? 'fpi_es_read_backwards' : 'fpi_es_read_forwards',
        text: backwards ? SQL.readBackwards : SQL.readForwards,
        values: [streamName, from.toString(), options.maxCount ?? null],
      }),
    );
    const head = rows[0];
    if (head?.tombstoned) throw new StreamDeletedError(streamName);
    if (!head || head.deleted || BigInt(head.stream_revision) < 0n) throw new StreamNotFoundError(streamName);
    return head.event_id === null ? [] : rows.map(toRecorded);
  }

  /**
   * Readers of one process that follow `$all` together (a relay and projections, each woken by the same
   * append) ask for the same page at about the same time: a read from the same position with the same
   * filter, asking for no more events than one already in flight, shares that statement (and gets at most
   * what it asked for). It sees `$all` as of when the shared statement started, which a polling reader
   * cannot tell from having asked a moment earlier. The recorded events are shared objects: read-only.
   */
  async readAll(options: ReadAllOptions = {}): Promise<AllSlice> {
    const maxCount = options.maxCount ?? 1000;
    validateMaxCount(maxCount);
    const from = options.fromPosition ?? ALL_START;
    const prefix = options.filter ? filterPrefix(options.filter) : undefined;
    const key = `${prefix ?? '$all'}\n${from}`;
    const shared = this.sharedReads.get(key);
    if (shared !== undefined && shared.maxCount >= maxCount) return firstOf(await shared.slice, maxCount);
    const slice = this.readAllOnce(from, maxCount, prefix);
    const entry = { maxCount, slice };
    this.sharedReads.set(key, entry);
    const done = () => {
      if (this.sharedReads.get(key) === entry) this.sharedReads.delete(key);
    };
    slice.then(done, done);
    return slice;
  }

  private async readAllOnce(from: AllPosition, maxCount: number, prefix: string | undefined): Promise<AllSlice> {
    const after = parsePosition(from);
    if (prefix !== undefined) return this.readAllFiltered(after, from, maxCount, prefix);
    const { rows } = await this.run('$all', undefined, () =>
      this.pool.query<Partial<EventRow> & { horizon: string }>({ name: 'fpi_es_read_all', text: SQL.readAll, values: [after[0].toString(), after[1].toString(), maxCount] }),
    );
    const events = rows.filter((r) => r.event_id !== null && r.event_id !== undefined).map((r) => toRecorded(r as EventRow));
    return { events, nextPosition: events[events.length - 1]?.position ?? from };
  }

  /**
   * Window after window in `$all` order until `maxCount` events matched or the horizon is reached, so a
   * page is short only when nothing more matches below the horizon (what callers take as "caught up").
   */
  private async readAllFiltered(after: [bigint, bigint], from: AllPosition, maxCount: number, prefix: string): Promise<AllSlice> {
    const window = windowFor(maxCount);
    const events: RecordedEvent[] = [];
    let cursor = after;
    for (;;) {
      const { rows } = await this.run('$all', undefined, () =>
        this.pool.query<Partial<EventRow> & { horizon: string; scanned: number; last_tx: string | null; last_position: string | null }>({
          name: 'fpi_es_read_all_window',
          text: SQL.readAllWindow,
          values: [cursor[0].toString(), cursor[1].toString(), maxCount - events.length, prefix, window],
        }),
      );
      for (const r of rows) if (r.event_id !== null && r.event_id !== undefined) events.push(toRecorded(r as EventRow));
      const head = rows[0];
      if (events.length >= maxCount) return { events, nextPosition: events[events.length - 1]?.position ?? from };
      if (head && head.scanned >= window && head.last_tx !== null && head.last_position !== null) {
        // The window was full: more rows follow it below the horizon. Continue after it.
        cursor = [BigInt(head.last_tx), BigInt(head.last_position)];
        continue;
      }
      // Nothing below the horizon is left to match, and nothing new can appear there: move the position
      // up to it, so that a rare category does not rescan the same rows on every poll.
      const scanned: [bigint, bigint] = [BigInt(head?.horizon ?? '1') - 1n, BigInt(MAX_BIGINT)];
      const last = events[events.length - 1]?.position;
      const nextPosition = positionAfter(scanned, after) ? formatPosition(scanned[0], scanned[1]) : (last ?? from);
      return { events, nextPosition };
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    const sub = startPollingSubscription(
      {
        readPage: (from, maxCount, filter) => this.readAll({ fromPosition: from, maxCount, ...(filter ? { filter } : {}) }),
        endPosition: async () => {
          const { rows } = await this.pool.query<{ horizon: string }>(SQL.horizon);
          return formatPosition(BigInt(rows[0]?.horizon ?? '1') - 1n, MAX_BIGINT);
        },
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
    await this.delete(streamName, options, false);
  }

  async tombstoneStream(streamName: string, options: DeleteOptions = {}): Promise<void> {
    await this.delete(streamName, options, true);
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    validateStreamName(streamName);
    const { rows } = await this.run(streamName, undefined, () =>
      this.pool.query<{ metadata: JsonObject; truncate_before: string; tombstoned: boolean }>(SQL.getMetadata, [streamName]),
    );
    const row = rows[0];
    if (!row) return {};
    if (row.tombstoned) throw new StreamDeletedError(streamName);
    const truncateBefore = BigInt(row.truncate_before);
    return { ...(row.metadata as StreamMetadata), ...(truncateBefore > 0n ? { truncateBefore } : {}) };
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    validateStreamName(streamName);
    validateMetadata(metadata);
    const { truncateBefore, ...rest } = metadata;
    const { rowCount } = await this.run(streamName, undefined, () =>
      this.pool.query(SQL.setMetadata, [streamName, JSON.stringify(rest), truncateBefore?.toString() ?? null]),
    );
    if (rowCount === 0) throw new StreamDeletedError(streamName);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsPool) await this.pool.end();
  }

  private async delete(streamName: string, options: DeleteOptions, tombstone: boolean): Promise<void> {
    validateStreamName(streamName);
    const expected = options.expectedState ?? 'any';
    validateExpectedState(expected);
    await this.run(streamName, expected, () => this.pool.query(SQL.delete, [streamName, ...expectedParams(expected), tombstone]));
  }

  /** Runs one statement, retrying transient failures and mapping the functions' SQLSTATEs to typed errors. */
  private async run<T>(streamName: string, expected: ExpectedState | undefined, op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (e) {
        const mapped = mapError(e, streamName, expected);
        if (mapped !== e || !isTransientPgError(e) || attempt >= this.attempts) throw mapped;
        await sleep(backoffDelay(attempt, this.backoff));
      }
    }
  }
}

function mapError(e: unknown, streamName: string, expected: ExpectedState | undefined): unknown {
  const { code, detail } = (e ?? {}) as { code?: string; detail?: string };
  switch (code) {
    case SQLSTATE.wrongExpectedVersion:
      return new WrongExpectedVersionError(streamName, expected ?? 'any', !detail || detail === 'no_stream' ? 'no_stream' : BigInt(detail));
    case SQLSTATE.streamDeleted:
      return new StreamDeletedError(streamName);
    case SQLSTATE.idempotencyConflict:
      return new IdempotencyConflictError(streamName);
    default:
      return e;
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamName: row.stream_name,
    revision: BigInt(row.revision),
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    created: row.created_at,
    position: formatPosition(row.tx_id, row.global_position),
  };
}

