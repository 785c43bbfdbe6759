import { randomUUID } from 'node:crypto';
import { ManualClock } from '@fpi/platform';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { ClaimDriver } from './testing/claim-driver';
import { api, startClaimsApp, type ClaimsTestApp } from './testing/claims-test-app';
import { newPolicy, policyEvent, reportBody } from './testing/fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deployment variants: only some background workers, and the claim streams in a database of their own (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-03-01T06:00:00.000Z');
  let t: ClaimsTestApp;
  let streams: TestDatabase;
  const family = newPolicy(2);

  beforeAll(async () => {
    // The policy view only: commands work, nothing is projected or relayed by this instance. The streams
    // live in another database, so answers are stored apart from the events (look-up, append, answer record).
    streams = await createTestDatabase('claims_streams');
    t = await startClaimsApp('claims_workers', clock, { BACKGROUND_WORKERS: 'policy-view', EVENT_STORE_DATABASE_URL: streams.url });
    await t.publishEnrollment([policyEvent(family)]);
    await t.awaitPolicy(family.policyId, 1);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await streams?.drop();
  }, 60_000);

  it('answers a repeated command from its stored answer and refuses its key with another body, with the streams elsewhere', async () => {
    const handler = t.token('handler', { sub: 'handler-2' });
    const http = api(t, handler);
    const key = `separate-${randomUUID()}`;
    const body = reportBody(family, { claimedAmountFen: '90000' }, 1);
    const first = await http.post('/claims', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const written = await t.streamOf(first.body.claimId);
    expect(written.length).toBeGreaterThan(0);
    const again = await http.post('/claims', body, { 'Idempotency-Key': key });
    expect({ status: again.status, body: again.body, replayed: again.headers['idempotent-replayed'] }).toEqual({ status: 201, body: first.body, replayed: 'true' });
    const other = await http.post('/claims', { ...body, claimedAmountFen: '91000' }, { 'Idempotency-Key': key });
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 409, code: 'REQUEST.IDEMPOTENCY_KEY_REUSED' });
    expect(await t.streamOf(first.body.claimId)).toEqual(written);
    expect((await t.query<{ n: string }>('SELECT count(*) AS n FROM claims_idempotency WHERE idempotency_key = $1', [key]))[0]!.n).toBe('1');
    // The service's own database holds no events: they went to the other one.
    expect(await t.query(`SELECT 1 FROM pg_tables WHERE tablename = 'es_events'`)).toEqual([]);
  });

  it('takes commands, and leaves the read models, the queue and the relay to the instances that run them', async () => {
    const handler = t.token('handler', { sub: 'handler-1' });
    const claim = await ClaimDriver.report(t, handler, reportBody(family, { documentsProvided: ['claim_form', 'id_document', 'accident_proof', 'bank_account'] }));
    await claim.step(handler, '/registration');
    expect((await t.streamOf(claim.claimId)).length).toBeGreaterThanOrEqual(2);
    // Longer than every worker's idle poll: had any of them run, it would have written by now.
    await sleep(1_500);
    const count = async (sql: string) => Number((await t.query<{ n: string }>(sql))[0]!.n);
    expect({
      summaries: await count('SELECT count(*) AS n FROM claims_summaries'),
      queue: await count('SELECT count(*) AS n FROM queue_claims'),
      timeline: await count('SELECT count(*) AS n FROM timeline_entries'),
      relayCheckpoints: await count(`SELECT count(*) AS n FROM es_checkpoints WHERE subscription_id = 'claims.kafka-relay'`),
    }).toEqual({ summaries: 0, queue: 0, timeline: 0, relayCheckpoints: 0 });
  });
});
