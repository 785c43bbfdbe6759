import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { Headers, validateClaimEventV1, type SettlementEventV1 } from '@fpi/contracts';
import { createKafka } from '@fpi/messaging';
import { ManualClock } from '@fpi/platform';
import { eventually } from '@fpi/testing';
import { startSettlementPrinter, type SettlementPrinter } from '../integrator-example/settlement-printer';
import { DEADLINE_SCHEDULER_ACTOR, DeadlineScheduler } from './deadlines/deadline-scheduler';
import { ClaimDriver } from './testing/claim-driver';
import { api, projected, startClaimsApp, type ClaimsTestApp } from './testing/claims-test-app';
import { newPolicy, policyEvent, reportBody, type TestPolicy } from './testing/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EVERY_DOCUMENT = ['claim_form', 'id_document', 'accident_proof', 'bank_account'];

describe('claims service: every benefit through its whole life, fast track, deadlines, relay and an integrator (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-03-01T06:00:00.000Z');
  let t: ClaimsTestApp;
  let printer: SettlementPrinter;
  let lifecycleConsumer: Consumer;
  const invalidLifecycle: { type: string; errors: string[] }[] = [];
  const lifecycle: { ceId: string; key: string; value: { type: string; claimId: string } }[] = [];
  const policies: Record<'family' | 'death' | 'shared' | 'late', TestPolicy> = {
    family: newPolicy(4),
    death: newPolicy(4),
    shared: newPolicy(2),
    late: newPolicy(3),
  };
  let handler: string;
  let supervisor: string;
  let supervisor2: string;

  beforeAll(async () => {
    t = await startClaimsApp('claims_lifecycle', clock);
    handler = t.token('handler', { sub: 'handler-1' });
    supervisor = t.token('supervisor', { sub: 'supervisor-1', region: '1101' });
    supervisor2 = t.token('supervisor', { sub: 'supervisor-2', region: '1101' });
    printer = await startSettlementPrinter({ brokers: t.brokers, topic: t.topics.settlements, print: () => undefined });
    const kafka = createKafka({ clientId: 'lifecycle-reader', brokers: t.brokers });
    lifecycleConsumer = kafka.consumer({ groupId: `test-lifecycle-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await lifecycleConsumer.connect();
    await lifecycleConsumer.subscribe({ topic: t.topics.claimEvents, fromBeginning: true });
    await lifecycleConsumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as { type: string; claimId: string };
        const check = validateClaimEventV1(value);
        if (!check.valid) invalidLifecycle.push({ type: value.type, errors: check.errors });
        lifecycle.push({ ceId: message.headers?.[Headers.id]?.toString() ?? '', key: message.key?.toString() ?? '', value });
      },
    });
    await t.publishEnrollment(Object.values(policies).map((p) => policyEvent(p)));
    for (const p of Object.values(policies)) await t.awaitPolicy(p.policyId, 1);
  }, 90_000);

  afterAll(async () => {
    await printer?.stop().catch(() => undefined);
    await lifecycleConsumer?.disconnect().catch(() => undefined);
    await t?.close();
  }, 120_000);

  const settlementsOf = (claimId: string): SettlementEventV1[] => printer.received.filter((r) => r.event.claimId === claimId).map((r) => r.event);
  const paidClaims: string[] = [];
  let twicePaid = '';

  it('takes a medical claim from report to closure, asking for the missing documents once', async () => {
    const p = policies.family;
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { claimedAmountFen: '600000' }));
    expect(claim.etag).toBe('"0"');

    clock.advance(HOUR);
    const registered = await claim.step(handler, '/registration');
    expect(registered).toMatchObject({ status: 'registered', policy: { policyId: p.policyId, policyNumber: p.policyNumber }, fastTrack: null });
    expect((registered['documents'] as { required: string[] }).required).toEqual([...EVERY_DOCUMENT, 'medical_records', 'medical_invoice', 'other_payer_statement']);

    const requested = await claim.step(handler, '/document-requests', { noticeId: 'N-0001' });
    expect(requested).toMatchObject({ status: 'awaiting_documents', documents: { request: { noticeId: 'N-0001', documents: ['accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement'] } } });
    // 一次性告知: a second notice is refused.
    expect((await claim.attempt(handler, '/document-requests', { noticeId: 'N-0002' })).body.code).toBe('CLAIM.DOCUMENTS_ALREADY_REQUESTED');

    clock.advance(2 * DAY);
    await claim.step(handler, '/documents', { documents: ['accident_proof', 'bank_account'] });
    const complete = await claim.step(handler, '/documents', { documents: ['medical_records', 'medical_invoice', 'other_payer_statement'] });
    expect(complete).toMatchObject({ status: 'documents_complete' });

    clock.advance(DAY);
    const assessed = await claim.step(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '400000', otherPayersFen: '100000' }] });
    // (4000 - 1000 - 100 deductible) yuan x 90 % = 2610 yuan, within the household's 10,000 yuan limit.
    expect(assessed).toMatchObject({ status: 'assessed', amounts: { assessedFen: '261000' } });

    // Handlers do not approve; a supervisor does (below the four-eyes amount even the assessor's supervisor alone).
    expect((await claim.attempt(handler, '/approval', {})).status).toBe(403);
    expect(await claim.step(supervisor, '/approval', {})).toMatchObject({ status: 'approved', amounts: { approvedFen: '261000' }, approval: { fourEyes: false } });
    expect(await claim.step(handler, '/payments', { paymentId: 'PAY-M-1' })).toMatchObject({ status: 'payment_scheduled', payments: [{ paymentId: 'PAY-M-1', amountFen: '261000', status: 'scheduled' }] });
    expect(await claim.step(handler, '/payments/PAY-M-1/confirmation', { paymentReference: 'BANK-M-1' })).toMatchObject({ status: 'paid', amounts: { paidFen: '261000' } });
    paidClaims.push(claim.claimId);

    clock.advance(DAY);
    expect(await claim.step(handler, '/follow-ups', { outcome: 'satisfied' })).toMatchObject({ status: 'followed_up', followUp: { outcome: 'satisfied' } });
    expect(await claim.step(handler, '/closure')).toMatchObject({ status: 'closed', closure: { outcome: 'paid' } });

    const view = await claim.get(handler);
    expect(view).toMatchObject({ claimId: claim.claimId, status: 'closed', revision: Number(claim.etag.replace(/"/g, '')), reporter: { name: '测**', phone: '139****1111' } });
    expect(JSON.stringify(view)).not.toContain(p.members[0]!.idNumber);
    // Every event records the authenticated actor and the injected clock's time.
    const stream = await t.streamOf(claim.claimId);
    expect(stream.map((e) => e.type)).toEqual([
      'ClaimReported', 'ClaimRegistered', 'ClaimDocumentsRequested', 'ClaimDocumentsReceived', 'ClaimDocumentsReceived', 'ClaimDocumentsCompleted',
      'ClaimAssessed', 'ClaimApproved', 'ClaimPaymentScheduled', 'ClaimPaid', 'ClaimFollowUpRecorded', 'ClaimClosed',
    ]);
    expect(stream.find((e) => e.type === 'ClaimApproved')?.data).toMatchObject({ by: { id: 'supervisor-1', role: 'supervisor' }, at: '2025-03-04T07:00:00.000Z', assessedBy: 'handler-1' });
    expect(stream.find((e) => e.type === 'ClaimApproved')?.metadata).toMatchObject({ actor: { id: 'supervisor-1', role: 'supervisor' }, commandType: 'ApproveClaim' });

    await projected(t, claim.claimId);
    const [ledger] = await t.query<{ committed_fen: string }>('SELECT committed_fen::text FROM claims_medical_ledger WHERE claim_id = $1', [claim.claimId]);
    expect(ledger?.committed_fen).toBe('261000');
    const list = await api(t, handler).get('/claims?limit=500');
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ claimId: claim.claimId, status: 'closed', amounts: expect.objectContaining({ paidFen: '261000' }) })]));
  }, 120_000);

  it('fast-tracks an accidental death and needs a second person to approve it (four eyes)', async () => {
    const p = policies.death;
    const documents = [...EVERY_DOCUMENT, 'death_certificate', 'household_deregistration', 'beneficiary_relationship'];
    const claim = await ClaimDriver.report(t, supervisor, reportBody(p, { benefits: ['death'], claimedAmountFen: null, documentsProvided: documents }, 1));
    const registered = await claim.step(supervisor, '/registration').catch(async (e: Error) => {
      throw new Error(`${e.message} stream=${JSON.stringify(await t.streamOf(claim.claimId))}`);
    });
    expect(registered).toMatchObject({ status: 'documents_complete', fastTrack: { reasons: ['ACCIDENTAL_DEATH'], decisionTargetDays: 3 } });

    // 100,000 yuan split equally among four insured members.
    expect(await claim.step(supervisor, '/assessment', { inputs: [{ benefit: 'death' }] })).toMatchObject({ amounts: { assessedFen: '2500000' } });
    const before = await t.streamOf(claim.claimId);
    const sameApprover = await claim.attempt(supervisor, '/approval', {});
    expect(sameApprover.status).toBe(403);
    expect(sameApprover.body.code).toBe('CLAIM.FOUR_EYES_REQUIRED');
    expect(await t.streamOf(claim.claimId)).toHaveLength(before.length);

    expect(await claim.step(supervisor2, '/approval', {})).toMatchObject({ status: 'approved', approval: { fourEyes: true, by: { id: 'supervisor-2' } } });
    await claim.step(handler, '/payments', { paymentId: 'PAY-D-1' });
    await claim.step(handler, '/payments/PAY-D-1/confirmation', { paymentReference: 'BANK-D-1' });
    paidClaims.push(claim.claimId);
    await claim.step(handler, '/follow-ups', { outcome: 'basically_satisfied' });
    expect(await claim.step(handler, '/closure')).toMatchObject({ status: 'closed', deadlineBreaches: [] });
  }, 120_000);

  it('pays a determined part of a disability claim first (Art. 25), then the rest; a returned payment is paid again', async () => {
    const p = policies.family;
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { benefits: ['disability'], claimedAmountFen: null, documentsProvided: [...EVERY_DOCUMENT, 'disability_assessment', 'medical_records'] }, 1));
    expect(await claim.step(handler, '/registration')).toMatchObject({ status: 'documents_complete' });

    // The grade is not yet certain, but at least the lowest grade's amount is: pay that now.
    const advance = await claim.step(supervisor, '/advance-payments', { paymentId: 'ADV-1', amountFen: '250000', paymentReference: 'BANK-ADV-1', basis: 'grade 10 at least, final grading pending' });
    expect(advance).toMatchObject({ status: 'documents_complete', amounts: { paidFen: '250000' } });

    // Grade 8 pays 30 % of the member's 25,000 yuan share.
    expect(await claim.step(handler, '/assessment', { inputs: [{ benefit: 'disability', grade: 8 }] })).toMatchObject({ amounts: { assessedFen: '750000' } });
    await claim.step(supervisor, '/approval', {});
    expect(await claim.step(handler, '/payments', { paymentId: 'PAY-DIS-1' })).toMatchObject({ payments: [{ paymentId: 'ADV-1' }, { paymentId: 'PAY-DIS-1', amountFen: '500000' }] });
    await claim.step(handler, '/payments/PAY-DIS-1/confirmation', { paymentReference: 'BANK-DIS-1' });

    expect(await claim.step(handler, '/payments/PAY-DIS-1/reversal', { reasonCode: 'BANK_RETURNED' })).toMatchObject({ status: 'approved', amounts: { paidFen: '250000' } });
    await claim.step(handler, '/payments', { paymentId: 'PAY-DIS-2' });
    expect(await claim.step(handler, '/payments/PAY-DIS-2/confirmation', { paymentReference: 'BANK-DIS-2' })).toMatchObject({ status: 'paid', amounts: { paidFen: '750000' } });
    paidClaims.push(claim.claimId);
    twicePaid = claim.claimId;

    // Three unanswered calls complete the follow-up as unreachable.
    for (let i = 0; i < 3; i++) await claim.step(handler, '/follow-ups', { outcome: 'unreachable' });
    expect(await claim.step(handler, '/closure')).toMatchObject({ status: 'closed', followUp: { outcome: 'unreachable' } });

    await eventually(async () => (settlementsOf(claim.claimId).length === 4 ? true : undefined), 'four settlement events of the disability claim', 60_000);
    expect(settlementsOf(claim.claimId).map((s) => [s.type, s.type === 'ClaimSettled' ? s.payment?.amountFen : s.type === 'ClaimPaymentReversed' ? s.reversal.amountFen : null])).toEqual([
      ['ClaimSettled', '250000'],
      ['ClaimSettled', '500000'],
      ['ClaimPaymentReversed', '500000'],
      ['ClaimSettled', '500000'],
    ]);
  }, 120_000);

  it('rejects an allowance claim, tells the family, closes it, and on appeal reopens and pays it', async () => {
    const p = policies.family;
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { benefits: ['allowance'], claimedAmountFen: '60000', documentsProvided: [...EVERY_DOCUMENT, 'medical_records', 'discharge_summary'] }, 2));
    await claim.step(handler, '/registration');
    expect(await claim.step(handler, '/rejection', { reasonCode: 'NOT_AN_ACCIDENT', note: 'hospital stay for a chronic illness' })).toMatchObject({ status: 'rejected' });
    // Art. 24: the file is closed only once the family was told why.
    expect((await claim.attempt(handler, '/closure')).body.code).toBe('CLAIM.REJECTION_NOTICE_NOT_SENT');
    await claim.step(handler, '/rejection-notice', {});
    expect(await claim.step(handler, '/closure')).toMatchObject({ status: 'closed', closure: { outcome: 'rejected' } });
    await eventually(async () => (settlementsOf(claim.claimId).some((s) => s.type === 'ClaimFinallyRejected') ? true : undefined), 'the final rejection at the integrator', 60_000);

    expect(await claim.step(handler, '/reopening', { reopenId: 'APPEAL-1', reason: 'appeal', note: 'the fall caused the stay' })).toMatchObject({ status: 'documents_complete', cycle: 2 });
    // 12 days at 50 yuan a day.
    expect(await claim.step(handler, '/assessment', { inputs: [{ benefit: 'allowance', days: 12 }] })).toMatchObject({ amounts: { assessedFen: '60000' } });
    await claim.step(supervisor, '/approval', {});
    await claim.step(handler, '/payments', { paymentId: 'PAY-AL-1' });
    expect(await claim.step(handler, '/payments/PAY-AL-1/confirmation', { paymentReference: 'BANK-AL-1' })).toMatchObject({ status: 'paid', amounts: { paidFen: '60000' } });
    paidClaims.push(claim.claimId);
    await claim.step(handler, '/follow-ups', { outcome: 'dissatisfied' });
    expect(await claim.step(handler, '/closure')).toMatchObject({ status: 'closed', closure: { outcome: 'paid' }, reopenings: [{ reopenId: 'APPEAL-1', reason: 'appeal' }] });
  }, 120_000);

  it('fast-tracks a small medical claim with its invoices in, and a withdrawn claim pays nothing', async () => {
    const p = policies.late;
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { claimedAmountFen: '300000', documentsProvided: [...EVERY_DOCUMENT, 'medical_records', 'medical_invoice', 'other_payer_statement'] }));
    expect(await claim.step(handler, '/registration')).toMatchObject({
      status: 'documents_complete',
      fastTrack: { reasons: ['SMALL_MEDICAL'], decisionTargetDays: 3, paymentTargetDays: 3 },
      nextDeadline: { kind: 'fast_track_decision', dueAt: '2025-03-08T07:00:00.000Z' },
    });
    await claim.step(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '250000' }] });
    await claim.step(supervisor, '/approval', { approvedFen: '200000' });
    await claim.step(handler, '/payments', {});
    const view = await claim.get(handler);
    const paymentId = (view['payments'] as { paymentId: string }[])[0]!.paymentId;
    expect(await claim.step(handler, `/payments/${paymentId}/confirmation`, { paymentReference: 'BANK-FT-1' })).toMatchObject({ status: 'paid', amounts: { approvedFen: '200000', paidFen: '200000' }, deadlineBreaches: [] });
    paidClaims.push(claim.claimId);

    const withdrawn = await ClaimDriver.report(t, handler, reportBody(p, { claimedAmountFen: '10000' }, 1));
    await withdrawn.step(handler, '/registration');
    expect(await withdrawn.step(handler, '/withdrawal', { reasonCode: 'CLAIMANT_REQUEST', note: 'settled with the other driver' })).toMatchObject({ status: 'withdrawn' });
    expect((await withdrawn.attempt(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '10000' }] })).body.code).toBe('CLAIM.WITHDRAWN');
  }, 120_000);

  it('serialises assessments of one household so that two claims cannot both spend the same medical limit', async () => {
    const p = policies.shared;
    const claims = await Promise.all(p.members.map(async (_, i) => {
      const c = await ClaimDriver.report(t, handler, reportBody(p, { claimedAmountFen: '700000', documentsProvided: [...EVERY_DOCUMENT, 'medical_records', 'medical_invoice', 'other_payer_statement'] }, i));
      await c.step(handler, '/registration');
      return c;
    }));
    // Each alone would get (7000 - 100) x 90 % = 6210 yuan; together they share 10,000 yuan.
    const assessed = await Promise.all(claims.map((c) => c.step(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '700000' }] })));
    const amounts = assessed.map((a) => (a['amounts'] as { assessedFen: string }).assessedFen).sort();
    expect(amounts).toEqual(['379000', '621000']);
    const remaining = assessed.map((a) => ((a['assessment'] as { lines: { inputs: { remainingLimitFen: string } }[] }).lines[0]!.inputs.remainingLimitFen)).sort();
    expect(remaining).toEqual(['1000000', '379000']);
  }, 120_000);

  it('records a missed decision deadline once, as the system, even when nobody touches the claim', async () => {
    const p = policies.late;
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { claimedAmountFen: '500000', documentsProvided: [...EVERY_DOCUMENT, 'medical_records', 'medical_invoice', 'other_payer_statement'] }, 2));
    await claim.step(handler, '/registration');
    await projected(t, claim.claimId);
    const scheduler = t.app.get(DeadlineScheduler);
    const [row] = await t.query<{ deadline: string; due_at: Date }>('SELECT deadline, due_at FROM claim_deadlines WHERE claim_id = $1', [claim.claimId]);
    expect(row).toMatchObject({ deadline: 'decision' });
    expect(await scheduler.runOnce()).toBe(0);

    clock.advance(31 * DAY);
    await scheduler.runOnce();
    const breaches = (await t.streamOf(claim.claimId)).filter((e) => e.type === 'ClaimDeadlineBreached');
    expect(breaches.map((e) => e.data)).toEqual([expect.objectContaining({ deadline: 'decision', cycle: 1, dueAt: row!.due_at.toISOString(), by: { id: DEADLINE_SCHEDULER_ACTOR, role: 'system' } })]);

    // A second scan (or a second scheduler) records nothing new: the same key derives the same event ids.
    await scheduler.runOnce();
    await projected(t, claim.claimId);
    await scheduler.runOnce();
    expect((await t.streamOf(claim.claimId)).filter((e) => e.type === 'ClaimDeadlineBreached')).toHaveLength(1);
    const [after] = await t.query<{ deadline: string | null }>('SELECT deadline FROM claim_deadlines WHERE claim_id = $1', [claim.claimId]);
    expect(after?.deadline).toBe('advance_payment');
    expect((await claim.get(handler))['deadlineBreaches']).toEqual([expect.objectContaining({ deadline: 'decision' })]);
  }, 120_000);

  it('relays every lifecycle event to Kafka and each settlement exactly once to the integrator after de-duplication', async () => {
    const streams = await Promise.all([...new Set([...paidClaims, ...(await t.query<{ claim_id: string }>('SELECT claim_id FROM claims_summaries')).map((r) => r.claim_id)])].map((id) => t.streamOf(id)));
    const all = streams.flat();
    await eventually(async () => (new Set(lifecycle.map((m) => m.ceId)).size >= all.length ? true : undefined), `${all.length} lifecycle events on Kafka`, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; got ${lifecycle.length}, invalid ${JSON.stringify(invalidLifecycle.slice(0, 3))}`);
    });
    expect(invalidLifecycle).toEqual([]);
    const byId = new Map(lifecycle.map((m) => [m.ceId, m]));
    for (const e of all) expect(byId.get(e.id)).toMatchObject({ key: e.streamName.replace('claim-', ''), value: { type: e.type } });

    await eventually(async () => (paidClaims.every((id) => settlementsOf(id).some((s) => s.type === 'ClaimSettled')) ? true : undefined), 'a settlement per paid claim', 60_000);
    const distinct = printer.received.length;
    // At-least-once delivery: publish the same settlements again (as a relay restarted between the broker's
    // acknowledgement and its checkpoint would); the integrator drops them by ce_id.
    const producer = createKafka({ clientId: 'redeliver', brokers: t.brokers }).producer();
    await producer.connect();
    await producer.send({
      topic: t.topics.settlements,
      messages: printer.received.map((r) => ({ key: r.event.claimId, value: JSON.stringify(r.event), headers: { [Headers.id]: r.ceId } })),
    });
    await producer.disconnect();
    await eventually(async () => (printer.duplicates >= distinct ? true : undefined), 'the redelivered settlements', 60_000);
    expect(printer.received).toHaveLength(distinct);
    expect(printer.invalid).toBe(0);
    for (const id of paidClaims) {
      const settled = settlementsOf(id).filter((s) => s.type === 'ClaimSettled' && !(s.payment?.advance ?? false));
      expect({ id, settled: settled.length }).toEqual({ id, settled: id === twicePaid ? 2 : 1 });
    }
  }, 150_000);

  it('never writes a resident ID number, a reporter\'s name or phone to the log', () => {
    expect(t.logLines.length).toBeGreaterThan(0);
    const personal = [...Object.values(policies).flatMap((p) => p.members.map((m) => m.idNumber)), '测试人', '13900001111'];
    const hits = personal.filter((value) => t.logLines.some((line) => line.includes(value)));
    expect(hits).toEqual([]);
  });
});
