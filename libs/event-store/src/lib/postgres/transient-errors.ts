/**
 * Which PostgreSQL failures a retry can outlive. A file of its own, published as the entry point
 * `@fpi/event-store/postgres-errors`: the messaging and platform libraries classify driver errors with it
 * without loading the event store, whose KurrentDB client alone costs every process about 200 ms at start.
 */
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

/** How deep wrapped errors are searched for the driver's own error. */
const MAX_WRAPPING_DEPTH = 5;

/**
 * True for failures that a retry can outlive: the connection broke (class 08), the server is restarting,
 * or is short of resources (class 53: too many connections, out of memory, disk full), or a transaction
 * lost a serialization conflict or a deadlock. Such a failure during an append is ambiguous (it may have
 * committed); the append is idempotent by event id, so the retry is still safe. Callers and ORMs wrap the
 * driver's error, so `cause` chains, TypeORM's `driverError` and AggregateError members (Node's
 * multi-address connect) are looked through.
 */
export function isTransientPgError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > MAX_WRAPPING_DEPTH) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08') || code.startsWith('53'))) return true;
  if (TRANSIENT_MESSAGES.some((m) => error.message.includes(m))) return true;
  const wrapped = [(error as { driverError?: unknown }).driverError, error.cause, ...(error instanceof AggregateError ? error.errors : [])];
  return wrapped.some((inner) => inner !== undefined && isTransientPgError(inner, depth + 1));
}
