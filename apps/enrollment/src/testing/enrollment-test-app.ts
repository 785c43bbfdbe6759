import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { CLOCK, configureHttp, JsonLogger, LOGGER, loadConfig, mintDevToken, resolveSecurityOptions, type ManualClock } from '@fpi/platform';
import { createTestDatabase, resolveKafkaBrokers, uniqueTopic, type TestDatabase } from '@fpi/testing';
import { AppModule } from '../app.module';
import { enrollmentConfigSchema } from '../config';

/** The actor every request of the test agent acts as (the token's `sub`). */
export const TEST_ACTOR = 'test-admin';

export interface ConsumedMessage {
  key: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  raw: string;
  value: Record<string, unknown>;
}

export interface EnrollmentTestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  db: TestDatabase;
  topic: string;
  /** A development token of an admin (every region) whose `sub` is TEST_ACTOR. */
  token: string;
  /** Every log line the service wrote (JSON), to prove no personal data reaches the log. */
  logLines: string[];
  /** Messages read back from the real Kafka topic so far. */
  messages: ConsumedMessage[];
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Rows whose parent is missing, per child table (the child tables carry no foreign keys; see the migration). */
  orphans(): Promise<Record<string, number>>;
  waitForMessages(predicate: (all: ConsumedMessage[]) => boolean, what: string, timeoutMs?: number): Promise<ConsumedMessage[]>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule against a fresh PostgreSQL database and a unique Kafka topic, with the clock
 * replaced by `clock`, the HTTP conventions of production (`configureHttp`) and a consumer that reads the
 * topic back from the start. `env` overrides configuration variables (e.g. a small gifted-batch chunk).
 */
export async function startEnrollmentApp(prefix: string, clock: ManualClock, env: Record<string, string> = {}): Promise<EnrollmentTestApp> {
  const db = await createTestDatabase(prefix);
  const brokers = await resolveKafkaBrokers();
  const topic = uniqueTopic('enrollment');
  const kafka = createKafka({ clientId: `test-${prefix}`, brokers });
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);

  const config = loadConfig(enrollmentConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    ENROLLMENT_EVENTS_TOPIC: topic,
    LIFECYCLE_SWEEP_INTERVAL_MS: '0',
    ID_NUMBER_HMAC_KEY: `test-only-${randomUUID()}-${randomUUID()}`,
    ...env,
  });
  const logLines: string[] = [];
  const logger = new JsonLogger('enrollment', 'debug', { write: (line) => void logLines.push(line) });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .overrideProvider(LOGGER)
    .useValue(logger)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger });
  configureHttp(app, { title: 'enrollment (test)', description: 'test', bodyLimit: '2mb' });
  await app.init();

  const messages: ConsumedMessage[] = [];
  // A short fetch wait lets disconnect return promptly instead of after the default 5 s long poll.
  const consumer: Consumer = kafka.consumer({ groupId: `test-${prefix}-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
      const raw = message.value?.toString('utf8') ?? '';
      messages.push({
        key: message.key?.toString('utf8') ?? '',
        partition,
        offset: message.offset,
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ''])),
        raw,
        value: JSON.parse(raw) as Record<string, unknown>,
      });
    },
  });

  const token = mintDevToken(resolveSecurityOptions(config), { sub: TEST_ACTOR, role: 'admin' });
  return {
    app,
    http: app.getHttpServer(),
    db,
    topic,
    token,
    logLines,
    messages,
    query: async <T>(sql: string, params: unknown[] = []) => (await app.get(DataSource).query(sql, params)) as T[],
    orphans: async () => {
      const [row] = (await app.get(DataSource).query(`
        SELECT (SELECT count(*)::int FROM household_members m WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = m.household_id)) AS household_members,
               (SELECT count(*)::int FROM policy_members pm WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.id = pm.policy_id)) AS policy_members_without_policy,
               (SELECT count(*)::int FROM policy_members pm WHERE NOT EXISTS (SELECT 1 FROM household_members m WHERE m.id = pm.member_id)) AS policy_members_without_member`)) as Record<string, number>[];
      return row;
    },
    waitForMessages: async (predicate, what, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (predicate(messages)) return messages;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}; have ${messages.length} messages`);
    },
    close: async () => {
      await consumer.disconnect().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}

/** A supertest agent for the app with JSON helpers; every request carries the admin token. */
export function api(t: EnrollmentTestApp, token = t.token) {
  const key = () => `test-${randomUUID()}`;
  const agent = () => request.agent(t.http).set('Authorization', `Bearer ${token}`);
  return {
    key,
    post: (path: string, body: unknown, headers: Record<string, string> = {}) => agent().post(path).set({ 'Idempotency-Key': key(), ...headers }).send(body as object),
    patch: (path: string, body: unknown, headers: Record<string, string> = {}) => agent().patch(path).set({ 'Idempotency-Key': key(), ...headers }).send(body as object),
    get: (path: string) => agent().get(path),
    raw: agent,
  };
}
