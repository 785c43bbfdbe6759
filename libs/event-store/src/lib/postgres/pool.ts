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

export { isTransientPgError } from './transient-errors';
