import { Pool, types as pgTypes, type CustomTypesConfig, type PoolConfig } from 'pg';

/** Options of {@link createEventStorePool}. */
export interface EventStorePoolOptions {
  readonly connectionString: string;
  /** Defaults to 10. */
  readonly max?: number;
  /**
   * `idle_in_transaction_session_timeout` of every session, in ms (default 10 000). A transaction
   * left open holds the `$all` horizon back and stalls every subscription of the cluster, so
   * PostgreSQL ends it rather than let it stall readers indefinitely.
   */
  readonly idleInTransactionTimeoutMs?: number;
  /**
   * Called when an idle pooled connection fails (PostgreSQL restart, connection killed). The pool
   * drops that connection and opens a new one on demand; without a listener the error would crash
   * the process (node-postgres #2762).
   */
  readonly onError?: (error: Error) => void;
  /** Any further node-postgres pool settings. */
  readonly pool?: Omit<PoolConfig, 'connectionString'>;
}

// node-postgres type parsers are process-wide and other libraries change them (Emmett's dumbo turns
// int8 into BigInt and jsonb into its own deserializer). The store pins the ones it reads.
const PINNED_PARSERS: Record<number, (text: string) => unknown> = {
  20: (text) => text, // int8: exact as text, converted with BigInt()
  114: (text) => JSON.parse(text), // json
  3802: (text) => JSON.parse(text), // jsonb
};

/** Type parsers of the event store's connections, independent of global changes to pg.types. */
export const eventStoreTypeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format !== 'binary' && PINNED_PARSERS[oid]) || pgTypes.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};

/** A node-postgres pool set up for the event store: session timeouts, keep-alive, error listener, pinned type parsers. */
export function createEventStorePool(options: EventStorePoolOptions): Pool {
  const pool = new Pool({
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'fpi-event-store',
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 10_000,
    types: eventStoreTypeParsers,
    ...options.pool,
    connectionString: options.connectionString,
  });
  guardPool(pool, options.onError);
  return pool;
}

/** Attaches the error listener without which an idle client's failure crashes the process. */
export function guardPool(pool: Pool, onError: (error: Error) => void = () => undefined): void {
  pool.on('error', onError);
}

const TRANSIENT_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '25P03', // idle_in_transaction_session_timeout
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'connection error',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated due to connection timeout',
  'terminating connection',
];

/**
 * True for failures that a retry can outlive: the connection broke (class 08), the server is restarting,
 * or is short of resources (class 53: too many connections, out of memory, disk full). Such a failure
 * during an append is ambiguous (it may have committed); the append is idempotent by event id, so the
 * retry is still safe.
 */
export function isTransientPgError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08') || code.startsWith('53'))) return true;
  return TRANSIENT_MESSAGES.some((m) => error.message.includes(m));
}
