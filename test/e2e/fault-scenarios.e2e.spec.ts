import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { createTestDatabase, eventually, freePort, resolveKafkaBrokers, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { expectExactlyOnce, runClaimCycles } from '../support/claim-cycles';
import { enrollmentMessage, household, policyInForce, type Household } from '../support/claims-traffic';
import { TcpProxy } from '../support/tcp-proxy';
import { devToken } from '../support/tokens';

const CLIENTS = 6;

/**
 * The claims service through faults under load (reliability.md, fault scenarios), as real processes on the
 * real PostgreSQL server and broker: clients keep sending claim cycles (report to paid) and retry what got
 * no answer, or a 503, with the same Idempotency-Key and If-Match, as a real client must. Afterwards every
 * cycle has exactly one effect in the event store, and every paid claim exactly one settlement on the topic
 * (after de-duplication by ce_id), equal to the event store to the fen.
 */
describe('the claims service through faults under load (real PostgreSQL and Kafka)', () => {
  let brokers: string[];
  const started: { service?: ServiceProcess; db: TestDatabase; proxy?: TcpProxy }[] = [];

  /** A claims service of its own (database, topics, consumer group), its households' policies already in its view. */
  async function claimsUnderTest(name: string, opts: { viaProxy?: boolean } = {}) {
    const run = `${name}-${randomUUID().slice(0, 8)}`;
    const topics = { enrollment: `${run}.enrollment.events`, claims: `${run}.claims.events`, settlements: `${run}.claims.settlements` };
    const households: Household[] = Array.from({ length: CLIENTS }, (_, i) => household(900 + i));
    const kafka = createKafka({ clientId: run, brokers });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.enrollment, acks: -1, messages: households.map((h) => enrollmentMessage(policyInForce(h))) });
    await producer.disconnect();
    const db = await createTestDatabase(`e2e_fault_${name}`);
    const entry: (typeof started)[number] = { db };
    started.push(entry);
    // Through the proxy, the service's connections can be cut without touching the server the other suites use.
    let databaseUrl = db.url;
    if (opts.viaProxy) {
      const url = new URL(db.url);
      entry.proxy = new TcpProxy(Number(url.port || 5432));
      url.port = String(await entry.proxy.start());
      databaseUrl = url.toString();
    }
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
      CLAIM_EVENTS_TOPIC: topics.claims,
      SETTLEMENTS_TOPIC: topics.settlements,
      POLICY_VIEW_CONSUMER_GROUP: `${run}.policy-view`,
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
    };
    entry.service = await startServiceProcess('claims', env, 60_000);
    const pool = new Pool({ connectionString: db.url, max: 1 });
    pool.on('error', () => undefined);
    try {
      await eventually(async () => (Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM claims_policy_view')).rows[0]?.n) >= CLIENTS ? true : undefined), 'the policy view', 60_000, 200);
    } finally {
      await pool.end();
    }
    return { entry, env, households, topics, baseUrl: `http://127.0.0.1:${env['PORT']}` };
  }

  beforeAll(async () => {
    brokers = await resolveKafkaBrokers();
  });

  afterAll(async () => {
    for (const s of started) {
      await s.service?.stop();
      await s.proxy?.close();
      await s.db.drop();
    }
  }, 60_000);

  it('keeps every cycle to one effect and one settlement through kill -9 three times', async () => {
    const { entry, env, households, topics, baseUrl } = await claimsUnderTest('kill');
    let killing = true;
    let restarts = 0;
    const killer = (async () => {
      for (let k = 0; k < 3; k++) {
        await new Promise((r) => setTimeout(r, 2_500));
        await entry.service?.stop('SIGKILL');
        entry.service = await startServiceProcess('claims', env, 60_000);
        restarts += 1;
      }
      killing = false;
    })();
    const [, run] = await Promise.all([killer, runClaimCycles(baseUrl, households, () => killing)]);
    expect(restarts).toBe(3);
    expect(run.retried).toBeGreaterThan(0); // the kills landed in the middle of commands
    expect(run.paid.length).toBeGreaterThanOrEqual(CLIENTS * 2);
    await expectExactlyOnce({ databaseUrl: entry.db.url, brokers, settlementsTopic: topics.settlements, paid: run.paid });
  }, 240_000);

  it('answers 503 (never 500) while PostgreSQL is unreachable, is ready again soon after, and keeps every cycle to one effect', async () => {
    const { entry, households, topics, baseUrl } = await claimsUnderTest('pg-outage', { viaProxy: true });
    const proxy = entry.proxy as TcpProxy;
    let loading = true;
    let readyAgainMs = -1;
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.cut(); // every connection dropped, new ones refused: a PostgreSQL restart as the service sees it
      await new Promise((r) => setTimeout(r, 5_000));
      const notReady = await fetch(`${baseUrl}/health/ready`).catch((e: Error) => {
        throw new Error(`${e.message}; the service ${entry.service?.child.exitCode === null ? 'runs' : `exited with ${String(entry.service?.child.exitCode)}`}:\n${entry.service?.output().slice(-3000) ?? ''}`);
      });
      expect(notReady.status).toBe(503);
      proxy.restore();
      const back = Date.now();
      await eventually(async () => ((await fetch(`${baseUrl}/health/ready`)).status === 200 ? true : undefined), 'readiness after PostgreSQL is back', 30_000, 100);
      readyAgainMs = Date.now() - back;
      await new Promise((r) => setTimeout(r, 2_000));
      loading = false;
    })();
    const [, run] = await Promise.all([outage, runClaimCycles(baseUrl, households, () => loading)]);
    expect(readyAgainMs).toBeGreaterThanOrEqual(0);
    expect(readyAgainMs).toBeLessThan(30_000);
    expect(run.refusals.get(503) ?? 0).toBeGreaterThan(0); // commands did meet the outage
    expect([...run.refusals.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(entry.service?.child.exitCode).toBeNull(); // the process rode it out
    await expectExactlyOnce({ databaseUrl: entry.db.url, brokers, settlementsTopic: topics.settlements, paid: run.paid });
  }, 240_000);

  it('lets enrollment and reporting ride out the same outage: 503 during it, commands again after it', async () => {
    const db = { enrollment: await createTestDatabase('e2e_fault_pg_enrollment'), reporting: await createTestDatabase('e2e_fault_pg_reporting') };
    const run = `pg-outage-${randomUUID().slice(0, 8)}`;
    const proxies: TcpProxy[] = [];
    const services: Record<string, ServiceProcess> = {};
    for (const name of ['enrollment', 'reporting'] as const) {
      const entry: (typeof started)[number] = { db: db[name] };
      started.push(entry);
      const url = new URL(db[name].url);
      entry.proxy = new TcpProxy(Number(url.port || 5432));
      proxies.push(entry.proxy);
      url.port = String(await entry.proxy.start());
      entry.service = await startServiceProcess(name, {
        DATABASE_URL: url.toString(),
        KAFKA_BROKERS: brokers.join(','),
        LOG_LEVEL: 'warn',
        ENROLLMENT_EVENTS_TOPIC: `${run}.enrollment.events`,
        CLAIM_EVENTS_TOPIC: `${run}.claims.events`,
        PROJECTION_GROUP_PREFIX: `${run}.reporting`,
      }, 60_000);
      services[name] = entry.service;
    }
    const admin = { Authorization: `Bearer ${devToken('admin', { sub: 'fault-admin' })}`, 'Content-Type': 'application/json' };
    const enrollmentUrl = services['enrollment']?.url ?? '';
    const referrer = (key: string) =>
      fetch(`${enrollmentUrl}/referrers`, { method: 'POST', headers: { ...admin, 'Idempotency-Key': key }, body: JSON.stringify({ name: '村计生专干', villageCodes: ['449901001001'] }) });
    expect((await referrer(`before-${run}`)).status).toBe(201);

    for (const p of proxies) p.cut();
    const during: number[] = [];
    for (let i = 0; i < 5; i++) {
      during.push((await referrer(`during-${run}-${i}`)).status);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const s of Object.values(services)) expect((await fetch(`${s.url}/health/ready`)).status).toBe(503);
    expect(during.every((status) => status === 503)).toBe(true);
    for (const p of proxies) p.restore();

    for (const s of Object.values(services)) {
      await eventually(async () => ((await fetch(`${s.url}/health/ready`)).status === 200 ? true : undefined), `${s.name} ready again`, 30_000, 100);
      expect(s.child.exitCode).toBeNull();
    }
    // The same key as a refused attempt: it had no effect, so now it creates the referrer, once.
    expect((await referrer(`during-${run}-0`)).status).toBe(201);
    expect((await referrer(`during-${run}-0`)).status).toBe(201);
    const pool = new Pool({ connectionString: db.enrollment.url, max: 1 });
    try {
      expect((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM referrers`)).rows[0]?.n).toBe(2);
    } finally {
      await pool.end();
    }
  }, 180_000);
});
