import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { claimStreamName } from '@fpi/claims-domain';
import { sourceEventMessage, type EnrollmentEvent } from '@fpi/contracts';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@fpi/event-store';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { CLOCK, configureHttp, JsonLogger, LOGGER, loadConfig, mintDevToken, resolveSecurityOptions, type ManualClock, type Role } from '@fpi/platform';
import { createTestDatabase, eventually, resolveKafkaBrokers, uniqueTopic, type TestDatabase } from '@fpi/testing';
import { AppModule } from '../app.module';
import { claimsConfigSchema, type ClaimsConfig } from '../config';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { ClaimProjector } from '../projections/claim-projector';

export interface ClaimsTestApp {
  app: INestApplication;
  db: TestDatabase;
  config: ClaimsConfig;
  brokers: string[];
  topics: { enrollment: string; claimEvents: string; settlements: string };
  store: EventStore;
  /** Every log line the service wrote. */
  logLines: string[];
  token(role: Role, opts?: { sub?: string; region?: string | null }): string;
  /** Publishes enrollment contract events (key = aggregate id, CloudEvents headers) to the test's enrollment topic. */
  publishEnrollment(events: EnrollmentEvent[]): Promise<void>;
  /** Waits until the policy view holds `policyId` at `revision` or later. */
  awaitPolicy(policyId: string, revision: number): Promise<void>;
  streamOf(claimId: string): Promise<RecordedEvent[]>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on a fresh PostgreSQL database and unique Kafka topics, with the clock replaced,
 * the production HTTP conventions (`configureHttp`) and a log sink the test can search.
 */
export async function startClaimsApp(prefix: string, clock: ManualClock, env: Record<string, string> = {}): Promise<ClaimsTestApp> {
  const db = await createTestDatabase(prefix);
  const brokers = await resolveKafkaBrokers();
  const topics = { enrollment: uniqueTopic('claims-enrollment'), claimEvents: uniqueTopic('claims-events'), settlements: uniqueTopic('claims-settlements') };
  const kafka = createKafka({ clientId: `test-${prefix}`, brokers });
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));

  const config = loadConfig(claimsConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
    CLAIM_EVENTS_TOPIC: topics.claimEvents,
    SETTLEMENTS_TOPIC: topics.settlements,
    POLICY_VIEW_CONSUMER_GROUP: `test.claims.policy-view.${randomUUID()}`,
    DEADLINE_SCAN_INTERVAL_MS: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...env,
  });
  const logLines: string[] = [];
  const logger = new JsonLogger('claims', 'debug', { write: (line) => void logLines.push(line) });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .overrideProvider(LOGGER)
    .useValue(logger)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger });
  configureHttp(app, { title: 'claims (test)', description: 'test', bodyLimit: '256kb' });
  await app.init();

  const security = resolveSecurityOptions(config);
  const store = app.get<EventStore>(EVENT_STORE);
  const producer: Producer = kafka.producer();
  await producer.connect();
  const query = async <T>(sql: string, params: unknown[] = []) => (await app.get(DataSource).query(sql, params)) as T[];

  return {
    app,
    db,
    config,
    brokers,
    topics,
    store,
    logLines,
    token: (role, opts = {}) => {
      const region = opts.region === undefined ? (role === 'admin' ? undefined : COUNTY_OF_TEST) : (opts.region ?? undefined);
      return mintDevToken(security, { sub: opts.sub ?? `${role}-1`, role, ...(region ? { region } : {}) });
    },
    publishEnrollment: async (events) => {
      await producer.send({
        topic: topics.enrollment,
        acks: -1,
        messages: events.map(sourceEventMessage),
      });
    },
    awaitPolicy: async (policyId, revision) => {
      await eventually(async () => {
        const rows = await query<{ revision: number }>('SELECT revision FROM claims_policy_view WHERE policy_id = $1', [policyId]);
        return rows[0] && rows[0].revision >= revision ? true : undefined;
      }, `policy ${policyId} at revision ${revision} in the policy view`, 30_000, 50);
    },
    streamOf: async (claimId) => {
      try {
        return await store.readStream(claimStreamName(claimId));
      } catch (e) {
        if (e instanceof StreamNotFoundError) return [];
        throw e;
      }
    },
    query,
    close: async () => {
      await producer.disconnect().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}

/** The county the default test tokens are limited to. */
export const COUNTY_OF_TEST = '110105';

/**
 * Waits until the claim projector has applied every event of these claims that is committed now. (A
 * catch-up alone is not enough: `$all` is read below the cluster's transaction horizon, so an event
 * becomes readable only once every transaction older than it has ended, in any database of the
 * PostgreSQL cluster; a long transaction elsewhere, such as another suite's bulk load, delays it.)
 */
export async function projected(t: ClaimsTestApp, ...claimIds: string[]): Promise<void> {
  const projector = t.app.get(ClaimProjector);
  for (const claimId of claimIds) {
    const stream = await t.streamOf(claimId);
    const last = stream[stream.length - 1]?.revision ?? -1n;
    await eventually(async () => {
      await projector.catchUp();
      const rows = await t.query<{ revision: string }>('SELECT revision::text FROM claims_summaries WHERE claim_id = $1', [claimId]);
      return rows[0] && BigInt(rows[0].revision) >= last ? true : undefined;
    }, `the projection of claim ${claimId} at revision ${last}`, 60_000, 20);
  }
}

/** A supertest client that sends a fresh Idempotency-Key with every command unless one is given. */
export function api(t: ClaimsTestApp, bearer: string) {
  const auth = { Authorization: `Bearer ${bearer}` };
  return {
    post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      request(t.app.getHttpServer()).post(path).set({ ...auth, 'Idempotency-Key': `test-${randomUUID()}`, ...headers }).send(body as object),
    get: (path: string, headers: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).set({ ...auth, ...headers }),
    raw: () => request(t.app.getHttpServer()),
  };
}
