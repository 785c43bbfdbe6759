import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { decodeClaimEvent, evolve, initialState, netPaidFen } from '@fpi/claims-domain';
import { Headers } from '@fpi/contracts';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { createTestDatabase, eventually, freePort, resolveKafkaBrokers, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { ALLOWANCE_DOCUMENTS, COUNTY, enrollmentMessage, household, policyInForce, type Household } from '../support/claims-traffic';
import { devToken } from '../support/tokens';

const CLIENTS = 6;
const KILLS = 3;

/**
 * kill -9 of the claims service mid-load, three times (reliability.md, fault scenarios): clients keep sending
 * claim cycles (report to paid) and retry what got no answer with the same Idempotency-Key and If-Match, as a
 * real client must. Afterwards every cycle has exactly one effect in the event store, every paid claim exactly
 * one settlement on the topic (after de-duplication by ce_id), and the two agree to the fen.
 */
describe('kill -9 of the claims service under load (real PostgreSQL and Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = { enrollment: `kill-${run}.enrollment.events`, claims: `kill-${run}.claims.events`, settlements: `kill-${run}.claims.settlements` };
  let db: TestDatabase;
  let pool: Pool;
  let service: ServiceProcess;
  let env: Record<string, string>;
  const households: Household[] = Array.from({ length: CLIENTS }, (_, i) => household(900 + i));

  beforeAll(async () => {
    const brokers = await resolveKafkaBrokers();
    const kafka = createKafka({ clientId: `kill-${run}`, brokers });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.enrollment, acks: -1, messages: households.map((h) => enrollmentMessage(policyInForce(h))) });
    await producer.disconnect();
    db = await createTestDatabase('e2e_kill_claims');
    pool = new Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined);
    env = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
      CLAIM_EVENTS_TOPIC: topics.claims,
      SETTLEMENTS_TOPIC: topics.settlements,
      POLICY_VIEW_CONSUMER_GROUP: `kill-${run}.policy-view`,
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
    };
    service = await startServiceProcess('claims', env, 60_000);
    await eventually(async () => (Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM claims_policy_view')).rows[0]?.n) >= CLIENTS ? true : undefined), 'the policy view', 60_000, 200);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  it('keeps every cycle to one effect and one settlement through three kills', async () => {
    const handler = devToken('handler', { sub: 'kill-handler', region: COUNTY });
    const supervisor = devToken('supervisor', { sub: 'kill-supervisor', region: COUNTY });
    let killing = true;
    let restarts = 0;
    let retried = 0;

    /** One command, retried with the same key and If-Match until the service answers (it may be down for seconds). */
    const send = async (token: string, path: string, body: unknown, etag?: string): Promise<{ etag: string; body: Record<string, unknown> }> => {
      const key = `kill-${randomUUID()}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${env['PORT']}${path}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key, ...(etag ? { 'If-Match': etag } : {}) },
            body: JSON.stringify(body),
          });
          const json = (await res.json()) as Record<string, unknown>;
          if (res.status < 300) return { etag: res.headers.get('etag') ?? '', body: json };
          // 503: the audit trail or a dependency is not back yet; anything else is a real refusal.
          if (res.status !== 503) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
        } catch (e) {
          if (e instanceof Error && e.message.startsWith(path)) throw e;
        }
        if (Date.now() > deadline) throw new Error(`${path}: no answer within 60 s`);
        retried += 1;
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    const paid: string[] = [];
    const clients = households.map(async (h, c) => {
      for (let i = 0; killing || i < 2; i++) {
        const member = h.members[i % 4];
        if (!member) throw new Error('no member');
        const reported = await send(handler, '/claims', {
          householdId: h.householdId,
          claimant: { memberId: member.memberId, idNumber: member.idNumber },
          accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'road', regionCode: COUNTY, causeCode: 'fall', description: 'fell' },
          benefits: ['allowance'],
          claimedAmountFen: null,
          channel: 'counter',
          reporter: { relation: 'self', name: '测试', phone: null },
          documentsProvided: ALLOWANCE_DOCUMENTS,
        });
        const id = reported.body['claimId'] as string;
        let r = await send(handler, `/claims/${id}/registration`, {}, reported.etag);
        r = await send(handler, `/claims/${id}/assessment`, { inputs: [{ benefit: 'allowance', days: 2 + (i % 3) }] }, r.etag);
        r = await send(supervisor, `/claims/${id}/approval`, {}, r.etag);
        r = await send(handler, `/claims/${id}/payments`, { paymentId: 'PAY-1' }, r.etag);
        await send(handler, `/claims/${id}/payments/PAY-1/confirmation`, { paymentReference: `BANK-${c}-${i}` }, r.etag);
        paid.push(id);
      }
    });

    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 2_500));
        await service.stop('SIGKILL');
        service = await startServiceProcess('claims', env, 60_000);
        restarts += 1;
      }
      killing = false;
    })();
    await Promise.all([killer, ...clients]);
    expect(restarts).toBe(KILLS);
    expect(retried).toBeGreaterThan(0); // the kills did land in the middle of commands
    expect(paid.length).toBeGreaterThanOrEqual(CLIENTS * 2);

    // The event store: one stream per cycle, each command's event once (a retried command added nothing).
    const rows = (await pool.query<{ stream_name: string; event_type: string; data: unknown }>(`SELECT stream_name, event_type, data FROM es_events WHERE stream_name LIKE 'claim-%' ORDER BY stream_name, revision`)).rows;
    const streams = new Map<string, { type: string; data: unknown }[]>();
    for (const row of rows) streams.set(row.stream_name, [...(streams.get(row.stream_name) ?? []), { type: row.event_type, data: row.data }]);
    const storedPaid = new Map<string, bigint>();
    for (const [name, events] of streams) {
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      expect({ stream: name, repeated: [...counts].filter(([, n]) => n > 1) }).toEqual({ stream: name, repeated: [] });
      const claim = events.map(decodeClaimEvent).reduce(evolve, initialState());
      if (claim.status !== 'empty' && netPaidFen(claim) > 0n) storedPaid.set(claim.claimId, netPaidFen(claim));
    }
    expect(streams.size).toBe(paid.length); // no report recorded twice under a retried key
    expect([...storedPaid.keys()].sort()).toEqual([...paid].sort());

    // The settlement topic: exactly one ClaimSettled per paid claim once duplicates (same ce_id) are dropped,
    // with the amount the event store holds.
    const kafka = createKafka({ clientId: `kill-reader-${run}`, brokers: env['KAFKA_BROKERS']?.split(',') ?? [] });
    const consumer = kafka.consumer({ groupId: `kill-${run}-reader`, maxWaitTimeInMs: 100 });
    const settled = new Map<string, { claimId: string; paidFen: string }>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topics.settlements, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const v = JSON.parse(message.value?.toString('utf8') ?? '{}') as { type: string; claimId: string; amounts: { paidFen: string } };
          if (v.type === 'ClaimSettled') settled.set(message.headers?.[Headers.id]?.toString() ?? '', { claimId: v.claimId, paidFen: v.amounts.paidFen });
        },
      });
      await eventually(async () => (settled.size >= paid.length ? true : undefined), 'a settlement for every paid claim', 60_000, 200);
      await new Promise((r) => setTimeout(r, 1_000)); // and no extra one
    } finally {
      await consumer.disconnect();
    }
    const perClaim = new Map<string, bigint>();
    for (const s of settled.values()) {
      expect(perClaim.has(s.claimId)).toBe(false);
      perClaim.set(s.claimId, BigInt(s.paidFen));
    }
    expect(Object.fromEntries([...perClaim].sort())).toEqual(Object.fromEntries([...storedPaid].sort()));
  }, 240_000);
});
