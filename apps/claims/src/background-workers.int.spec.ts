import { ManualClock } from '@fpi/platform';
import { ClaimDriver } from './testing/claim-driver';
import { startClaimsApp, type ClaimsTestApp } from './testing/claims-test-app';
import { newPolicy, policyEvent, reportBody } from './testing/fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BACKGROUND_WORKERS: an instance runs only the background work it is given (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-03-01T06:00:00.000Z');
  let t: ClaimsTestApp;
  const family = newPolicy(2);

  beforeAll(async () => {
    // The policy view only: commands work, nothing is projected or relayed by this instance.
    t = await startClaimsApp('claims_workers', clock, { BACKGROUND_WORKERS: 'policy-view' });
    await t.publishEnrollment([policyEvent(family)]);
    await t.awaitPolicy(family.policyId, 1);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

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
