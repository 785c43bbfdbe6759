import { env } from './config-schema';

/** Variables every service reads. Each service adds its own (see apps/<service>/src/config.ts). */
export const commonConfigSchema = {
  // Unset means production: a service started without it must never accept the published development secret
  // or run without its production keys. `npm start`, the demo and the tests say development or test themselves.
  NODE_ENV: env.oneOf('runtime environment (unset: production)', ['development', 'test', 'production'] as const, 'production'),
  LOG_LEVEL: env.oneOf('lowest level written to the log', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  DATABASE_URL: env.url('PostgreSQL connection URL of this service\'s database', ['postgres:', 'postgresql:']),
  KAFKA_BROKERS: env.brokers('Kafka bootstrap brokers, comma-separated host:port', '127.0.0.1:9092'),
  HTTP_BODY_LIMIT: env.string('largest accepted request body (express "limit" syntax)', '256kb', /^\d+(b|kb|mb)$/),
  CLOCK_MODE: env.oneOf('system time, or a clock an admin can move forwards (simulations; refused in production)', ['system', 'controlled'] as const, 'system'),
  SHUTDOWN_GRACE_MS: env.int('how long in-flight work may finish after SIGTERM', { min: 0, max: 120_000, default: 10_000 }),
};
