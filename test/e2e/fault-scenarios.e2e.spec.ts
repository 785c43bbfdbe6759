import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { sourceEventMessage } from '@fpi/contracts';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticResidentId } from '@fpi/enrollment-domain';
import { createTestDatabase, eventually, freePort, PrivateKafkaBroker, PrivatePostgres, resolveKafkaBrokers, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { expectExactlyOnce, runClaimCycles } from '../support/claim-cycles';
import { household, policyInForce, type Household } from '../support/claims-traffic';
import { TcpProxy } from '../support/tcp-proxy';
import { devToken } from '../support/tokens';
import { newTally, postUntilAnswered, type RetryTally } from '../support/retrying-client';
import { distinctById, readFromStart } from '../support/topic-history';

const CLIENTS = 6;

/**
 * The claims service through faults under load (reliability.md, fault scenarios), as real processes on the
 * real PostgreSQL server and broker: clients keep sending claim cycles (report to paid) and retry what got
 * no answer, or a 503, with the same Idempotency-Key and If-Match, as a real client must. Afterwards every
 * cycle has exactly one effect in the event store, and every paid claim exactly one settlement on the topic
 * (after de-duplication by ce_id), equal to the event store to the fen. The faults: kill -9 of the service,
 * connections cut by a proxy, a crash of a PostgreSQL server of the test's own (with enrollment on it too),
 * and a stop and restart of a broker of the test's own; the shared server and broker are never touched.
 */
describe('the claims service through faults under load (real PostgreSQL and Kafka)', () => {
  let brokers: string[];
  const started: { service?: ServiceProcess; db: TestDatabase; proxy?: TcpProxy }[] = [];

  /**
   * A claims service of its own (database, topics, consumer group), its households' policies already in its
   * view; on the shared server and broker unless the scenario brings its own `database` or `brokers`.
   */
  async function claimsUnderTest(name: string, opts: { viaProxy?: boolean; database?: TestDatabase; brokers?: string[] } = {}) {
    const run = `${name}-${randomUUID().slice(0, 8)}`;
    const topics = { enrollment: `${run}.enrollment.events`, claims: `${run}.claims.events`, settlements: `${run}.claims.settlements` };
    const households: Household[] = Array.from({ length: CLIENTS }, (_, i) => household(900 + i));
    const kafka = createKafka({ clientId: run, brokers: opts.brokers ?? brokers });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.enrollment, acks: -1, messages: households.map((h) => sourceEventMessage(policyInForce(h))) });
    await producer.disconnect();
    const db = opts.database ?? (await createTestDatabase(`e2e_fault_${name}`));
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
      KAFKA_BROKERS: (opts.brokers ?? brokers).join(','),
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
    for (const server of privateServers) await server.destroy();
    for (const { broker, dir } of privateBrokers) {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  const privateServers: PrivatePostgres[] = [];
  const privateBrokers: { broker: PrivateKafkaBroker; dir: string }[] = [];

  /**
   * Households registered through enrollment by `clients` clients while `keepGoing()`, each command retried
   * through the fault as a real client must (postUntilAnswered); answers the households the service
   * acknowledged (201) and what the retries met.
   */
  async function registerHouseholds(baseUrl: string, clients: number, keepGoing: () => boolean): Promise<RetryTally & { acknowledged: string[] }> {
    const admin = { Authorization: `Bearer ${devToken('admin', { sub: 'fault-admin' })}` };
    const run = { acknowledged: [] as string[], ...newTally() };
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (keepGoing() || next < clients * 2) {
          const n = next++;
          // Distinct people: the date repeats every 360 households (lcm of 40, 9, 10), the sequence changes then.
          const birthDate = `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`;
          const members = [
            { name: '王某', relationship: 'HEAD', idNumber: syntheticResidentId(birthDate, 2 * (Math.floor(n / 360) % 499) + 1) },
            { name: '李某', relationship: 'SPOUSE', idNumber: syntheticResidentId(birthDate, 2 * (Math.floor(n / 360) % 499) + 2) },
          ];
          const body = { familyPlanningStatus: 'ONE_CHILD', region: { countyCode: '449901', townshipCode: '449901001', villageCode: '449901001001' }, members };
          const created = await postUntilAnswered(`${baseUrl}/households`, admin, body, run);
          if (created.status !== 201) throw new Error(`POST /households answered ${created.status}, not 201`);
          run.acknowledged.push(created.json['householdId'] as string);
        }
      }),
    );
    return run;
  }

  it('keeps every cycle to one effect and one settlement through kill -9 three times', async () => {
    const { entry, env, households, topics, baseUrl } = await claimsUnderTest('kill');
    let killing = true;
    let restarts = 0;
    const killer = (async () => {
      try {
        for (let k = 0; k < 3; k++) {
          await new Promise((r) => setTimeout(r, 2_500));
          await entry.service?.stop('SIGKILL');
          entry.service = await startServiceProcess('claims', env, 60_000);
          restarts += 1;
        }
      } finally {
        killing = false; // also when the fault fails: the clients stop instead of running on
      }
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
      try {
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
      } finally {
        loading = false; // also when the fault fails: the clients stop instead of running on
      }
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
  it('keeps every acknowledged command through a PostgreSQL crash (pg_ctl stop -m immediate) and its recovery', async () => {
    const server = await PrivatePostgres.create();
    privateServers.push(server);
    const claims = await claimsUnderTest('pg-crash', { database: await createTestDatabase('e2e_fault_crash_claims', server.url) });
    const enrollmentTopic = `pg-crash-${randomUUID().slice(0, 8)}.enrollment.events`;
    const enrollmentEntry: (typeof started)[number] = { db: await createTestDatabase('e2e_fault_crash_enrollment', server.url) };
    started.push(enrollmentEntry);
    enrollmentEntry.service = await startServiceProcess('enrollment', { DATABASE_URL: enrollmentEntry.db.url, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'warn', ENROLLMENT_EVENTS_TOPIC: enrollmentTopic, RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' }, 60_000);
    const enrollment = enrollmentEntry.service;

    let loading = true;
    let readyAgainMs = -1;
    const crash = (async () => {
      try {
        await new Promise((r) => setTimeout(r, 2_500));
        await server.crash();
        await new Promise((r) => setTimeout(r, 3_000));
        await server.start(); // crash recovery replays the WAL before it accepts connections
        const back = Date.now();
        for (const s of [claims.entry.service, enrollment]) {
          await eventually(async () => ((await fetch(`${s?.url}/health/ready`)).status === 200 ? true : undefined), `${s?.name} ready after the crash`, 30_000, 100);
        }
        readyAgainMs = Date.now() - back;
        await new Promise((r) => setTimeout(r, 2_000));
      } finally {
        loading = false; // also when the fault fails: the clients stop instead of running on
      }
    })();
    const [, cycles, households] = await Promise.all([crash, runClaimCycles(claims.baseUrl, claims.households, () => loading), registerHouseholds(enrollment.url, 3, () => loading)]);

    expect(server.log()).toMatch(/database system was interrupted|was not properly shut down/); // it did crash and recover
    expect(readyAgainMs).toBeGreaterThanOrEqual(0);
    expect(readyAgainMs).toBeLessThan(30_000);
    expect((cycles.refusals.get(503) ?? 0) + cycles.retried).toBeGreaterThan(0); // commands did meet the crash
    expect(claims.entry.service?.child.exitCode).toBeNull();
    expect(enrollment.child.exitCode).toBeNull();
    expect(households.retried).toBeGreaterThan(0);
    process.stdout.write(
      `PostgreSQL crash under load: ${cycles.paid.length} claims paid (${cycles.retried} claim commands retried), ${households.acknowledged.length} households registered (${households.retried} retried); ready again ${readyAgainMs} ms after the restart\n`,
    );
    // Every acknowledged claim command survived the crash, each once, and each paid claim settled once.
    await expectExactlyOnce({ databaseUrl: claims.entry.db.url, brokers, settlementsTopic: claims.topics.settlements, paid: cycles.paid });
    // Every acknowledged household is stored once (a retry after the crash found its key's answer, or wrote it once)...
    const pool = new Pool({ connectionString: enrollmentEntry.db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM households');
      expect(rows.map((r) => r.id).sort()).toEqual([...households.acknowledged].sort());
    } finally {
      await pool.end();
    }
    // ...and reached the topic from the outbox exactly once after de-duplication.
    const registered = (ms: readonly { value: Record<string, unknown> }[]) => ms.filter((m) => m.value['type'] === 'HouseholdRegistered');
    const messages = await readFromStart(brokers, [enrollmentTopic], (ms) => registered(distinctById(ms)).length >= households.acknowledged.length, 'every acknowledged household on the topic', 1_000);
    expect(registered(distinctById(messages)).map((m) => m.value['aggregateId'] as string).sort()).toEqual([...households.acknowledged].sort());
  }, 240_000);

  it('serves claim commands while the broker is down, and every settlement reaches the topic after it restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fpi-kafka-fault-'));
    const broker = new PrivateKafkaBroker(await freePort(), await freePort(), dir);
    privateBrokers.push({ broker, dir });
    await broker.start();
    const own = [broker.brokers];
    const claims = await claimsUnderTest('broker-restart', { brokers: own });

    let loading = true;
    let paidBeforeStop = -1;
    let paidWhileDown = -1;
    let run: Awaited<ReturnType<typeof runClaimCycles>> | undefined;
    const restart = (async () => {
      try {
        await new Promise((r) => setTimeout(r, 2_500));
        await broker.stop();
        paidBeforeStop = run?.paid.length ?? 0;
        await new Promise((r) => setTimeout(r, 6_000));
        paidWhileDown = (run?.paid.length ?? 0) - paidBeforeStop;
        await broker.start();
        await eventually(async () => ((await fetch(`${claims.baseUrl}/health/ready`)).status === 200 ? true : undefined), 'claims ready after the broker restart', 60_000, 200);
        await new Promise((r) => setTimeout(r, 2_000));
      } finally {
        loading = false; // also when the fault fails: the clients stop instead of running on
      }
    })();
    const cycles = runClaimCycles(claims.baseUrl, claims.households, () => loading, 2, (progress) => (run = progress));
    const [, done] = await Promise.all([restart, cycles]);
    // Commands need the event store, not the broker: claims went on being paid while it was down.
    process.stdout.write(`Broker stop and restart under load: ${done.paid.length} claims paid, ${paidWhileDown} of them while the broker was down\n`);
    expect(paidWhileDown).toBeGreaterThan(0);
    expect([...done.refusals.keys()]).toEqual([]);
    expect(claims.entry.service?.child.exitCode).toBeNull();
    // The settlements written while it was down waited in the store and flowed once it was back, each once.
    await expectExactlyOnce({ databaseUrl: claims.entry.db.url, brokers: own, settlementsTopic: claims.topics.settlements, paid: done.paid });
  }, 300_000);
});
