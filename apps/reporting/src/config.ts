import { Topics } from '@fpi/contracts';
import { commonConfigSchema, env, securityConfigSchema, type ConfigOf } from '@fpi/platform';

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export const reportingConfigSchema = {
  ...commonConfigSchema,
  ...securityConfigSchema,
  PORT: env.port('HTTP port of the reporting service', 3003),
  HOST: env.string('interface to listen on', '127.0.0.1'),
  ENROLLMENT_EVENTS_TOPIC: env.string('Kafka topic of household and policy events to project', Topics.enrollmentEvents, TOPIC),
  CLAIM_EVENTS_TOPIC: env.string('Kafka topic of claim lifecycle events to project', Topics.claimEvents, TOPIC),
  DIAGNOSTICS_TOPIC: env.string('Kafka topic of the operations probes', Topics.diagnostics, TOPIC),
  DIAGNOSTICS_GROUP: env.string('consumer group of the probe receipts', 'reporting.diagnostics', TOPIC),
  PROJECTION_GROUP_PREFIX: env.string('prefix of the consumer group of each projection generation', 'reporting.projections', TOPIC),
  PROJECTION_MAX_ATTEMPTS: env.int('attempts at a failing batch before its culprit is dead-lettered', { min: 1, max: 20, default: 5 }),
  PROJECTION_RETRY_BACKOFF_MS: env.int('first back-off between attempts (doubles each time)', { min: 1, max: 60_000, default: 200 }),
  PROJECTION_PARTITIONS_CONCURRENTLY: env.int('partitions projected at the same time', { min: 1, max: 64, default: 3 }),
  PROJECTION_SESSION_TIMEOUT_MS: env.int('Kafka session timeout of the projection consumers: a killed instance holds its partitions this long', {
    min: 6_000, // the broker's default group.min.session.timeout.ms
    max: 300_000,
    default: 30_000,
  }),
  PROJECTION_FETCH_BYTES_PER_PARTITION: env.int('most bytes fetched per partition at once: the size of a projection batch when catching up', { min: 65_536, max: 67_108_864, default: 4_194_304 }),
  REPORT_PAGE_SIZE_DEFAULT: env.int('rows per page of a list report when none is asked for', { min: 1, max: 10_000, default: 50 }),
  REPORT_PAGE_SIZE_MAX: env.int('largest page a list report answers; a bigger request is refused', { min: 1, max: 10_000, default: 500 }),
  REPORT_EXPORT_ROWS_MAX: env.int('largest CSV export; a bigger one is refused so that no export is silently cut', { min: 1, max: 1_000_000, default: 100_000 }),
};

export type ReportingConfig = ConfigOf<typeof reportingConfigSchema>;
