import { listRoutes, ManualClock, RegionScope, routeProblems, type Principal } from '@fpi/platform';
import { eventually } from '@fpi/testing';
import { requiredDocuments, type ClaimEvent } from '@fpi/claims-domain';
import { QueueLeases } from './leases/queue-leases.service';
import { ClaimProjectionRunner, historyLoader } from './projection/claim-projection.runner';
import { ClaimProjectionWriter } from './projection/claim-projection.writer';
import type { StreamEvent } from './projection/claim-row';
import { toStreamEvent } from './projection/stream-event';
import { ClaimStory, day, HANDLER_A, MEDICAL, OTHER_VILLAGE, PERSONAL, SUPERVISOR, VILLAGE } from './testing/claim-histories';
import { startReadModelsApp, type ReadModelsTestApp } from './testing/read-models-test-app';

const COUNTY = '330102';
const RACE_COUNTY = '330110';
const TOWN_COUNTY = '330112';
const CROWD_COUNTY = '330114';
const TOWNSHIP_1 = '330112001';
const TOWNSHIP_2 = '330112002';
const NOW = day(10);

/** The county's claims, chosen so that each lands in a different place of the queue. */
function countyClaims(): Record<string, ClaimStory> {
  const invoiceIn = { claimedAmountFen: 300_000n, documentsProvided: ['claim_form' as const, 'id_document' as const, 'medical_invoice' as const] };
  return {
    // Green channel, documents complete at registration: the 3-day target falls 12 h after "now".
    ftDue: new ClaimStory('c-ft-due').report({ ...invoiceIn, documentsProvided: requiredDocuments(['medical']), at: day(7) }).register(day(7, 12)),
    // Green channel, waiting for the family's documents: clocks paused.
    ftPaused: new ClaimStory('c-ft-paused', '330102002001').report(invoiceIn).register(day(1)).requestDocuments(day(1, 1)),
    // Rejected on day 5; the notice was due on day 8.
    overdue: new ClaimStory('c-overdue').report().register(day(1)).receiveAll(['medical'], day(2)).reject(day(5)),
    normal: new ClaimStory('c-normal').report().register(day(1)),
    approve: new ClaimStory('c-approve').report().register(day(2)).receiveAll(['medical'], day(2, 1)).assess([MEDICAL], day(3), HANDLER_A),
    fresh: new ClaimStory('c-fresh').report({ benefits: ['death', 'medical'], claimedAmountFen: null, at: day(9) }),
    withdrawn: new ClaimStory('c-withdrawn').report().register(day(1)).withdraw(day(2)),
    elsewhere: new ClaimStory('c-elsewhere', OTHER_VILLAGE).report().register(day(1)),
  };
}

const ORDER = ['c-ft-due', 'c-ft-paused', 'c-overdue', 'c-normal', 'c-approve', 'c-fresh'];

/** A county with two townships: the top of the county's queue lies in township 2; one claim has no household yet. */
const townshipClaims = (): ClaimStory[] => [
  new ClaimStory('c-twn-2a', `${TOWNSHIP_2}001`).report().register(day(0, 12)),
  new ClaimStory('c-twn-1a', `${TOWNSHIP_1}001`).report().register(day(1)),
  new ClaimStory('c-twn-1b', `${TOWNSHIP_1}002`).report().register(day(2)),
  // Not registered: no policy, so no household village; its county's queue has it, no township's does.
  new ClaimStory('c-twn-new', `${TOWNSHIP_1}003`).report({ at: day(3) }),
];
const TOWN_ORDER = ['c-twn-2a', 'c-twn-1a', 'c-twn-1b', 'c-twn-new'];

describe('fast-track queue over real PostgreSQL and the event store', () => {
  const clock = new ManualClock(NOW);
  let t: ReadModelsTestApp;
  let stories: Record<string, ClaimStory>;
  const handlerA = () => t.as('handler', COUNTY, 'handler-a');
  const handlerB = () => t.as('handler', COUNTY, 'handler-b');
  const supervisor = () => t.as('supervisor', COUNTY, SUPERVISOR.id);

  beforeAll(async () => {
    t = await startReadModelsApp('queue', clock, { PAGE_SIZE_MAX: '50', PAGE_SIZE_DEFAULT: '20' }, { leaseMs: 10 * 60_000 });
    stories = countyClaims();
    const race = Array.from({ length: 20 }, (_, i) => new ClaimStory(`c-race-${String(i).padStart(2, '0')}`, `${RACE_COUNTY}001001`).report().register(day(1, i)));
    const crowd = Array.from({ length: 12 }, (_, i) => new ClaimStory(`c-crowd-${String(i).padStart(2, '0')}`, `${CROWD_COUNTY}001001`).report().register(day(2, i)));
    const all = [...Object.values(stories), ...race, ...townshipClaims(), ...crowd];
    // Half in each encoding the write side may use: the projection must read both.
    await Promise.all(all.map((s, i) => t.append(s.events, i % 2 === 0 ? 'domain' : 'event-store')));
    await Promise.all(all.map((s) => t.projected(s.claimId, s.events.length - 1)));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('declares every route with its roles, and serves the queue routes', () => {
    const routes = listRoutes(t.app);
    expect(routeProblems(routes)).toEqual([]);
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining([
      'GET /queue', 'GET /queue/claims/:claimId', 'GET /queue/summary', 'GET /queue/summary/handlers', 'POST /queue/next',
      'POST /queue/claims/:claimId/lease', 'PUT /queue/claims/:claimId/lease', 'DELETE /queue/claims/:claimId/lease',
      'PUT /queue/claims/:claimId/assignment', 'GET /queue/projection', 'POST /queue/projection/rebuild',
    ]));
  });

  it('lists the caller\'s county fast-track first, then by earliest due, with the action and deadline bucket', async () => {
    const res = await t.http().get('/queue').set(handlerA()).expect(200);
    expect(res.body.items.map((i: { claimId: string }) => i.claimId)).toEqual(ORDER);
    const [ftDue, ftPaused, overdue, normal, approve, fresh] = res.body.items;
    expect(ftDue).toMatchObject({ action: 'assess', fastTrack: true, fastTrackReasons: ['SMALL_MEDICAL'], deadline: { kind: 'fast_track_decision', dueAt: day(10, 12), bucket: 'due_soon' } });
    expect(ftPaused).toMatchObject({ action: 'receive_documents', deadline: { paused: true, dueAt: null, bucket: 'paused' }, region: { code: COUNTY, townshipCode: '330102002', villageCode: '330102002001' } });
    expect(overdue).toMatchObject({ action: 'send_rejection_notice', status: 'rejected', deadline: { kind: 'rejection_notice', bucket: 'overdue' } });
    expect(normal).toMatchObject({ action: 'request_documents', deadline: { kind: 'decision', dueAt: day(31), bucket: 'on_time' } });
    expect(approve).toMatchObject({ action: 'approve', amounts: { assessedFen: '351000', paidFen: '0' } });
    expect(fresh).toMatchObject({ action: 'register', deadline: null, region: { code: COUNTY, townshipCode: null, villageCode: null } });
    expect(res.body).toMatchObject({ nextCursor: null, pageSize: 20, asOf: NOW, dueSoonHours: 24 });
    expect(JSON.stringify(res.body)).not.toContain(PERSONAL.name);
  });

  it('filters by action, status, benefit, fast track, deadline bucket and township, and never looks outside the token', async () => {
    const ids = async (query: string, headers = handlerA()) =>
      (await t.http().get(`/queue${query}`).set(headers).expect(200)).body.items.map((i: { claimId: string }) => i.claimId);
    expect(await ids('?action=assess,approve')).toEqual(['c-ft-due', 'c-approve']);
    expect(await ids('?status=rejected')).toEqual(['c-overdue']);
    expect(await ids('?benefit=death')).toEqual(['c-fresh']);
    expect(await ids('?fastTrack=true')).toEqual(['c-ft-due', 'c-ft-paused']);
    expect(await ids('?fastTrack=false&deadline=overdue,none')).toEqual(['c-overdue', 'c-fresh']);
    expect(await ids('?deadline=due_soon')).toEqual(['c-ft-due']);
    expect(await ids('?deadline=due_soon&dueSoonHours=720')).toEqual(['c-ft-due', 'c-normal', 'c-approve']);
    expect(await ids('?deadline=paused')).toEqual(['c-ft-paused']);
    expect(await ids('?township=330102002')).toEqual(['c-ft-paused']);
    expect(await ids('?township=330102001')).toEqual(['c-ft-due', 'c-overdue', 'c-normal', 'c-approve']);
    expect(await ids('?county=330102&township=330106002')).toEqual([]);
    // A township token sees the claims of its township's households, asking for its county or not, and no other township's.
    const townshipHandler = t.as('handler', '330102001', 'handler-t');
    expect(await ids('', townshipHandler)).toEqual(['c-ft-due', 'c-overdue', 'c-normal', 'c-approve']);
    expect(await ids('?county=330102', townshipHandler)).toEqual(['c-ft-due', 'c-overdue', 'c-normal', 'c-approve']);
    expect(await ids('?township=330102001', townshipHandler)).toEqual(['c-ft-due', 'c-overdue', 'c-normal', 'c-approve']);
    expect(await ids('?township=330102002', townshipHandler)).toEqual([]);
    expect(await ids('?county=330106', townshipHandler)).toEqual([]);
    // Another county is empty, never a wider list; a city token sees its counties.
    expect(await ids('?county=330106')).toEqual([]);
    expect(await ids('?county=330102', t.as('supervisor', '3301', 'city'))).toEqual(ORDER);
    expect(await ids('', t.as('handler', '330106', 'handler-x'))).toEqual(['c-elsewhere']);
    expect(await ids('?county=330102', t.as('admin', undefined, 'root'))).toEqual(ORDER);
  });

  it('pages with an opaque cursor in queue order', async () => {
    const first = await t.http().get('/queue?pageSize=4').set(handlerA()).expect(200);
    expect(first.body.items).toHaveLength(4);
    const second = await t.http().get(`/queue?pageSize=4&cursor=${first.body.nextCursor}`).set(handlerA()).expect(200);
    expect([...first.body.items, ...second.body.items].map((i: { claimId: string }) => i.claimId)).toEqual(ORDER);
    expect(second.body.nextCursor).toBeNull();
  });

  it('counts per bucket for the handler\'s and the supervisor\'s overview', async () => {
    const res = await t.http().get('/queue/summary').set(handlerA()).expect(200);
    const bucket = (action: string, fastTrack: boolean) => res.body.buckets.find((b: { action: string; fastTrack: boolean }) => b.action === action && b.fastTrack === fastTrack);
    expect(bucket('assess', true)).toMatchObject({ total: 1, dueSoon: 1, overdue: 0 });
    expect(bucket('send_rejection_notice', false)).toMatchObject({ total: 1, overdue: 1 });
    expect(bucket('receive_documents', true)).toMatchObject({ total: 1, paused: 1 });
    expect(bucket('register', false)).toMatchObject({ total: 1, noDeadline: 1 });
    expect(res.body.totals).toMatchObject({ total: 6, overdue: 1, dueSoon: 1, onTime: 2, paused: 1, noDeadline: 1, held: 0, mine: 0 });
    const wide = await t.http().get('/queue/summary?dueSoonHours=720').set(supervisor()).expect(200);
    expect(wide.body.totals).toMatchObject({ total: 6, dueSoon: 3, onTime: 0 });
    await t.http().get('/queue/summary/handlers').set(handlerA()).expect(403);
  });

  it('refuses bad input with a code: oversized pages, unknown filter values (listing the valid ones), unknown fields, bad cursors', async () => {
    const bad = async (query: string) => (await t.http().get(`/queue${query}`).set(handlerA()).expect(400)).body;
    expect(await bad('?pageSize=51')).toMatchObject({ code: 'REQUEST.PAGE_SIZE_TOO_LARGE', details: { max: 50 } });
    expect(await bad('?pageSize=0')).toMatchObject({ code: 'REQUEST.PAGE_SIZE_INVALID' });
    const unknown = await bad('?status=reported,lost');
    expect(unknown).toMatchObject({ code: 'REQUEST.UNKNOWN_FILTER_VALUE', details: { field: 'status', unknown: ['lost'] } });
    expect(unknown.details.valid).toContain('awaiting_documents');
    expect(unknown.message).toContain('documents_complete');
    expect(await bad('?action=pay')).toMatchObject({ code: 'REQUEST.UNKNOWN_FILTER_VALUE', details: { valid: expect.arrayContaining(['schedule_payment', 'follow_up']) } });
    expect(await bad('?deadline=late')).toMatchObject({ details: { valid: ['overdue', 'due_soon', 'on_time', 'paused', 'none'] } });
    expect(await bad('?fastTrack=yes')).toMatchObject({ code: 'REQUEST.UNKNOWN_FILTER_VALUE', details: { valid: ['true', 'false'] } });
    expect(await bad('?region=330106')).toMatchObject({ code: 'REQUEST.UNKNOWN_FIELD' });
    expect(await bad('?cursor=not-ours')).toMatchObject({ code: 'REQUEST.INVALID_CURSOR' });
    expect(await bad('?county=33010')).toMatchObject({ code: 'REQUEST.INVALID_REGION' });
    expect(await bad('?dueSoonHours=0')).toMatchObject({ code: 'REQUEST.OUT_OF_RANGE' });
    await t.http().get('/queue').set(t.as('association', COUNTY)).expect(403);
    await t.http().get('/queue').expect(401);
  });

  it('answers 404 for a claim of another region, exactly as for one that does not exist', async () => {
    const foreign = await t.http().get('/queue/claims/c-elsewhere').set(handlerA()).expect(404);
    const missing = await t.http().get('/queue/claims/c-nope').set(handlerA()).expect(404);
    expect(foreign.body.code).toBe('CLAIM.NOT_FOUND');
    expect({ ...foreign.body, correlationId: undefined }).toEqual({ ...missing.body, correlationId: undefined });
    await t.http().post('/queue/claims/c-elsewhere/lease').set(handlerA()).expect(404);
    await t.http().get('/queue/claims/..%2Fetc').set(handlerA()).expect(404);
    await t.http().get('/queue/claims/c-elsewhere').set(t.as('handler', '330106')).expect(200);
  });

  it('leases a claim: one holder at a time, renewals and releases only by the holder, expiry by the service clock, reassignment by a supervisor', async () => {
    clock.set(NOW);
    const taken = await t.http().post('/queue/claims/c-normal/lease').set(handlerA()).expect(200);
    expect(taken.body).toEqual({ claimId: 'c-normal', handlerId: 'handler-a', takenAt: NOW, leaseExpiresAt: day(10, 1 / 6) });

    const conflict = await t.http().post('/queue/claims/c-normal/lease').set(handlerB()).expect(409);
    expect(conflict.body).toMatchObject({ code: 'QUEUE.CLAIM_HELD', details: { heldBy: 'handler-a', until: day(10, 1 / 6) } });
    expect(conflict.body.message).toContain('handler-a');
    expect((await t.http().put('/queue/claims/c-normal/lease').set(handlerB()).expect(403)).body).toMatchObject({ code: 'QUEUE.NOT_LEASE_HOLDER', details: { heldBy: 'handler-a' } });
    expect((await t.http().delete('/queue/claims/c-normal/lease').set(handlerB()).expect(403)).body.code).toBe('QUEUE.NOT_LEASE_HOLDER');
    expect((await t.http().put('/queue/claims/c-fresh/lease').set(handlerB()).expect(409)).body.code).toBe('QUEUE.LEASE_NOT_ACTIVE');

    clock.advance(5 * 60_000);
    const renewed = await t.http().put('/queue/claims/c-normal/lease').set(handlerA()).expect(200);
    expect(renewed.body).toMatchObject({ takenAt: NOW, leaseExpiresAt: new Date(Date.parse(NOW) + 15 * 60_000).toISOString() });
    const mine = await t.http().get('/queue?assignee=me').set(handlerA()).expect(200);
    expect(mine.body.items.map((i: { claimId: string }) => i.claimId)).toEqual(['c-normal']);
    expect(mine.body.items[0].assignment).toMatchObject({ handlerId: 'handler-a' });
    expect((await t.http().get('/queue/summary').set(handlerA()).expect(200)).body.totals).toMatchObject({ held: 1, mine: 1 });

    // The lease runs out by the service clock: the claim is back in the queue, and the former holder cannot renew it.
    clock.advance(11 * 60_000);
    expect((await t.http().get('/queue?assignee=none').set(handlerB()).expect(200)).body.items.map((i: { claimId: string }) => i.claimId)).toContain('c-normal');
    expect((await t.http().put('/queue/claims/c-normal/lease').set(handlerA()).expect(409)).body.code).toBe('QUEUE.LEASE_NOT_ACTIVE');
    const takenOver = await t.http().post('/queue/claims/c-normal/lease').set(handlerB()).expect(200);
    expect(takenOver.body).toMatchObject({ handlerId: 'handler-b', takenAt: clock.now().toISOString() });

    await t.http().put('/queue/claims/c-normal/assignment').set(handlerA()).send({ handlerId: 'handler-a' }).expect(403);
    const reassigned = await t.http().put('/queue/claims/c-normal/assignment').set(supervisor()).send({ handlerId: 'handler-a', minutes: 60 }).expect(200);
    expect(reassigned.body).toMatchObject({ handlerId: 'handler-a', leaseExpiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString() });
    expect((await t.http().put('/queue/claims/c-normal/assignment').set(supervisor()).send({ handlerId: 'handler-a', minutes: 100_000 }).expect(400)).body.code).toBe('REQUEST.OUT_OF_RANGE');
    expect((await t.http().put('/queue/claims/c-normal/assignment').set(supervisor()).send({ handlerId: 'a b' }).expect(400)).body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect((await t.http().put('/queue/claims/c-withdrawn/assignment').set(supervisor()).send({ handlerId: 'handler-a' }).expect(409)).body.code).toBe('QUEUE.NOT_QUEUED');
    expect((await t.http().post('/queue/claims/c-withdrawn/lease').set(handlerA()).expect(409)).body.code).toBe('QUEUE.NOT_QUEUED');

    const loads = await t.http().get('/queue/summary/handlers').set(supervisor()).expect(200);
    expect(loads.body.handlers).toEqual([expect.objectContaining({ handlerId: 'handler-a', held: 1 })]);
    await t.http().delete('/queue/claims/c-normal/lease').set(handlerA()).expect(204);
    expect((await t.http().delete('/queue/claims/c-normal/lease').set(handlerA()).expect(409)).body.code).toBe('QUEUE.LEASE_NOT_ACTIVE');
  });

  it('gives 16 concurrent next-claim calls from two handlers 16 different claims, in queue order, and then nothing', async () => {
    clock.set(NOW);
    const a = t.as('handler', RACE_COUNTY, 'racer-a');
    const b = t.as('handler', RACE_COUNTY, 'racer-b');
    const calls = await Promise.all(Array.from({ length: 16 }, (_, i) => t.http().post('/queue/next').set(i % 2 === 0 ? a : b).send({})));
    const ids = calls.map((r) => {
      expect(r.status).toBe(200);
      return r.body.claim.claimId as string;
    });
    expect(new Set(ids).size).toBe(16);
    const { rows } = await t.pool.query<{ claim_id: string; assignee: string }>(`SELECT claim_id, assignee FROM queue_claims WHERE county_code = $1 AND assignee IS NOT NULL ORDER BY claim_id`, [RACE_COUNTY]);
    expect(rows).toHaveLength(16);
    // Every one of the first 16 in queue order was taken: no call skipped ahead of an untaken claim.
    expect(rows.map((r) => r.claim_id)).toEqual(Array.from({ length: 16 }, (_, i) => `c-race-${String(i).padStart(2, '0')}`));
    const rest = await Promise.all(Array.from({ length: 6 }, () => t.http().post('/queue/next').set(a).send({})));
    const more = rest.map((r) => r.body.claim?.claimId).filter(Boolean);
    expect(more.sort()).toEqual(['c-race-16', 'c-race-17', 'c-race-18', 'c-race-19']);
    expect((await t.http().post('/queue/next').set(b).send({})).body).toEqual({ claim: null });

    // Leases expire: the claims come back, and next-claim takes them again in queue order.
    clock.advance(10 * 60_000 + 1);
    expect((await t.http().post('/queue/next').set(b).send({})).body.claim).toMatchObject({ claimId: 'c-race-00', assignment: { handlerId: 'racer-b' } });
  });

  it('serves callers asking at once through shared statements: each claim to exactly the caller it is recorded for, every claim, then nothing', async () => {
    clock.set(NOW);
    const leases = t.app.get(QueueLeases);
    const callers = Array.from({ length: 30 }, (_, i): Principal => ({ sub: `crowd-${i % 3}`, role: 'handler', region: CROWD_COUNTY, via: 'jwt' }));
    const scope = RegionScope.forPrincipal(callers[0]!);
    const received = await Promise.all(callers.map((p) => leases.next(p, scope, {})));
    const given = received.flatMap((item, i) => (item ? [[item.claimId, callers[i]!.sub] as const] : []));
    expect(given.map(([id]) => id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c-crowd-${String(i).padStart(2, '0')}`));
    for (const [i, item] of received.entries()) if (item) expect(item.assignment).toMatchObject({ handlerId: callers[i]!.sub, leaseExpiresAt: day(10, 1 / 6) });
    const { rows } = await t.pool.query<{ claim_id: string; assignee: string }>(`SELECT claim_id, assignee FROM queue_claims WHERE county_code = $1 ORDER BY claim_id`, [CROWD_COUNTY]);
    expect(rows.map((r) => [r.claim_id, r.assignee])).toEqual([...given].sort(([a], [b]) => a.localeCompare(b)));
    expect(await leases.next(callers[0]!, scope, {})).toBeNull();
  });

  it('scopes lists, counts, next-claim and leases by township for a township token', async () => {
    clock.set(NOW);
    const t1 = t.as('handler', TOWNSHIP_1, 'handler-t1');
    const t2 = t.as('handler', TOWNSHIP_2, 'handler-t2');
    const t1Supervisor = t.as('supervisor', TOWNSHIP_1, 'supervisor-t1');
    const county = t.as('handler', TOWN_COUNTY, 'handler-county');
    const ids = async (query: string, headers: { Authorization: string }) =>
      (await t.http().get(`/queue${query}`).set(headers).expect(200)).body.items.map((i: { claimId: string }) => i.claimId);

    expect(await ids('', county)).toEqual(TOWN_ORDER);
    expect(await ids('', t1)).toEqual(['c-twn-1a', 'c-twn-1b']);
    expect(await ids(`?county=${TOWN_COUNTY}`, t1)).toEqual(['c-twn-1a', 'c-twn-1b']);
    expect(await ids(`?township=${TOWNSHIP_2}`, t1)).toEqual([]);
    expect(await ids('', t2)).toEqual(['c-twn-2a']);
    await t.http().get('/queue/claims/c-twn-1a').set(t1).expect(200);
    for (const foreign of ['c-twn-2a', 'c-twn-new', 'c-normal']) {
      expect((await t.http().get(`/queue/claims/${foreign}`).set(t1).expect(404)).body.code).toBe('CLAIM.NOT_FOUND');
    }
    const counted = await t.http().get('/queue/summary').set(t1).expect(200);
    expect(counted.body.totals).toMatchObject({ total: 2, held: 0, mine: 0 });
    expect(counted.body.buckets).toEqual([expect.objectContaining({ action: 'request_documents', fastTrack: false, total: 2 })]);

    // Next-claim passes over the county's top claim, which lies in the other township, and never reaches outside its own.
    const first = await t.http().post('/queue/next').set(t1).send({}).expect(200);
    expect(first.body.claim).toMatchObject({ claimId: 'c-twn-1a', region: { townshipCode: TOWNSHIP_1 }, assignment: { handlerId: 'handler-t1' } });
    expect((await t.http().post('/queue/next').set(t1).send({}).expect(200)).body.claim).toMatchObject({ claimId: 'c-twn-1b' });
    expect((await t.http().post('/queue/next').set(t1).send({}).expect(200)).body).toEqual({ claim: null });
    expect((await t.http().post('/queue/next').set(t1).send({ township: TOWNSHIP_2 }).expect(200)).body).toEqual({ claim: null });
    expect((await t.http().get('/queue/summary').set(t1).expect(200)).body.totals).toMatchObject({ total: 2, held: 2, mine: 2 });

    // Leases: the township's own claims only; another township's answer the same 404 as a missing claim.
    clock.advance(60_000);
    expect((await t.http().put('/queue/claims/c-twn-1a/lease').set(t1).expect(200)).body).toMatchObject({ claimId: 'c-twn-1a', handlerId: 'handler-t1' });
    await t.http().delete('/queue/claims/c-twn-1b/lease').set(t1).expect(204);
    expect((await t.http().post('/queue/claims/c-twn-1b/lease').set(t1).expect(200)).body).toMatchObject({ handlerId: 'handler-t1' });
    for (const [method, path] of [['post', 'lease'], ['put', 'lease'], ['delete', 'lease']] as const) {
      expect((await t.http()[method](`/queue/claims/c-twn-2a/${path}`).set(t1).expect(404)).body.code).toBe('CLAIM.NOT_FOUND');
    }
    expect((await t.http().post('/queue/claims/c-twn-new/lease').set(t1).expect(404)).body.code).toBe('CLAIM.NOT_FOUND');
    await t.http().put('/queue/claims/c-twn-2a/assignment').set(t1Supervisor).send({ handlerId: 'handler-t1' }).expect(404);
    const given = await t.http().put('/queue/claims/c-twn-1b/assignment').set(t1Supervisor).send({ handlerId: 'handler-t1b' }).expect(200);
    expect(given.body).toMatchObject({ claimId: 'c-twn-1b', handlerId: 'handler-t1b' });
    const loads = await t.http().get('/queue/summary/handlers').set(t1Supervisor).expect(200);
    expect(loads.body.handlers.map((h: { handlerId: string; held: number }) => [h.handlerId, h.held])).toEqual([['handler-t1', 1], ['handler-t1b', 1]]);

    // The other township's handler gets its own claim, and cannot touch township 1's.
    expect((await t.http().post('/queue/next').set(t2).send({}).expect(200)).body.claim).toMatchObject({ claimId: 'c-twn-2a', assignment: { handlerId: 'handler-t2' } });
    expect((await t.http().post('/queue/next').set(t2).send({}).expect(200)).body).toEqual({ claim: null });
    await t.http().put('/queue/claims/c-twn-1a/lease').set(t2).expect(404);
    // The county still sees (and may work on) all four; the unregistered claim is left for it.
    expect((await t.http().post('/queue/next').set(county).send({}).expect(200)).body.claim).toMatchObject({ claimId: 'c-twn-new' });
    const { rows } = await t.pool.query<{ claim_id: string; assignee: string }>(`SELECT claim_id, assignee FROM queue_claims WHERE county_code = $1 ORDER BY claim_id`, [TOWN_COUNTY]);
    expect(rows).toEqual([
      { claim_id: 'c-twn-1a', assignee: 'handler-t1' },
      { claim_id: 'c-twn-1b', assignee: 'handler-t1b' },
      { claim_id: 'c-twn-2a', assignee: 'handler-t2' },
      { claim_id: 'c-twn-new', assignee: 'handler-county' },
    ]);
  });

  it('never gives a handler an approval, nor anyone the approval of a claim they assessed', async () => {
    clock.set(day(10, 2));
    const handlerC = t.as('handler', COUNTY, 'handler-c');
    const taken: string[] = [];
    for (;;) {
      const res = await t.http().post('/queue/next').set(handlerC).send({ actions: ['approve', 'assess', 'register'] }).expect(200);
      if (!res.body.claim) break;
      taken.push(res.body.claim.claimId);
    }
    expect(taken).toEqual(['c-ft-due', 'c-fresh']);
    // handler-a assessed c-approve: four eyes means the approval goes to someone else.
    const assessor = await t.http().post('/queue/next').set(t.as('supervisor', COUNTY, HANDLER_A.id)).send({ actions: ['approve'] }).expect(200);
    expect(assessor.body).toEqual({ claim: null });
    const other = await t.http().post('/queue/next').set(supervisor()).send({ actions: ['approve'] }).expect(200);
    expect(other.body.claim).toMatchObject({ claimId: 'c-approve', action: 'approve' });
    expect((await t.http().post('/queue/next').set(handlerC).send({ actions: ['pay'] }).expect(400)).body.code).toBe('REQUEST.UNKNOWN_FILTER_VALUE');
    expect((await t.http().post('/queue/next').set(handlerC).send({ region: '330106' }).expect(400)).body.code).toBe('REQUEST.UNKNOWN_FIELD');
    // No body at all means no narrowing: the top unassigned claim the handler may work on.
    const noBody = await t.http().post('/queue/next').set(handlerC).expect(200);
    expect(noBody.body.claim).toMatchObject({ claimId: 'c-ft-paused', assignment: { handlerId: 'handler-c' } });
  });

  describe('the projection writer', () => {
    const snapshot = async () => {
      const q = await t.pool.query(
        `SELECT * FROM queue_claims ORDER BY claim_id`,
      );
      const s = await t.pool.query('SELECT * FROM queue_claim_states ORDER BY claim_id');
      const e = await t.pool.query('SELECT * FROM timeline_entries ORDER BY claim_id, revision');
      const strip = (r: Record<string, unknown>) => {
        const { assignee: _a, lease_expires_at: _l, lease_taken_at: _t, ...rest } = r;
        return rest;
      };
      return { queue: q.rows.map(strip), states: s.rows, entries: e.rows };
    };
    const everything = async (): Promise<StreamEvent[]> => {
      const { events } = await t.store.readAll({ filter: { category: 'claim' }, maxCount: 10_000 });
      return events.map(toStreamEvent).filter((e): e is StreamEvent => e !== null);
    };

    it('changes nothing when the whole history is applied again, twice', async () => {
      const before = await snapshot();
      const writer = new ClaimProjectionWriter(t.pool, historyLoader(t.store));
      const history = await everything();
      expect((await writer.apply(history)).applied).toBe(0);
      expect((await writer.apply(history)).applied).toBe(0);
      expect(await snapshot()).toEqual(before);
    });

    it('rebuilds from the event store into identical tables, keeping the leases', async () => {
      clock.set(NOW);
      await t.http().post('/queue/claims/c-normal/lease').set(handlerA()).expect(200);
      const before = await snapshot();
      await t.http().post('/queue/projection/rebuild').set(supervisor()).expect(403);
      await t.http().post('/queue/projection/rebuild').set(t.as('admin', undefined, 'root')).expect(202);
      const total = (await everything()).length;
      await eventually(async () => ((await t.app.get(ClaimProjectionRunner).status()).eventsApplied >= total ? true : undefined), 'rebuild caught up', 15_000, 20);
      expect(await snapshot()).toEqual(before);
      const held = await t.http().get('/queue/claims/c-normal').set(handlerA()).expect(200);
      expect(held.body.assignment).toMatchObject({ handlerId: 'handler-a' });
      const status = await t.http().get('/queue/projection').set(supervisor()).expect(200);
      expect(status.body).toMatchObject({ running: true, lastError: null, subscriptionId: 'claims-read-models-v1' });
    });

    it('heals a gap by reading the claim\'s stream, and writes nothing when a batch fails', async () => {
      const story = new ClaimStory('c-gap').report().register(day(1)).requestDocuments(day(1, 1));
      const writer = new ClaimProjectionWriter(t.pool, async () => story.stream);
      const healed = await writer.apply([story.stream[2]!]);
      expect(healed).toEqual({ applied: 3, healed: ['c-gap'] });
      const rows = await t.pool.query('SELECT revision FROM timeline_entries WHERE claim_id = $1 ORDER BY revision', ['c-gap']);
      expect(rows.rows.map((r: { revision: string }) => Number(r.revision))).toEqual([0, 1, 2]);

      const broken = new ClaimStory('c-broken').report().register(day(1));
      const failing = new ClaimProjectionWriter(t.pool, async () => {
        throw new Error('event store unavailable');
      });
      const events: StreamEvent[] = [broken.stream[0]!, { claimId: 'c-other-gap', revision: 4, event: broken.events[1] as ClaimEvent }];
      await expect(failing.apply(events, { projection: 'test-rollback', position: '1:1' })).rejects.toThrow('event store unavailable');
      expect((await t.pool.query('SELECT 1 FROM queue_claims WHERE claim_id = $1', ['c-broken'])).rowCount).toBe(0);
      expect((await t.pool.query(`SELECT position FROM queue_projection_checkpoints WHERE projection = 'test-rollback'`)).rowCount).toBe(0);
    });

    it('keeps personal data out of every read-model table', async () => {
      const { rows } = await t.pool.query(`SELECT (SELECT json_agg(q) FROM queue_claims q)::text || (SELECT json_agg(s) FROM queue_claim_states s)::text || (SELECT json_agg(e) FROM timeline_entries e)::text AS all_rows`);
      const text = (rows[0] as { all_rows: string }).all_rows;
      for (const value of [PERSONAL.name, PERSONAL.phone, PERSONAL.idNumber, PERSONAL.place]) expect(text).not.toContain(value);
      expect(text).toContain(VILLAGE);
      expect(t.logLines.join('\n')).not.toContain(PERSONAL.phone);
    });
  });
});
