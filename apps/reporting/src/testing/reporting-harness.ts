import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { sourceEventMessage, type ClaimEventV1, type EnrollmentEvent } from '@fpi/contracts';
import { ensureTopics } from '@fpi/messaging';
import { configureHttp, loadConfig, mintDevToken, resolveSecurityOptions, type Clock } from '@fpi/platform';
import { createTestDatabase, eventually, resolveKafkaBrokers, uniqueTopic, type TestDatabase } from '@fpi/testing';
import { AppModule } from '../app.module';
import { reportingConfigSchema } from '../config';
import type { StatusResponse } from '../status/get-status/get-status.handler';

/**
 * The reporting service in-process against real PostgreSQL (a fresh database) and the real broker (topics
 * of its own), for the integration tests. Nothing is mocked: events go through Kafka.
 */
export interface Harness {
  /** Authorization header of an admin (every region), for requests the helpers below do not cover. */
  auth: Record<string, string>;
  url: string;
  db: TestDatabase;
  kafka: Kafka;
  topics: { enrollment: string; claims: string };
  app: INestApplication;
  get<T = unknown>(path: string): Promise<{ status: number; body: T; text: string; headers: Headers_ }>;
  post<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  produce(events: readonly (ClaimEventV1 | EnrollmentEvent)[]): Promise<void>;
  produceRaw(topic: string, messages: { key: string; value: string; headers?: Record<string, string> }[]): Promise<void>;
  /** Waits until the active generation has applied every partition up to its high watermark. */
  caughtUp(timeoutMs?: number): Promise<StatusResponse>;
  close(): Promise<void>;
}

type Headers_ = globalThis.Headers;

const isClaim = (e: ClaimEventV1 | EnrollmentEvent): e is ClaimEventV1 => 'claimId' in e;

export async function startHarness(name: string, opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<Harness> {
  const db = await createTestDatabase(`reporting_${name}`);
  const brokers = await resolveKafkaBrokers();
  const kafka = new Kafka({ clientId: `reporting-test-${name}`, brokers, logLevel: logLevel.NOTHING });
  const topics = { enrollment: uniqueTopic(`${name}.enrollment`), claims: uniqueTopic(`${name}.claims`) };
  await ensureTopics(kafka, [
    { topic: topics.enrollment, numPartitions: 3 },
    { topic: topics.claims, numPartitions: 3 },
  ]);
  const config = loadConfig(reportingConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    LOG_LEVEL: 'error',
    ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
    CLAIM_EVENTS_TOPIC: topics.claims,
    PROJECTION_GROUP_PREFIX: `test.reporting.${name}`,
    // A probe topic and group of its own: joining the shared group would rebalance other running services.
    DIAGNOSTICS_TOPIC: uniqueTopic(`${name}.diagnostics`),
    DIAGNOSTICS_GROUP: `test.reporting.${name}.diagnostics.${Date.now()}`,
    PROJECTION_RETRY_BACKOFF_MS: '20',
    PROJECTION_MAX_ATTEMPTS: '3',
    // Tests poll the API (a rebuild test reads every 50 ms for as long as the rebuild takes, longer on a
    // busy machine); the per-principal rate limit has its own tests in the platform.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...opts.env,
  });
  const app = await NestFactory.create(AppModule.register(config, { ...(opts.clock ? { clock: opts.clock } : {}), superviseIntervalMs: 250 }), { logger: false, bodyParser: false });
  configureHttp(app, { title: 'reporting', description: 'test', bodyLimit: '256kb' });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Every request of the harness is an admin's (every region); scoping has its own test.
  const authorization = `Bearer ${mintDevToken(resolveSecurityOptions(config), { sub: 'test-admin', role: 'admin' })}`;

  let producer: Producer | undefined;
  const ready = async () => {
    if (!producer) {
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
    }
    return producer;
  };
  const produceRaw: Harness['produceRaw'] = async (topic, messages) => {
    await (await ready()).send({ topic, acks: -1, messages });
  };

  const harness: Harness = {
    auth: { authorization },
    url,
    db,
    kafka,
    topics,
    app,
    async get(path) {
      const r = await fetch(`${url}${path}`, { headers: { authorization } });
      const text = await r.text();
      let body: unknown = undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: r.status, body: body as never, text, headers: r.headers };
    },
    async post(path) {
      const r = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization } });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
    async produce(events) {
      const claims = events.filter(isClaim);
      const enrollment = events.filter((e): e is EnrollmentEvent => !isClaim(e));
      if (claims.length > 0) {
        await produceRaw(
          topics.claims,
          claims.map(sourceEventMessage),
        );
      }
      if (enrollment.length > 0) {
        await produceRaw(
          topics.enrollment,
          enrollment.map(sourceEventMessage),
        );
      }
    },
    produceRaw,
    async caughtUp(timeoutMs = 30_000) {
      return eventually(async () => {
        const r = await harness.get<StatusResponse>('/status');
        return r.status === 200 && r.body.active?.caughtUp ? r.body : undefined;
      }, 'the projections to catch up', timeoutMs, 100);
    },
    async close() {
      await producer?.disconnect().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
  return harness;
}
