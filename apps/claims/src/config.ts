import { Topics } from '@fpi/contracts';
import { commonConfigSchema, ConfigError, env, idempotencyConfigSchema, securityConfigSchema, type ConfigOf } from '@fpi/platform';

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export const claimsConfigSchema = {
  ...commonConfigSchema,
  ...securityConfigSchema,
  ...idempotencyConfigSchema,
  PORT: env.port('HTTP port of the claims service', 3002),
  HOST: env.string('interface to listen on', '127.0.0.1'),
  EVENT_STORE: env.oneOf('event store adapter of the claim streams', ['postgres', 'kurrentdb'] as const, 'postgres'),
  EVENT_STORE_DATABASE_URL: env.optionalString('PostgreSQL URL of the event store (EVENT_STORE=postgres); unset means DATABASE_URL'),
  KURRENTDB_URL: env.optionalString('KurrentDB connection string (kurrentdb://...); required when EVENT_STORE=kurrentdb'),
  FOUR_EYES_ABOVE_FEN: env.int('approvals strictly above this many fen need an approver other than the assessor (four eyes)', { min: 0, max: Number.MAX_SAFE_INTEGER, default: 1_000_000 }),
  FAST_TRACK_SMALL_MEDICAL_BELOW_FEN: env.int('medical-only claims asking for less than this many fen, invoices in, are fast-tracked (0 turns the rule off)', { min: 0, max: Number.MAX_SAFE_INTEGER, default: 500_000 }),
  FAST_TRACK_DECISION_DAYS: env.int('decision target of a fast-tracked claim, in days', { min: 1, max: 30, default: 3 }),
  FAST_TRACK_PAYMENT_DAYS: env.int('payment target of a fast-tracked claim after approval, in days', { min: 1, max: 10, default: 3 }),
  DEADLINE_SCAN_INTERVAL_MS: env.int('how often passed claim deadlines are looked for and recorded as breached (0 turns the scheduler off)', { min: 0, max: 86_400_000, default: 60_000 }),
  BACKGROUND_WORKERS: env.string(
    'background work this instance runs: "all", "none", or a comma-separated list of policy-view, read-models, queue, deadlines, relay; run each in at least one instance (an API-only instance runs "none")',
    'all',
  ),
  RELAY_BATCH_SIZE: env.int('claim events the relay reads and publishes per page (a page is one $all read, one produce request per 900 KiB of a topic, one checkpoint)', { min: 1, max: 5_000, default: 2_000 }),
  CLAIM_EVENTS_TOPIC: env.string('Kafka topic of claim lifecycle events', Topics.claimEvents, TOPIC),
  SETTLEMENTS_TOPIC: env.string('Kafka topic of the integrator settlement contract', Topics.settlements, TOPIC),
  ENROLLMENT_EVENTS_TOPIC: env.string('Kafka topic of enrollment policy events consumed by the policy view', Topics.enrollmentEvents, TOPIC),
  POLICY_VIEW_CONSUMER_GROUP: env.string('consumer group of the policy view; a new name (with the view tables emptied) rebuilds it from the topic', 'fpi.claims.policy-view.v1', TOPIC),
};

export type ClaimsConfig = ConfigOf<typeof claimsConfigSchema>;

/** The background workers an instance can run, each independent of the HTTP side. */
export const BACKGROUND_WORKER_NAMES = ['policy-view', 'read-models', 'queue', 'deadlines', 'relay'] as const;
export type BackgroundWorker = (typeof BACKGROUND_WORKER_NAMES)[number];

/** `all`, `none` or a comma-separated list of {@link BACKGROUND_WORKER_NAMES}; undefined when the text is none of these. */
export function parseBackgroundWorkers(text: string): ReadonlySet<BackgroundWorker> | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'all') return new Set(BACKGROUND_WORKER_NAMES);
  if (value === 'none') return new Set();
  const names = value.split(',').map((n) => n.trim());
  if (names.some((n) => !(BACKGROUND_WORKER_NAMES as readonly string[]).includes(n))) return undefined;
  return new Set(names as BackgroundWorker[]);
}

/**
 * Cross-field rules the per-variable schema cannot express. Thrown while the module is assembled, so
 * `runService` prints it as one line like every other configuration problem.
 */
export function checkClaimsConfig(config: ClaimsConfig): ClaimsConfig {
  if (parseBackgroundWorkers(config.BACKGROUND_WORKERS) === undefined) {
    throw new ConfigError([{ variable: 'BACKGROUND_WORKERS', problem: `must be "all", "none" or a comma-separated list of ${BACKGROUND_WORKER_NAMES.join(', ')} (got "${config.BACKGROUND_WORKERS}")` }]);
  }
  if (config.EVENT_STORE === 'kurrentdb' && config.KURRENTDB_URL.trim() === '') {
    const error = new ConfigError([{ variable: 'KURRENTDB_URL', problem: 'is required when EVENT_STORE=kurrentdb' }]);
    error.message = 'KURRENTDB_URL is required when EVENT_STORE=kurrentdb (e.g. KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false)';
    throw error;
  }
  return config;
}
