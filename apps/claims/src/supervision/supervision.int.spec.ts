import type { ClaimEvent } from '@fpi/claims-domain';
import { AUDIT_TRAIL, listRoutes, ManualClock, routeProblems, type AuditTrail } from '@fpi/platform';
import { breachedThenRejected, ClaimStory, day, fastTrackedMedical, HANDLER_A, OTHER_VILLAGE, SUPERVISOR } from '../queue/testing/claim-histories';
import { startReadModelsApp, type ReadModelsTestApp } from '../queue/testing/read-models-test-app';
import { FourEyesAttempts } from './four-eyes/four-eyes-attempts.service';

const COUNTY = '330102';
const HOUR = 3_600_000;

/** A payment the decider would never produce (more than approved): what the control report must catch. */
function overpaid(): ClaimEvent[] {
  const events = fastTrackedMedical('c-overpaid').events;
  return events.map((e) => (e.type === 'ClaimPaymentScheduled' || e.type === 'ClaimPaid' ? ({ ...e, data: { ...e.data, amountFen: 400_000n } } as ClaimEvent) : e));
}

describe('supervisor reports over real PostgreSQL', () => {
  const clock = new ManualClock(day(60));
  let t: ReadModelsTestApp;
  const supervisor = () => t.as('supervisor', COUNTY, SUPERVISOR.id);
  const period = `from=${day(0)}&to=${day(60)}`;

  beforeAll(async () => {
    t = await startReadModelsApp('supervision', clock, { PAGE_SIZE_MAX: '50' });
    const stories: ClaimEvent[][] = [
      breachedThenRejected('c-late').events,
      breachedThenRejected('c-reopen').close(day(36)).reopen(day(40)).events,
      new ClaimStory('c-stale').report().register(day(2)).events,
      overpaid(),
      breachedThenRejected('c-far-late', OTHER_VILLAGE).events,
    ];
    for (const events of stories) await t.append(events);
    for (const events of stories) await t.projected(events[0]!.data.claimId, events.length - 1);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('declares every route with its roles; only supervisors and admins read them', async () => {
    expect(routeProblems(listRoutes(t.app))).toEqual([]);
    for (const report of ['deadline-breaches', 'reopened-claims', 'four-eyes-attempts', 'payments-above-assessment', 'untouched-claims', 'step-durations']) {
      await t.http().get(`/supervision/reports/${report}`).set(supervisor()).expect(200);
      await t.http().get(`/supervision/reports/${report}`).set(t.as('handler', COUNTY)).expect(403);
      await t.http().get(`/supervision/reports/${report}`).set(t.as('association', COUNTY)).expect(403);
    }
  });

  it('lists deadline breaches of the period in the supervisor\'s region', async () => {
    const res = await t.http().get(`/supervision/reports/deadline-breaches?${period}`).set(supervisor()).expect(200);
    expect(res.body).toMatchObject({ from: day(0), to: day(60), regions: { prefixes: [COUNTY] } });
    expect(res.body.breaches).toMatchObject({ total: 2, byDeadline: [{ deadline: 'decision', fastTrack: false, breaches: 2, claims: 2 }] });
    expect(res.body.breaches.items.map((i: { claimId: string }) => i.claimId).sort()).toEqual(['c-late', 'c-reopen']);
    expect(res.body.breaches.items[0]).toMatchObject({ deadline: 'decision', dueAt: day(31), recordedAt: day(33), recordedBy: 'deadline-sweeper' });
    const far = await t.http().get(`/supervision/reports/deadline-breaches?${period}`).set(t.as('supervisor', '330106')).expect(200);
    expect(far.body.breaches.items.map((i: { claimId: string }) => i.claimId)).toEqual(['c-far-late']);
    const township = async (code: string) => (await t.http().get(`/supervision/reports/deadline-breaches?${period}&township=${code}`).set(supervisor()).expect(200)).body.breaches.total;
    expect(await township('330102001')).toBe(2);
    expect(await township('330102002')).toBe(0);
    const before = await t.http().get(`/supervision/reports/deadline-breaches?from=${day(0)}&to=${day(33)}`).set(supervisor()).expect(200);
    expect(before.body.breaches.total).toBe(0);
  });

  it('lists reopened claims with the reason and where they stand now', async () => {
    const res = await t.http().get(`/supervision/reports/reopened-claims?${period}`).set(supervisor()).expect(200);
    expect(res.body.reopened).toMatchObject({ total: 1, byReason: [{ reason: 'appeal', reopenings: 1, claims: 1 }] });
    expect(res.body.reopened.items).toEqual([
      expect.objectContaining({ claimId: 'c-reopen', reopenedAt: day(40), reason: 'appeal', cycle: 2, resumedAt: 'documents_complete', statusNow: 'documents_complete', actionNow: 'assess' }),
    ]);
  });

  it('counts attempted four-eyes violations from the command layer and the audit trail, each once', async () => {
    const attempts = t.app.get(FourEyesAttempts);
    const trail = t.app.get<AuditTrail>(AUDIT_TRAIL);
    const now = new Date();
    const attempt = { claimId: 'c-late', attemptedAt: now, actor: { id: HANDLER_A.id, role: 'supervisor' }, assessedBy: HANDLER_A.id, amountFen: 2_000_000n, correlationId: 'corr-1' };
    expect(await attempts.record(attempt)).toBe(true);
    expect(await attempts.record(attempt)).toBe(false);
    expect(await attempts.record({ claimId: 'c-far-late', attemptedAt: now.toISOString(), actor: { id: 'x', role: 'supervisor' } })).toBe(true);
    await expect(attempts.record({ ...attempt, attemptedAt: 'not a time' })).rejects.toThrow(TypeError);
    const entry = { actor: HANDLER_A.id, role: 'supervisor', region: COUNTY, action: 'POST /claims/:claimId/approve', reason: null, detail: null };
    await trail.append({ ...entry, target: '/claims/c-late/approve', correlationId: 'corr-1', outcome: 'CLAIM.FOUR_EYES_REQUIRED' });
    await trail.append({ ...entry, target: '/claims/c-reopen/approve', correlationId: 'corr-2', outcome: 'CLAIM.FOUR_EYES_REQUIRED' });
    await trail.append({ ...entry, target: '/claims/c-stale/approve', correlationId: 'corr-3', outcome: 'ok' });

    const window = `from=${new Date(now.getTime() - 24 * HOUR).toISOString()}&to=${new Date(now.getTime() + 24 * HOUR).toISOString()}`;
    const res = await t.http().get(`/supervision/reports/four-eyes-attempts?${window}`).set(supervisor()).expect(200);
    expect(res.body.fourEyesAttempts).toMatchObject({ total: 2, bySource: { recorded: 1, audit_trail: 1 } });
    expect(res.body.fourEyesAttempts.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ claimId: 'c-late', source: 'recorded', amountFen: '2000000', assessedBy: HANDLER_A.id, regionCode: COUNTY }),
        expect.objectContaining({ claimId: 'c-reopen', source: 'audit_trail', actor: { id: HANDLER_A.id, role: 'supervisor' } }),
      ]),
    );
    const all = await t.http().get(`/supervision/reports/four-eyes-attempts?${window}`).set(t.as('admin', undefined)).expect(200);
    expect(all.body.fourEyesAttempts.total).toBe(3);
  });

  it('flags payments that took the paid total above the assessment', async () => {
    const res = await t.http().get(`/supervision/reports/payments-above-assessment?${period}`).set(supervisor()).expect(200);
    expect(res.body.paymentsAboveAssessment).toMatchObject({ total: 1 });
    expect(res.body.paymentsAboveAssessment.items[0]).toMatchObject({
      claimId: 'c-overpaid', type: 'ClaimPaid', amountFen: '400000', paidTotalFen: '400000', assessedFen: '351000', approvedFen: '351000',
      flags: ['PAID_ABOVE_ASSESSMENT', 'PAID_ABOVE_APPROVAL'],
    });
  });

  it('lists open claims nobody has touched for N days, oldest first', async () => {
    const res = await t.http().get('/supervision/reports/untouched-claims?days=21').set(supervisor()).expect(200);
    expect(res.body).toMatchObject({ asOf: day(60), days: 21 });
    expect(res.body.untouched.items.map((i: { claimId: string }) => i.claimId)).toEqual(['c-stale', 'c-overpaid', 'c-late']);
    expect(res.body.untouched.items[0]).toMatchObject({ action: 'request_documents', idleDays: 58, deadline: 'overdue' });
    expect(res.body.untouched.byAction).toEqual([
      { action: 'request_documents', claims: 1 },
      { action: 'follow_up', claims: 1 },
      { action: 'close', claims: 1 },
    ]);
    expect((await t.http().get('/supervision/reports/untouched-claims?days=30').set(supervisor()).expect(200)).body.untouched.total).toBe(2);
  });

  it('reports the time spent per step: median and p90, by green channel', async () => {
    const res = await t.http().get(`/supervision/reports/step-durations?${period}`).set(supervisor()).expect(200);
    const registered = res.body.steps.filter((s: { step: string }) => s.step === 'ClaimRegistered');
    // Registration took 14 h, 14 h and 38 h on the ordinary claims, 14 h on the green-channel one.
    expect(registered).toEqual([
      { step: 'ClaimRegistered', fastTrack: true, count: 1, medianMs: 14 * HOUR, p90Ms: 14 * HOUR, maxMs: 14 * HOUR },
      { step: 'ClaimRegistered', fastTrack: false, count: 3, medianMs: 14 * HOUR, p90Ms: Math.round(33.2 * HOUR), maxMs: 38 * HOUR },
    ]);
    expect(res.body.steps.some((s: { step: string }) => s.step === 'ClaimDeadlineBreached' || s.step === 'ClaimReported')).toBe(false);
  });

  it('refuses bad periods, pages and filters with a code', async () => {
    const bad = async (path: string) => (await t.http().get(`/supervision/reports/${path}`).set(supervisor()).expect(400)).body.code;
    expect(await bad(`deadline-breaches?from=${day(5)}&to=${day(5)}`)).toBe('REQUEST.INVALID_PERIOD');
    expect(await bad(`step-durations?from=${day(0)}&to=${day(400)}`)).toBe('REQUEST.INVALID_PERIOD');
    expect(await bad('reopened-claims?from=last-week')).toBe('REQUEST.INVALID_INSTANT');
    expect(await bad('untouched-claims?days=0')).toBe('REQUEST.OUT_OF_RANGE');
    expect(await bad('deadline-breaches?pageSize=51')).toBe('REQUEST.PAGE_SIZE_TOO_LARGE');
    expect(await bad('deadline-breaches?region=330106')).toBe('REQUEST.UNKNOWN_FIELD');
    expect(await bad('deadline-breaches?township=3301020')).toBe('REQUEST.INVALID_REGION');
  });
});
