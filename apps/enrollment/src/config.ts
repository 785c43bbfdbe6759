import { Topics } from '@fpi/contracts';
import { commonConfigSchema, env, idempotencyConfigSchema, securityConfigSchema, type ConfigOf } from '@fpi/platform';

export const enrollmentConfigSchema = {
  ...commonConfigSchema,
  ...securityConfigSchema,
  ...idempotencyConfigSchema,
  PORT: env.port('HTTP port of the enrollment service', 3001),
  HOST: env.string('interface to listen on', '127.0.0.1'),
  ID_NUMBER_HMAC_KEY: env.optionalString(
    'secret key (>= 32 characters) of the HMAC-SHA256 index over resident ID numbers; required in production, and changing it orphans the index',
  ),
  ID_NUMBER_HMAC_PREVIOUS_KEYS: env.optionalString(
    'keys the ID-number index may still be built with, comma-separated, while rotating ID_NUMBER_HMAC_KEY: at start the index is re-keyed to ID_NUMBER_HMAC_KEY, after which they can go',
  ),
  ENROLLMENT_EVENTS_TOPIC: env.string('Kafka topic of household and policy events', Topics.enrollmentEvents, /^[A-Za-z0-9._-]{1,249}$/),
  LIFECYCLE_SWEEP_INTERVAL_MS: env.int('how often policies are moved into force and to expiry (0 turns the sweep off)', { min: 0, max: 86_400_000, default: 300_000 }),
  GIFTED_BATCH_MAX_ROWS: env.int('most rows accepted in one gifted-household CSV batch', { min: 1, max: 100_000, default: 20_000 }),
  GIFTED_BATCH_CHUNK_HOUSEHOLDS: env.int('households written per statement when a gifted batch is stored (all chunks commit in one transaction)', { min: 1, max: 100_000, default: 250 }),
};

export type EnrollmentConfig = ConfigOf<typeof enrollmentConfigSchema>;
