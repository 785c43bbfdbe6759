import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { IDEMPOTENCY_RETENTION, ManualClock, listRoutes, ROLES, routeProblems, runRoleMatrix, type RetentionSweeper, type Role } from '@fpi/platform';
import { claimStreamName, type ClaimCommand, type ClaimDecider } from '@fpi/claims-domain';
import { handleCommand } from '@fpi/event-store';
import { eventually } from '@fpi/testing';
import { AdvisoryLease } from './infrastructure/advisory-lease';
import { MemberShareLedger1765000000000 } from './migrations/1765000000000-member-share-ledger';
import { ClaimProjector } from './projections/claim-projector';
import { inTransaction } from './infrastructure/sql';
import { applyEnrollmentEvents } from './policy-view/policy-view.writer';
import { claimEventCodec } from './shared/claim-codec';
import { IdempotencyRepository } from './shared/idempotency.repository';
import { CLAIM_DECIDER } from './shared/claims-settings';
import { PolicyViewRepository } from './policy-view/policy-view.repository';
import { ClaimDriver, outcome } from './testing/claim-driver';
import { api, projected, startClaimsApp, type ClaimsTestApp } from './testing/claims-test-app';
import { newPolicy, OTHER_COUNTY, policyEvent, reportBody, STANDARD_TERMS, type TestPolicy } from './testing/fixtures';

const EVERY_DOCUMENT = ['claim_form', 'id_document', 'accident_proof', 'bank_account'];
const MEDICAL_DOCUMENTS = [...EVERY_DOCUMENT, 'medical_records', 'medical_invoice', 'other_payer_statement'];

describe('claims API: bad input, idempotency, region scoping and access control (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-03-01T06:00:00.000Z');
  let t: ClaimsTestApp;
  let handler: string;
  let supervisor: string;
  let supervisor2: string;
  const family = newPolicy(4);
  const noAllowance = newPolicy(2);
  const startsLater = newPolicy(2);
  const elsewhere = newPolicy(2, OTHER_COUNTY);

  beforeAll(async () => {
    t = await startClaimsApp('claims_api', clock);
    handler = t.token('handler', { sub: 'handler-1' });
    supervisor = t.token('supervisor', { sub: 'supervisor-1', region: '1101' });
    supervisor2 = t.token('supervisor', { sub: 'supervisor-2', region: '1101' });
    await t.publishEnrollment([
      policyEvent(family),
      policyEvent(noAllowance, { terms: { ...STANDARD_TERMS, allowancePerDayFen: '0', allowanceMaxDays: 0 } }),
      policyEvent(startsLater, { coverStartsOn: '2025-04-01' }),
      policyEvent(elsewhere),
    ]);
    for (const p of [family, noAllowance, startsLater, elsewhere]) await t.awaitPolicy(p.policyId, 1);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  const eventCount = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM es_events'))[0]!.n);

  /** Sends a request that must be refused with `status` and `code`, and proves that nothing was written. */
  async function refused(send: () => Promise<request.Response>, status: number, code: string): Promise<request.Response> {
    const events = await eventCount();
    const keys = (await t.query<{ n: string }>('SELECT count(*) AS n FROM claims_idempotency'))[0]!.n;
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await eventCount()).toBe(events);
    expect((await t.query<{ n: string }>('SELECT count(*) AS n FROM claims_idempotency'))[0]!.n).toBe(keys);
    return res;
  }

  /** A claim of `p`, registered, documents complete (medical by default). */
  async function completeClaim(p: TestPolicy, overrides: Record<string, unknown> = {}, member = 0): Promise<ClaimDriver> {
    const claim = await ClaimDriver.report(t, handler, reportBody(p, { documentsProvided: MEDICAL_DOCUMENTS, ...overrides }, member));
    await claim.step(handler, '/registration');
    return claim;
  }

  describe('bad input: a coded 4xx and nothing written', () => {
    it('refuses amounts that are zero, negative or above what the policy can pay', async () => {
      const http = api(t, handler);
      await refused(() => http.post('/claims', reportBody(family, { claimedAmountFen: '0' })), 400, 'CLAIM.AMOUNT_NOT_POSITIVE');
      await refused(() => http.post('/claims', reportBody(family, { claimedAmountFen: '-5000' })), 400, 'CLAIM.AMOUNT_NOT_POSITIVE');
      await refused(() => http.post('/claims', reportBody(family, { claimedAmountFen: 5000 })), 400, 'REQUEST.VALIDATION_FAILED');
      // Death: at most the member's share, 25,000 yuan.
      await refused(() => http.post('/claims', reportBody(family, { benefits: ['death'], claimedAmountFen: '2500001' })), 422, 'CLAIM.AMOUNT_ABOVE_SUM_INSURED');

      const claim = await completeClaim(family, { claimedAmountFen: '300000' }, 1);
      await refused(() => claim.attempt(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '0' }] }), 400, 'CLAIM.AMOUNT_NOT_POSITIVE');
      await refused(() => claim.attempt(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '10000', otherPayersFen: '-1' }] }), 400, 'CLAIM.AMOUNT_NEGATIVE');
      await refused(() => claim.attempt(supervisor, '/advance-payments', { amountFen: '-100', paymentReference: 'B-1', basis: 'invoices' }), 400, 'CLAIM.AMOUNT_NOT_POSITIVE');
      // The household's medical limit is 10,000 yuan.
      await refused(() => claim.attempt(supervisor, '/advance-payments', { amountFen: '1000001', paymentReference: 'B-1', basis: 'invoices' }), 422, 'CLAIM.AMOUNT_ABOVE_SUM_INSURED');
      await claim.step(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '200000' }] });
      await refused(() => claim.attempt(supervisor, '/approval', { approvedFen: '999999' }), 422, 'CLAIM.AMOUNT_ABOVE_ASSESSMENT');
    });

    it('refuses an accident in the future or before cover, a benefit the product lacks and a member it does not insure', async () => {
      const http = api(t, handler);
      const accident = (occurredAt: string) => ({ occurredAt, place: 'field', regionCode: family.county, causeCode: 'fall', description: 'fell from a ladder' });
      await refused(() => http.post('/claims', reportBody(family, { accident: accident('2025-03-02T00:00:00Z') })), 400, 'CLAIM.ACCIDENT_IN_FUTURE');
      await refused(() => http.post('/claims', reportBody(startsLater, { accident: accident('2025-03-01T00:00:00Z') })), 422, 'CLAIM.ACCIDENT_BEFORE_COVER');
      await refused(() => http.post('/claims', reportBody(family, { accident: accident('1 March') })), 400, 'CLAIM.INVALID_TIME');
      await refused(() => http.post('/claims', reportBody(noAllowance, { benefits: ['allowance'], claimedAmountFen: null })), 422, 'CLAIM.BENEFIT_NOT_IN_PRODUCT');
      await refused(() => http.post('/claims', reportBody(family, { benefits: ['theft'] })), 400, 'CLAIM.UNKNOWN_BENEFIT');
      await refused(() => http.post('/claims', reportBody(family, { claimant: { memberId: randomUUID(), idNumber: family.members[0]!.idNumber } })), 422, 'CLAIM.UNKNOWN_MEMBER');
      await refused(() => http.post('/claims', reportBody(family, { claimant: { memberId: family.members[0]!.memberId, idNumber: family.members[1]!.idNumber } })), 422, 'CLAIM.CLAIMANT_MISMATCH');
      await refused(() => http.post('/claims', reportBody(family, { claimant: { memberId: family.members[0]!.memberId, idNumber: '11010518800101123' } })), 400, 'CLAIM.INVALID_ID_NUMBER');
    });

    it('refuses approval by the assessor above the four-eyes amount, and any payment of an unapproved or already paid claim', async () => {
      const claim = await completeClaim(family, { benefits: ['disability'], claimedAmountFen: null, documentsProvided: [...EVERY_DOCUMENT, 'disability_assessment', 'medical_records'] }, 2);
      await refused(() => claim.attempt(handler, '/payments', {}), 412, 'CLAIM.NOT_APPROVED');
      // Grade 3 pays 80 % of the 25,000 yuan share: 20,000 yuan, above the 10,000 yuan four-eyes amount.
      await claim.step(supervisor, '/assessment', { inputs: [{ benefit: 'disability', grade: 3 }] });
      await refused(() => claim.attempt(handler, '/payments', {}), 412, 'CLAIM.NOT_APPROVED');
      await refused(() => claim.attempt(supervisor, '/approval', {}), 403, 'CLAIM.FOUR_EYES_REQUIRED');
      // The body cannot name someone else as the assessor or approver: unknown fields are refused.
      await refused(() => claim.attempt(supervisor, '/approval', { approvedBy: 'supervisor-2' }), 400, 'REQUEST.UNKNOWN_FIELD');
      await claim.step(supervisor2, '/approval', {});
      await refused(() => claim.attempt(handler, '/payments/NOPE/confirmation', { paymentReference: 'B-1' }), 412, 'CLAIM.PAYMENT_NOT_SCHEDULED');
      await claim.step(handler, '/payments', { paymentId: 'P-1' });
      await claim.step(handler, '/payments/P-1/confirmation', { paymentReference: 'BANK-1' });
      await refused(() => claim.attempt(handler, '/payments/P-1/confirmation', { paymentReference: 'BANK-2' }), 409, 'CLAIM.ALREADY_PAID');
      await refused(() => claim.attempt(handler, '/payments', { paymentId: 'P-2' }), 409, 'CLAIM.ALREADY_PAID');
      await refused(() => claim.attempt(supervisor, '/advance-payments', { amountFen: '100', paymentReference: 'B-3', basis: 'x' }), 412, 'CLAIM.ALREADY_ASSESSED');
    });

    it('refuses a stale revision with the current one, malformed JSON, unknown fields and a missing Idempotency-Key', async () => {
      const claim = await completeClaim(family, { claimedAmountFen: '100000' }, 3);
      const current = claim.etag;
      const stale = await refused(() => claim.attempt(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '50000' }] }, { 'If-Match': '"0"' }), 412, 'CLAIM.STALE_REVISION');
      expect(stale.headers['etag']).toBe(current);
      expect(stale.body.details).toEqual({ currentRevision: Number(current.replace(/"/g, '')) });
      await refused(() => claim.attempt(handler, '/assessment', {}, { 'If-Match': 'yesterday' }), 400, 'REQUEST.INVALID_IF_MATCH');

      const post = (path: string) => request(t.app.getHttpServer()).post(path).set({ Authorization: `Bearer ${handler}`, 'Idempotency-Key': `k-${randomUUID()}` });
      await refused(() => post('/claims').set('Content-Type', 'application/json').send('{"householdId": "x",'), 400, 'REQUEST.MALFORMED_JSON');
      await refused(() => post(`/claims/${claim.claimId}/documents`).send({ documents: ['claim_form'], status: 'paid' }), 400, 'REQUEST.UNKNOWN_FIELD');
      await refused(() => post('/claims').send({ ...reportBody(family), claimant: { memberId: family.members[0]!.memberId, idNumber: family.members[0]!.idNumber, region: '110000' } }), 400, 'REQUEST.UNKNOWN_FIELD');
      await refused(() => post(`/claims/${claim.claimId}/closure`).send({ outcome: 'paid' }), 400, 'REQUEST.UNKNOWN_FIELD');
      await refused(() => request(t.app.getHttpServer()).post('/claims').set({ Authorization: `Bearer ${handler}` }).send(reportBody(family)), 400, 'REQUEST.IDEMPOTENCY_KEY_REQUIRED');
    });
  });

  describe('idempotency', () => {
    it('answers the same key and body with the original answer, and refuses the key with another body', async () => {
      const http = api(t, handler);
      const key = `report-${randomUUID()}`;
      const body = reportBody(family, { claimedAmountFen: '120000' }, 1);
      const first = await http.post('/claims', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const events = await eventCount();
      const again = await http.post('/claims', body, { 'Idempotency-Key': key });
      expect({ status: again.status, body: again.body, etag: again.headers['etag'], location: again.headers['location'] }).toEqual({
        status: 201,
        body: first.body,
        etag: first.headers['etag'],
        location: first.headers['location'],
      });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await eventCount()).toBe(events);
      await refused(() => http.post('/claims', { ...body, claimedAmountFen: '130000' }, { 'Idempotency-Key': key }), 409, 'REQUEST.IDEMPOTENCY_KEY_REUSED');
      // Another person's identical key is another request: it reports its own claim.
      const other = await api(t, t.token('handler', { sub: 'handler-2' })).post('/claims', body, { 'Idempotency-Key': key });
      expect(other.status).toBe(201);
      expect(other.body.claimId).not.toBe(first.body.claimId);
    });

    it('has exactly one effect when the answer was lost after the append (crash between append and the key record)', async () => {
      const claim = await completeClaim(family, { claimedAmountFen: '80000' }, 2);
      const key = `assess-${randomUUID()}`;
      const body = { inputs: [{ benefit: 'medical', eligibleCostFen: '90000' }] };
      const first = await claim.attempt(handler, '/assessment', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      const stream = await t.streamOf(claim.claimId);
      // The process died after the append: the answer was never stored.
      await t.query('DELETE FROM claims_idempotency WHERE idempotency_key = $1', [key]);
      const retry = await claim.attempt(handler, '/assessment', body, { 'Idempotency-Key': key });
      expect(outcome(retry)).toEqual(outcome(first));
      expect(await t.streamOf(claim.claimId)).toEqual(stream);
      // A different body under the lost key is still recognised as a reuse: the stream remembers the request hash.
      await t.query('DELETE FROM claims_idempotency WHERE idempotency_key = $1', [key]);
      await refused(() => claim.attempt(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '95000' }] }, { 'Idempotency-Key': key }), 409, 'REQUEST.IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('answers by Idempotency-Key, stored in groups', () => {
    it('forgets answers older than IDEMPOTENCY_RETENTION_HOURS; a retry after that still has no second effect', async () => {
      const claim = await completeClaim(family, { claimedAmountFen: '60000' }, 2);
      const key = `expiring-${randomUUID()}`;
      const body = { inputs: [{ benefit: 'medical', eligibleCostFen: '50000' }] };
      const first = await claim.attempt(handler, '/assessment', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      const stream = await t.streamOf(claim.claimId);
      await t.query(`UPDATE claims_idempotency SET created_at = created_at - interval '8 days' WHERE idempotency_key = $1`, [key]);
      expect(await t.app.get<RetentionSweeper>(IDEMPOTENCY_RETENTION).sweepOnce()).toBeGreaterThanOrEqual(1);
      expect(await t.query('SELECT 1 FROM claims_idempotency WHERE idempotency_key = $1', [key])).toEqual([]);
      // The stream still knows the request by its key: the retry writes nothing and answers the claim as it is.
      const retry = await claim.attempt(handler, '/assessment', body, { 'Idempotency-Key': key });
      expect(retry.status).toBe(200);
      expect(await t.streamOf(claim.claimId)).toEqual(stream);
    });

    it('stores concurrent answers in shared statements, one per key, and fails only the answer that cannot be stored', async () => {
      const repo = t.app.get(IdempotencyRepository);
      const at = clock.now();
      const answer = (n: number) => ({ status: 200, body: { claimId: `c-${n}`, note: 'x'.repeat(n % 7) }, headers: { ETag: `"${n}"` } });
      const keys = Array.from({ length: 60 }, (_, n) => `grouped-${randomUUID()}-${n}`);
      // Sixty at once, two of them racing on one key with different requests, one that cannot be stored.
      const raced = keys[0]!;
      const results = await Promise.allSettled([
        ...keys.map((k, n) => repo.save('actor-g', k, `fp-${n}`, `c-${n}`, answer(n), at)),
        repo.save('actor-g', raced, 'fp-other', 'c-other', answer(99), at),
        // A status beyond the integer column: this one answer cannot be stored, its batch-mates are.
        repo.save('actor-g', `grouped-bad-${randomUUID()}`, 'fp-bad', 'c-bad', { status: 4_000_000_000, body: {}, headers: {} }, at),
      ]);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      const stored = await t.query<{ idempotency_key: string; fingerprint: string; response: { claimId: string } }>(
        `SELECT idempotency_key, fingerprint, response FROM claims_idempotency WHERE actor_id = 'actor-g'`,
      );
      expect(stored).toHaveLength(keys.length);
      const winner = stored.find((r) => r.idempotency_key === raced)!;
      // Both racers are told what is stored: the loser compares fingerprints and refuses its request.
      const racers = [results[0], results[keys.length]].map((r) => (r as PromiseFulfilledResult<{ fingerprint: string }>).value.fingerprint);
      expect(racers).toEqual([winner.fingerprint, winner.fingerprint]);
      const found = await Promise.all(keys.map((k) => repo.find('actor-g', k)));
      expect(found.slice(1).map((f) => f?.outcome.body)).toEqual(keys.slice(1).map((_, i) => answer(i + 1).body));
      expect(await repo.find('actor-g', `never-${randomUUID()}`)).toBeUndefined();
    });
  });

  describe('several instances on one event store', () => {
    it('decides on the stream as stored when another instance changed the claim after this one last did', async () => {
      const claim = await completeClaim(family, { claimedAmountFen: '50000' }, 3);
      await claim.step(handler, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '40000' }] });
      const remembered = await t.streamOf(claim.claimId);
      // Another instance approves: it writes to the stream directly, so this instance's memory of the claim is behind.
      const decider = t.app.get<ClaimDecider>(CLAIM_DECIDER);
      const elsewhere = await handleCommand(t.store, claimStreamName(claim.claimId), decider, { type: 'ApproveClaim', data: {}, metadata: { now: clock.now(), actor: { id: 'supervisor-9', role: 'supervisor' } } } as ClaimCommand, { codec: claimEventCodec });
      expect(elsewhere.events.length).toBeGreaterThan(0);
      const current = `"${elsewhere.nextExpectedRevision}"`;

      // The revision this instance last answered is stale now: 412, with the current ETag.
      const stale = await claim.attempt(handler, '/payments', { paymentId: 'PAY-X' });
      expect({ status: stale.status, code: stale.body.code, etag: stale.headers['etag'] }).toEqual({ status: 412, code: 'CLAIM.STALE_REVISION', etag: current });
      // A repeated approval is decided on the stream too: approved already, so a no-op with the current revision.
      const again = await claim.attempt(supervisor2, '/approval', {}, { 'If-Match': current });
      expect({ status: again.status, etag: again.headers['etag'] }).toEqual({ status: 200, etag: current });
      // With the current ETag the command goes through, once, after the other instance's events.
      claim.etag = current;
      const scheduled = await claim.step(handler, '/payments', { paymentId: 'PAY-X' });
      expect(scheduled['status']).toBe('payment_scheduled');
      const stream = await t.streamOf(claim.claimId);
      expect(stream.slice(0, remembered.length)).toEqual(remembered);
      expect(stream.map((e) => e.type).slice(remembered.length)).toEqual([...elsewhere.events.map((e) => e.type), 'ClaimPaymentScheduled']);
    });
  });

  describe('region scoping', () => {
    it('lets a township token see and act on the registered claims of its township only', async () => {
      const claim = await completeClaim(family);
      const township = `${family.county}001`;
      const ownTownship = t.token('handler', { sub: 'handler-township', region: township });
      const otherTownship = t.token('handler', { sub: 'handler-township-2', region: `${family.county}999` });
      expect((await api(t, ownTownship).get(`/claims/${claim.claimId}`)).status).toBe(200);
      expect((await api(t, otherTownship).get(`/claims/${claim.claimId}`)).status).toBe(404);
      await refused(() => claim.attempt(otherTownship, '/document-requests', {}), 404, 'CLAIM.NOT_FOUND');
      // Its own township's handler may act on it (the answer moves the claim on: 200, not 404).
      const acted = await claim.attempt(ownTownship, '/assessment', { inputs: [{ benefit: 'medical', eligibleCostFen: '120000', otherPayersFen: '0' }] });
      expect(acted.status).toBe(200);
    });

    it('answers a claim outside the caller\'s region exactly like a missing one, and never lists it', async () => {
      const otherHandler = t.token('handler', { sub: 'handler-other', region: OTHER_COUNTY });
      const theirs = await ClaimDriver.report(t, otherHandler, reportBody(elsewhere));
      await theirs.step(otherHandler, '/registration');

      const foreign = await api(t, handler).get(`/claims/${theirs.claimId}`);
      const missing = await api(t, handler).get(`/claims/${randomUUID()}`);
      expect(foreign.status).toBe(404);
      expect({ ...foreign.body, correlationId: undefined }).toEqual({ ...missing.body, correlationId: undefined });
      await refused(() => theirs.attempt(handler, '/document-requests', {}), 404, 'CLAIM.NOT_FOUND');
      // Reporting for a household of another county is refused like an unknown household.
      await refused(() => api(t, handler).post('/claims', reportBody(elsewhere, { accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'x', regionCode: '110105', causeCode: 'fall', description: 'x' } })), 404, 'CLAIM.HOUSEHOLD_NOT_FOUND');
      await refused(() => api(t, handler).post('/claims', reportBody(elsewhere)), 403, 'CLAIM.REGION_OUT_OF_SCOPE');

      const mine = await api(t, otherHandler).get(`/claims/${theirs.claimId}`);
      expect(mine.status).toBe(200);
      const admin = await api(t, t.token('admin')).get(`/claims/${theirs.claimId}`);
      expect(admin.status).toBe(200);
      // The list comes from the projection: wait until the claim is in it for its own region, then compare.
      await projected(t, theirs.claimId);
      const listed: { claimId: string }[] = (await api(t, otherHandler).get('/claims?limit=200')).body.items;
      expect(listed.map((c) => c.claimId)).toContain(theirs.claimId);
      // The region filter comes from the token only: a region in the query is an unknown field.
      expect((await api(t, handler).get('/claims?region=110106')).body.code).toBe('REQUEST.UNKNOWN_FIELD');
      const ours = (await api(t, handler).get('/claims?limit=200')).body;
      expect(ours.items.map((c: { claimId: string }) => c.claimId)).not.toContain(theirs.claimId);
    });

    it('caps the page size and pages with a cursor', async () => {
      const first = await api(t, handler).get('/claims?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      const second = await api(t, handler).get(`/claims?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((c: { claimId: string }) => c.claimId)).not.toContain(first.body.items[0].claimId);
      expect((await api(t, handler).get('/claims?limit=100000')).status).toBe(200);
      expect((await api(t, handler).get('/claims?limit=0')).body.code).toBe('REQUEST.PAGE_SIZE_INVALID');
      expect((await api(t, handler).get('/claims?cursor=bm9wZQ')).body.code).toBe('REQUEST.INVALID_CURSOR');
    });
  });

  describe('access control', () => {
    it('declares access on every route', () => {
      const routes = listRoutes(t.app);
      expect(routeProblems(routes)).toEqual([]);
      expect(routes.filter((r) => r.path.startsWith('/claims')).map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['POST /claims', 'GET /claims', 'GET /claims/:claimId', 'POST /claims/:claimId/approval', 'POST /claims/:claimId/payments/:paymentId/confirmation']),
      );
    });

    it('documents every claims route in OpenAPI', async () => {
      const res = await request(t.app.getHttpServer()).get('/docs/json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/claims', '/claims/{claimId}', '/claims/{claimId}/approval', '/claims/{claimId}/payments/{paymentId}/reversal']));
    });

    it('lets each role call exactly what the policy table grants it', async () => {
      // Every role of the policy table (city-level supervisors, county-level others, admins everywhere).
      const region = (role: Role): string | null => (role === 'admin' ? null : role === 'supervisor' ? '1101' : '110105');
      const tokens = Object.fromEntries(ROLES.map((role) => [role, t.token(role, { sub: `matrix-${role}`, region: region(role) })]));
      const rows = await runRoleMatrix(t.app, {
        credentials: (role) => ({ Authorization: `Bearer ${tokens[role]}` }),
        call: ({ method, path, headers, body }) => {
          const r = request(t.app.getHttpServer());
          const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
          return r[verb](path).set(headers).send((body ?? {}) as object);
        },
        pathParams: { claimId: randomUUID(), paymentId: 'P-x' },
        // Every route of the service but the projection rebuild, which an allowed call would really start
        // under the other tests (its declaration is covered by the route inventory).
        routes: listRoutes(t.app).filter((r) => r.path !== '/queue/projection/rebuild'),
      });
      expect(rows.filter((r) => !r.pass)).toEqual([]);
      expect(rows.find((r) => r.route === 'POST /claims/:claimId/approval' && r.role === 'handler')?.expected).toBe('forbidden');
      expect(rows.find((r) => r.route === 'POST /claims' && r.role === 'association')?.expected).toBe('forbidden');
      expect(rows.find((r) => r.route === 'GET /claims/:claimId' && r.role === 'integrator')?.expected).toBe('allowed');
    }, 60_000); // six roles x every route: over 5 s on a busy 2-core machine
  });

  describe('policy view and relay leadership', () => {
    it('applies enrollment events idempotently: redelivered, out of order or replayed from scratch gives the same tables', async () => {
      const p = newPolicy(3);
      const v1 = policyEvent(p, { status: 'ISSUED', type: 'PolicyIssued' });
      const v2 = policyEvent(p);
      const v3 = policyEvent(p, { status: 'CANCELLED', type: 'PolicyCancelled' });
      const pool = t.app.get(PolicyViewRepository).pool;
      const apply = (events: typeof v1[]) =>
        inTransaction(pool, (c) => applyEnrollmentEvents(c, events.map((event, i) => ({ event, topic: 'direct', partition: 0, offset: String(i) })), clock.now()));
      const snapshot = async () => ({
        policy: await t.query('SELECT * FROM claims_policy_view WHERE policy_id = $1', [p.policyId]),
        members: await t.query('SELECT * FROM claims_policy_members WHERE policy_id = $1 ORDER BY member_id', [p.policyId]),
      });
      await apply([v1, v2, v3]);
      const once = await snapshot();
      expect(once.policy[0]).toMatchObject({ status: 'CANCELLED', revision: 3 });
      await apply([v3, v1, v2, v3]);
      expect(await snapshot()).toEqual(once);
      await t.query('DELETE FROM claims_policy_view WHERE policy_id = $1', [p.policyId]);
      await t.query('DELETE FROM claims_enrollment_inbox WHERE aggregate_id = $1', [p.policyId]);
      await apply([v2, v3, v1]);
      expect({ ...(await snapshot()), policy: (await snapshot()).policy.map((r) => ({ ...r, updated_at: null })) }).toEqual({ ...once, policy: once.policy.map((r) => ({ ...(r as object), updated_at: null })) });
    });

    it('pays death from the share enrollment published for the claimant (a household of three where the claimant holds the extra fen), and death and disability once per member across claims', async () => {
      // 100,000 yuan among three: enrollment records 33,333.34 yuan for the first member and 33,333.33 for the
      // others (the shares add up to the household sum); an equal split rounded half down would pay 33,333.33.
      const three = newPolicy(3);
      const published = policyEvent(three);
      expect(published.data.policy.insuredMembers.map((m) => m.deathDisabilitySumInsuredFen)).toEqual(['3333334', '3333333', '3333333']);
      await t.publishEnrollment([published]);
      await t.awaitPolicy(three.policyId, 1);
      const documents = [...EVERY_DOCUMENT, 'death_certificate', 'household_deregistration', 'beneficiary_relationship'];
      const death = (member: number, claimedAmountFen: string | null) => reportBody(three, { benefits: ['death'], claimedAmountFen, documentsProvided: documents }, member);
      const http = api(t, supervisor);

      // At intake the bound is the claimant's own recorded share.
      await refused(() => http.post('/claims', death(0, '3333335')), 422, 'CLAIM.AMOUNT_ABOVE_SUM_INSURED');
      await refused(() => http.post('/claims', death(1, '3333334')), 422, 'CLAIM.AMOUNT_ABOVE_SUM_INSURED');

      const claim = await ClaimDriver.report(t, supervisor, death(0, '3333334'));
      await claim.step(supervisor, '/registration');
      // The event records every insured member's share as published (the view lists members by id, not in enrollment's order).
      const [registered] = (await t.streamOf(claim.claimId)).filter((e) => e.type === 'ClaimRegistered');
      const recorded = (registered!.data as { coverage: { insuredMemberIds: string[]; memberShares: { memberId: string; shareFen: string }[] } }).coverage;
      expect([...recorded.insuredMemberIds].sort()).toEqual(three.members.map((m) => m.memberId).sort());
      expect(Object.fromEntries(recorded.memberShares.map((m) => [m.memberId, m.shareFen]))).toEqual(
        Object.fromEntries(three.members.map((m, i) => [m.memberId, i === 0 ? '3333334' : '3333333'])),
      );
      expect(recorded.memberShares).toHaveLength(3);
      expect(await claim.step(supervisor, '/assessment', { inputs: [{ benefit: 'death' }] })).toMatchObject({
        amounts: { assessedFen: '3333334' },
        assessment: {
          lines: [{ benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V3', amountFen: '3333334', inputs: { householdSumInsuredFen: '10000000', insuredMembers: 3, memberShareFen: '3333334', recordedShare: 1, heldByOtherClaimsFen: '0', availableShareFen: '3333334' } }],
        },
      });
      expect(await t.query('SELECT member_id, share_committed_fen::text AS held FROM claims_medical_ledger WHERE claim_id = $1', [claim.claimId])).toEqual([
        { member_id: three.members[0]!.memberId, held: '3333334' },
      ]);

      // Death and disability share one sum insured per member: a later disability claim of the same member finds
      // the share held by the death claim, at intake and at assessment; another member's share is untouched.
      const disability = (member: number, claimedAmountFen: string | null) =>
        reportBody(three, { benefits: ['disability'], claimedAmountFen, documentsProvided: [...EVERY_DOCUMENT, 'disability_assessment', 'medical_records'] }, member);
      await refused(() => http.post('/claims', disability(0, '1')), 422, 'CLAIM.AMOUNT_ABOVE_SUM_INSURED');
      const later = await ClaimDriver.report(t, supervisor, disability(0, null));
      await later.step(supervisor, '/registration');
      expect(await later.step(supervisor, '/assessment', { inputs: [{ benefit: 'disability', grade: 1 }] })).toMatchObject({
        amounts: { assessedFen: '0' },
        assessment: { lines: [{ benefit: 'disability', rule: 'DISABILITY_GRADE_RATIO_V3', amountFen: '0', inputs: { gradeAmountFen: '3333334', heldByOtherClaimsFen: '3333334', availableShareFen: '0' } }] },
      });
      const other = await ClaimDriver.report(t, supervisor, disability(1, '1666667'));
      await other.step(supervisor, '/registration');
      expect(await other.step(supervisor, '/assessment', { inputs: [{ benefit: 'disability', grade: 6 }] })).toMatchObject({
        amounts: { assessedFen: '1666666' }, // 50 % of 3,333,333: 1,666,666.5 -> 1,666,666
        assessment: { lines: [{ rule: 'DISABILITY_GRADE_RATIO_V3', inputs: { heldByOtherClaimsFen: '0' } }] },
      });

      // Upgrading a store whose claims were assessed before the ledger held shares: the migration marks the rows
      // older than any event, and the read-model projector, finding its checkpoint gone, replays the store.
      const runner = t.app.get(DataSource).createQueryRunner();
      try {
        await new MemberShareLedger1765000000000().down(runner);
        await new MemberShareLedger1765000000000().up(runner);
      } finally {
        await runner.release();
      }
      const ledger = () => t.query<{ claim_id: string; held: string }>('SELECT claim_id, share_committed_fen::text AS held FROM claims_medical_ledger WHERE claim_id = ANY($1) ORDER BY claim_id', [[claim.claimId, other.claimId]]);
      expect((await ledger()).map((r) => r.held)).toEqual(['0', '0']);
      await ClaimDriver.report(t, supervisor, death(2, null)); // the next page the projector writes finds the checkpoint reset
      await eventually(async () => {
        await t.app.get(ClaimProjector).catchUp();
        const rows = await ledger();
        return rows.every((r) => r.held !== '0') ? rows : undefined;
      }, 'the replay to fill in the shares held');
      expect(Object.fromEntries((await ledger()).map((r) => [r.claim_id, r.held]))).toEqual({ [claim.claimId]: '3333334', [other.claimId]: '1666666' });
    }, 60_000); // four claims through assessment, a migration and a replay of the store

    it('lets one relay be active per database at a time', async () => {
      const first = new AdvisoryLease(t.db.url, 'test.lease');
      const second = new AdvisoryLease(t.db.url, 'test.lease');
      try {
        expect(await first.tryAcquire()).toBe(true);
        expect(await second.tryAcquire()).toBe(false);
        await first.release();
        expect(await second.tryAcquire()).toBe(true);
      } finally {
        await first.release();
        await second.release();
      }
    });
  });
});
