import { listRoutes, ManualClock, routeProblems } from '@fpi/platform';
import { ClaimStory, day, OTHER_VILLAGE, PERSONAL, SUPERVISOR, SWEEPER } from '../queue/testing/claim-histories';
import { startReadModelsApp, type ReadModelsTestApp } from '../queue/testing/read-models-test-app';

const COUNTY = '330102';

/**
 * Documents are requested on day 1 (the decision clocks stop) and complete on day 5, so the 30-day decision
 * deadline moves from day 31 to day 34 23 h; it passes, a sweep records the breach on day 36, the claim is
 * rejected on day 37 and the family told on day 38.
 */
const pausedThenBreached = () =>
  new ClaimStory('c-audit').report().register(day(1)).requestDocuments(day(1, 1)).receiveAll(['medical'], day(5)).breach('decision', day(36)).reject(day(37)).sendNotice(day(38));

describe('audit timeline over real PostgreSQL and the event store', () => {
  const clock = new ManualClock(day(40));
  let t: ReadModelsTestApp;
  let story: ClaimStory;
  const supervisor = () => t.as('supervisor', COUNTY, SUPERVISOR.id);

  beforeAll(async () => {
    t = await startReadModelsApp('timeline', clock, { EXPORT_ROWS_MAX: '10' });
    story = pausedThenBreached();
    const elsewhere = new ClaimStory('c-far', OTHER_VILLAGE).report().register(day(1)).requestDocuments(day(1, 1));
    await t.append(story.events);
    await t.append(elsewhere.events, 'event-store');
    await t.projected(story.claimId, story.events.length - 1);
    await t.projected(elsewhere.claimId, elsewhere.events.length - 1);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('declares every route with its roles', () => {
    const routes = listRoutes(t.app);
    expect(routeProblems(routes)).toEqual([]);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /claims/:claimId/timeline', 'GET /claims/:claimId/timeline/export', 'GET /timelines/export']),
    );
  });

  it('shows every step with actor, role, time, duration, deadline standing (paused, breached), reasons and the fast-track flag', async () => {
    const res = await t.http().get('/claims/c-audit/timeline').set(supervisor()).expect(200);
    const { entries } = res.body;
    expect(entries.map((e: { type: string }) => e.type)).toEqual([
      'ClaimReported', 'ClaimRegistered', 'ClaimDocumentsRequested', 'ClaimDocumentsReceived', 'ClaimDocumentsCompleted',
      'ClaimDeadlineBreached', 'ClaimRejected', 'ClaimRejectionNoticeSent',
    ]);
    expect(entries[0]).toMatchObject({ revision: 0, actor: { id: 'handler-a', role: 'handler' }, at: day(0, 10), stepMs: null, fastTrack: false, amountFen: '800000' });
    expect(entries[1]).toMatchObject({ stepMs: 14 * 3_600_000, deadline: { state: 'on_time', kind: 'decision', dueAt: day(31) } });
    expect(entries[2]).toMatchObject({ stepMs: 3_600_000, deadline: { state: 'paused', dueAt: null } });
    const due = day(34, 23);
    expect(entries[5]).toMatchObject({ actor: { id: SWEEPER.id, role: 'system' }, stepMs: null, deadline: { state: 'breached', kind: 'decision', dueAt: due }, reasonCodes: ['decision'] });
    expect(entries[6]).toMatchObject({ actor: { role: 'supervisor' }, reasonCodes: ['EXCLUDED_CAUSE'], deadline: { state: 'breached', kind: 'decision' }, stepMs: 32 * 86_400_000 });
    expect(entries[7]).toMatchObject({ deadline: { state: 'on_time', kind: 'rejection_notice' }, statusAfter: 'rejected' });
    expect(res.body).toMatchObject({ claimId: 'c-audit', asOf: null, judgedAt: day(40), revision: 7, region: { code: COUNTY, townshipCode: '330102001', villageCode: '330102001001' } });
    expect(res.body.state).toMatchObject({ status: 'rejected', action: 'close', breaches: [{ deadline: 'decision', dueAt: due }] });
    expect(res.body.state.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'decision', standing: 'breached' }), expect.objectContaining({ kind: 'rejection_notice', standing: 'met' })]),
    );
    const text = JSON.stringify(res.body);
    for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
    // Handlers read timelines too (timeline:read); association staff do not.
    await t.http().get('/claims/c-audit/timeline').set(t.as('handler', COUNTY)).expect(200);
    await t.http().get('/claims/c-audit/timeline').set(t.as('association', COUNTY)).expect(403);
  });

  it('reconstructs the claim as of a past instant by folding its events up to then', async () => {
    const waiting = await t.http().get(`/claims/c-audit/timeline?asOf=${day(3)}`).set(supervisor()).expect(200);
    expect(waiting.body).toMatchObject({ asOf: day(3), judgedAt: day(3), revision: 2 });
    expect(waiting.body.entries).toHaveLength(3);
    expect(waiting.body.state).toMatchObject({ status: 'awaiting_documents', action: 'receive_documents', breaches: [] });
    expect(waiting.body.state.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'decision', paused: true, standing: 'paused', dueAt: null })]));

    // After the deadline passed but before any sweep noticed: the state was already overdue.
    const late = await t.http().get('/claims/c-audit/timeline?asOf=2025-04-05T12:00:00%2B08:00').set(supervisor()).expect(200);
    expect(late.body).toMatchObject({ revision: 4, state: { status: 'documents_complete', action: 'assess', breaches: [] } });
    expect(late.body.state.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'decision', standing: 'overdue', dueAt: day(34, 23) })]));

    // At the instant of a step, that step is included.
    expect((await t.http().get(`/claims/c-audit/timeline?asOf=${day(1)}`).set(supervisor()).expect(200)).body.revision).toBe(1);

    // Folding everything gives exactly the lines the projection wrote.
    const live = await t.http().get('/claims/c-audit/timeline').set(supervisor()).expect(200);
    const folded = await t.http().get(`/claims/c-audit/timeline?asOf=${day(100)}`).set(supervisor()).expect(200);
    expect(folded.body.entries).toEqual(live.body.entries);
  });

  it('refuses an asOf before the claim existed, or not an instant, with a code', async () => {
    const before = await t.http().get(`/claims/c-audit/timeline?asOf=${day(0)}`).set(supervisor()).expect(400);
    expect(before.body).toMatchObject({ code: 'TIMELINE.AS_OF_BEFORE_CLAIM', details: { reportedAt: day(0, 10) } });
    for (const bad of ['yesterday', '2025-03-05', '2025-03-05T10:00:00']) {
      expect((await t.http().get(`/claims/c-audit/timeline?asOf=${bad}`).set(supervisor()).expect(400)).body.code).toBe('REQUEST.INVALID_INSTANT');
    }
    expect((await t.http().get('/claims/c-audit/timeline?as_of=x').set(supervisor()).expect(400)).body.code).toBe('REQUEST.UNKNOWN_FIELD');
  });

  it('answers 404 for another region\'s claim, with or without asOf, and for its export', async () => {
    const other = t.as('supervisor', '330106');
    for (const path of ['/claims/c-audit/timeline', `/claims/c-audit/timeline?asOf=${day(3)}`, '/claims/c-audit/timeline/export', '/claims/c-nope/timeline']) {
      expect((await t.http().get(path).set(other).expect(404)).body.code).toBe('CLAIM.NOT_FOUND');
    }
    await t.http().get('/claims/c-far/timeline').set(other).expect(200);
  });

  it('exports one claim\'s timeline as CSV and JSON, masked, for those allowed to export', async () => {
    const csv = await t.http().get('/claims/c-audit/timeline/export?format=csv').set(supervisor()).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="timeline-c-audit.csv"');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('claimId,revision,type,at,actorId,actorRole,stepMs,deadlineState,deadlineKind,dueAt,reasonCodes,flags,fastTrack,statusAfter,cycle,amountFen');
    expect(lines).toHaveLength(1 + story.events.length);
    expect(lines[6]).toBe(`c-audit,5,ClaimDeadlineBreached,${day(36)},deadline-sweeper,system,,breached,decision,${day(34, 23)},decision,,false,documents_complete,1,`);
    for (const value of Object.values(PERSONAL)) expect(csv.text).not.toContain(value);

    const json = await t.http().get('/claims/c-audit/timeline/export?format=json').set(supervisor()).expect(200);
    expect(json.body).toMatchObject({ claimId: 'c-audit', rows: story.events.length });
    expect(json.body.entries[6]).toMatchObject({ type: 'ClaimRejected', reasonCodes: ['EXCLUDED_CAUSE'] });
    expect(JSON.stringify(json.body)).not.toContain(PERSONAL.phone);

    await t.http().get('/claims/c-audit/timeline/export').set(t.as('handler', COUNTY)).expect(403);
    const bad = await t.http().get('/claims/c-audit/timeline/export?format=xlsx').set(supervisor()).expect(400);
    expect(bad.body).toMatchObject({ code: 'REQUEST.UNKNOWN_FILTER_VALUE', details: { valid: ['csv', 'json'] } });
  });

  it('exports a region\'s lines over a period, and refuses more rows than the cap instead of cutting them', async () => {
    const admin = t.as('admin', undefined, 'root');
    const tooMany = await t.http().get(`/timelines/export?from=${day(0)}&to=${day(60)}`).set(admin).expect(422);
    expect(tooMany.body).toMatchObject({ code: 'EXPORT.TOO_MANY_ROWS', details: { maxRows: 10 } });
    const county = await t.http().get(`/timelines/export?format=json&from=${day(0)}&to=${day(60)}`).set(supervisor()).expect(200);
    expect(county.body).toMatchObject({ from: day(0), to: day(60), rows: story.events.length });
    expect(county.body.entries.every((e: { claimId: string }) => e.claimId === 'c-audit')).toBe(true);
    const narrow = await t.http().get(`/timelines/export?from=${day(1)}&to=${day(2)}`).set(admin).expect(200);
    expect(narrow.text.trimEnd().split('\r\n')).toHaveLength(1 + 4);
    expect((await t.http().get(`/timelines/export?from=${day(5)}&to=${day(1)}`).set(admin).expect(400)).body.code).toBe('REQUEST.INVALID_PERIOD');
    expect((await t.http().get(`/timelines/export?from=${day(0)}&to=${day(400)}`).set(admin).expect(400)).body.code).toBe('REQUEST.INVALID_PERIOD');
  });
});
