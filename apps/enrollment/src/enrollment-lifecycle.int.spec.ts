import { enrollmentEventMessage, validateEnrollmentEvent, type EnrollmentEvent, type PolicyEvent } from '@fpi/contracts';
import { listRoutes, loadConfig, ManualClock, mintDevToken, resolveSecurityOptions, ROLES, routeProblems, runRoleMatrix, type Role } from '@fpi/platform';
import request from 'supertest';
import { enrollmentConfigSchema } from './config';
import { api, startEnrollmentApp, TEST_ACTOR, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { COUNTY, family, household, programmeYear2025, programmeYear2026, standardProduct, VILLAGE } from './testing/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('enrollment service: enrolment, payment, issuance, delivery, overdue work and events (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-02-10T02:00:00.000Z');
  let t: EnrollmentTestApp;
  let http: ReturnType<typeof api>;
  let referrerId: string;
  const rawIdNumbers: string[] = [];

  const registerHousehold = async (villageCode = VILLAGE, members = family()) => {
    rawIdNumbers.push(...members.map((m) => m.idNumber));
    const res = await http.post('/households', household(members, villageCode));
    expect(res.status).toBe(201);
    return res.body as { householdId: string; members: { memberId: string; idNumberMasked: string }[] };
  };
  const apply = async (householdId: string, channel = 'REFERRER', programmeYear = 2025) => {
    const res = await http.post('/policies', { householdId, programmeYear, productCode: 'STD-60', channel, ...(channel === 'REFERRER' ? { referrerId } : {}) });
    expect(res.status).toBe(201);
    return res.body as { policyId: string; revision: number };
  };
  const pay = (policyId: string, payer: string, amountFen: number | string, reference: string, headers: Record<string, string> = {}) =>
    http.post(`/policies/${policyId}/payments`, { payer, amountFen, reference }, headers);

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_lifecycle', clock);
    http = api(t);
    expect((await http.post('/programme-years', programmeYear2025)).status).toBe(201);
    expect((await http.post('/programme-years', programmeYear2026)).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', standardProduct())).status).toBe(201);
    expect((await http.post('/programme-years/2026/products', standardProduct())).status).toBe(201);
    const referrer = await http.post('/referrers', { name: '村计生专干', villageCodes: [VILLAGE] });
    expect(referrer.status).toBe(201);
    referrerId = referrer.body.referrerId;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  let deliveredPolicyId: string;
  let deliveredHousehold: { householdId: string; members: { memberId: string }[] };

  it('enrols a household and takes its policy through two payers (partial, then full), issuance and delivery', async () => {
    deliveredHousehold = await registerHousehold();
    const applied = await http.post('/policies', { householdId: deliveredHousehold.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'REFERRER', referrerId });
    expect(applied.status).toBe(201);
    expect(applied.headers['etag']).toBe('"1"');
    expect(applied.headers['location']).toBe(`/policies/${applied.body.policyId}`);
    expect(applied.body).toMatchObject({
      status: 'APPLIED',
      revision: 1,
      channel: 'REFERRER',
      referrerId,
      premiumFen: '6000',
      paidFen: '0',
      coverStartsOn: '2025-02-11',
      coverEndsOn: '2025-12-31',
      insuredMembers: [{ deathDisabilitySumInsuredFen: '3333334' }, { deathDisabilitySumInsuredFen: '3333333' }, { deathDisabilitySumInsuredFen: '3333333' }],
    });
    const policyId = applied.body.policyId as string;
    deliveredPolicyId = policyId;

    clock.advance(HOUR);
    const partial = await pay(policyId, 'COUNTY', 1000, 'GOV-2025-1', { 'If-Match': '"1"' });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'PARTIALLY_PAID', revision: 2, paidFen: '1000', outstandingFen: '5000', timeline: { premiumFullyPaidAt: null } });
    const household = await pay(policyId, 'HOUSEHOLD', '3000', 'HH-CASH-1');
    expect(household.body).toMatchObject({ status: 'PARTIALLY_PAID', revision: 3, paidFen: '4000' });

    clock.advance(HOUR);
    const paidAt = clock.now();
    const full = await pay(policyId, 'COUNTY', '2000', 'GOV-2025-2', { 'If-Match': '"3"' });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      status: 'PAID',
      revision: 4,
      paidFen: '6000',
      payerShares: [{ payer: 'COUNTY', amountFen: '3000', paidFen: '3000' }, { payer: 'HOUSEHOLD', amountFen: '3000', paidFen: '3000' }],
      timeline: { premiumFullyPaidAt: paidAt.toISOString(), issuanceDueAt: new Date(paidAt.getTime() + 3 * DAY).toISOString() },
    });

    clock.advance(DAY);
    const issuedAt = clock.now();
    const issued = await http.post(`/policies/${policyId}/issuance`, { policyNumber: 'PFPI2025000001' }, { 'If-Match': '"4"' });
    expect(issued.status).toBe(200);
    expect(issued.headers['etag']).toBe('"5"');
    expect(issued.body).toMatchObject({ status: 'ISSUED', policyNumber: 'PFPI2025000001', timeline: { issuedAt: issuedAt.toISOString(), issuedBy: TEST_ACTOR, deliveryDueAt: new Date(issuedAt.getTime() + 15 * DAY).toISOString() } });

    clock.advance(2 * DAY);
    const delivered = await http.post(`/policies/${policyId}/delivery`, { method: 'IN_PERSON', receiverName: '王某', proofReference: 'photo/2025/0001.jpg' }, { 'If-Match': '"5"' });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'DELIVERED', revision: 6, delivery: { method: 'IN_PERSON', proofReference: 'photo/2025/0001.jpg' }, timeline: { issuanceTimeliness: 'ON_TIME', deliveryTimeliness: 'ON_TIME' } });

    const read = await http.get(`/policies/${policyId}`);
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"6"');
    const history = await http.get(`/policies/${policyId}/history`);
    expect(history.body.items.map((h: { change: string }) => h.change)).toEqual(['PolicyApplied', 'PremiumPaymentRecorded', 'PremiumPaymentRecorded', 'PremiumPaymentRecorded', 'PolicyIssued', 'PolicyDelivered']);
    expect(history.body.items.every((h: { actor: string }) => h.actor === TEST_ACTOR)).toBe(true);
  });

  it('finds policies by household, member ID number (keyed hash), region, referrer, status and channel', async () => {
    const byMember = await http.raw().post('/policies/search').send({ memberIdNumber: rawIdNumbers[2].toLowerCase() });
    expect(byMember.status).toBe(200);
    expect(byMember.body.items.map((p: { policyId: string }) => p.policyId)).toEqual([deliveredPolicyId]);
    const filtered = await http.get(`/policies?countyCode=${COUNTY}&referrerId=${referrerId}&status=DELIVERED&channel=REFERRER&householdId=${deliveredHousehold.householdId}&pageSize=100`);
    expect(filtered.status).toBe(200);
    expect(filtered.body).toMatchObject({ total: 1, page: 1, pageSize: 100, items: [{ policyId: deliveredPolicyId, policyNumber: 'PFPI2025000001', premiumFen: '6000' }] });
    expect((await http.get('/policies?villageCode=449901001009')).body.total).toBe(0);
    expect((await http.get('/policies?countyCode=449901&villageCode=449902001001')).body.total).toBe(0);
    const households = await http.raw().post('/households/search').send({ memberIdNumber: rawIdNumbers[0], countyCode: COUNTY });
    expect(households.body.items).toEqual([expect.objectContaining({ householdId: deliveredHousehold.householdId, memberCount: 3, headName: '王某' })]);
  });

  it('replays a command sent again with the same key and body, and refuses the key for another body', async () => {
    const h = await registerHousehold();
    const p = await apply(h.householdId);
    const key = http.key();
    const first = await pay(p.policyId, 'COUNTY', 1000, 'GOV-R-1', { 'Idempotency-Key': key });
    const again = await pay(p.policyId, 'COUNTY', 1000, 'GOV-R-1', { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.body).toEqual(first.body);
    const reused = await pay(p.policyId, 'COUNTY', 2000, 'GOV-R-2', { 'Idempotency-Key': key });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    expect(await t.query('SELECT amount_fen::text AS amount FROM premium_payments WHERE policy_id = $1', [p.policyId])).toEqual([{ amount: '1000' }]);

    const registerKey = http.key();
    const members = family();
    rawIdNumbers.push(...members.map((m) => m.idNumber));
    const created = await http.post('/households', household(members), { 'Idempotency-Key': registerKey });
    const replayed = await http.post('/households', household(members), { 'Idempotency-Key': registerKey });
    expect(replayed.status).toBe(201);
    expect(replayed.body.householdId).toBe(created.body.householdId);
    expect(await t.query('SELECT count(*)::int AS n FROM households WHERE id = $1', [created.body.householdId])).toEqual([{ n: 1 }]);
  });

  it('refuses a stale If-Match with 412 and lets concurrent writers without If-Match both land', async () => {
    const h = await registerHousehold();
    const p = await apply(h.householdId);
    expect((await pay(p.policyId, 'COUNTY', 500, 'GOV-C-1')).status).toBe(200);
    const stale = await pay(p.policyId, 'COUNTY', 500, 'GOV-C-2', { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'REQUEST.STALE_REVISION', details: { currentRevision: 2 } });
    expect(stale.headers['etag']).toBe('"2"');

    const [a, b] = await Promise.all([pay(p.policyId, 'COUNTY', 500, 'GOV-C-3'), pay(p.policyId, 'HOUSEHOLD', 500, 'HH-C-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const read = await http.get(`/policies/${p.policyId}`);
    expect(read.body).toMatchObject({ revision: 4, paidFen: '1500' });
    const revisions = await t.query<{ revision: number }>(`SELECT revision FROM aggregate_history WHERE aggregate_id = $1 ORDER BY revision`, [p.policyId]);
    expect(revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4]);
  });

  let lateIssuancePolicyId: string;
  let lateDeliveryPolicyId: string;

  it('lists overdue issuance and delivery: what is late, attributed to which channel and referrer, by how much', async () => {
    const counterHousehold = await registerHousehold();
    const counterPolicy = await apply(counterHousehold.householdId, 'COUNTER');
    const referrerHousehold = await registerHousehold();
    const referrerPolicy = await apply(referrerHousehold.householdId, 'REFERRER');
    lateIssuancePolicyId = counterPolicy.policyId;
    lateDeliveryPolicyId = referrerPolicy.policyId;
    const paidAt = clock.now();
    for (const id of [counterPolicy.policyId, referrerPolicy.policyId]) {
      expect((await pay(id, 'COUNTY', 3000, `GOV-O-${id}`)).status).toBe(200);
      expect((await pay(id, 'HOUSEHOLD', 3000, `HH-O-${id}`)).status).toBe(200);
    }
    expect((await http.post(`/policies/${referrerPolicy.policyId}/issuance`, { policyNumber: 'PFPI2025000777' })).status).toBe(200);
    const issuedAt = clock.now();

    clock.set(new Date(paidAt.getTime() + 3 * DAY + HOUR));
    const issuance = await http.get('/overdue-policies?kind=ISSUANCE&pageSize=100');
    expect(issuance.status).toBe(200);
    const lateIssue = issuance.body.items.find((i: { policyId: string }) => i.policyId === counterPolicy.policyId);
    expect(lateIssue).toMatchObject({ kind: 'ISSUANCE', status: 'PAID', channel: 'COUNTER', referrerId: null, overdueSeconds: 3600, overdueDays: 1, region: { countyCode: COUNTY } });
    expect(issuance.body.items.some((i: { policyId: string }) => i.policyId === referrerPolicy.policyId)).toBe(false);

    clock.set(new Date(issuedAt.getTime() + 15 * DAY + 2 * DAY + 1000));
    const delivery = await http.get(`/overdue-policies?kind=DELIVERY&referrerId=${referrerId}`);
    expect(delivery.body.items).toEqual([expect.objectContaining({ policyId: referrerPolicy.policyId, kind: 'DELIVERY', channel: 'REFERRER', referrerId, overdueDays: 3, policyNumber: 'PFPI2025000777' })]);
    const summary = await http.get('/overdue-policies/summary');
    expect(summary.body.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'ISSUANCE', channel: 'COUNTER', referrerId: null, count: 1 }),
        expect.objectContaining({ kind: 'DELIVERY', channel: 'REFERRER', referrerId, count: 1, maxOverdueDays: 3 }),
      ]),
    );
  });

  let renewedPolicyId: string;

  it('moves policies into force on the cover start date, cancels with a reason (freeing the year), renews into the next year and expires after cover ends', async () => {
    const sweep = await http.post('/policy-lifecycle-sweeps', {});
    expect(sweep.status).toBe(200);
    expect(sweep.body).toMatchObject({ inForce: 2, expired: 0, more: false });
    expect((await http.get(`/policies/${deliveredPolicyId}`)).body).toMatchObject({ status: 'IN_FORCE', timeline: { inForceAt: clock.now().toISOString() } });
    const lateDelivery = await http.post(`/policies/${lateDeliveryPolicyId}/delivery`, { method: 'VILLAGE_OFFICE', receiverName: '某', proofReference: 'receipt-77' });
    expect(lateDelivery.body).toMatchObject({ status: 'IN_FORCE', timeline: { deliveryTimeliness: 'LATE' } });

    const cancelled = await http.post(`/policies/${lateIssuancePolicyId}/cancellation`, { reason: 'HOUSEHOLD_REQUEST', note: 'moved away' });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'HOUSEHOLD_REQUEST' }, timeline: { cancelledBy: TEST_ACTOR } });
    const cancelledHousehold = cancelled.body.householdId as string;
    expect((await apply(cancelledHousehold, 'COUNTER')).policyId).not.toBe(lateIssuancePolicyId);

    const renewal = await http.post(`/policies/${deliveredPolicyId}/renewal`, { productCode: 'STD-60' });
    expect(renewal.status).toBe(201);
    renewedPolicyId = renewal.body.policyId;
    expect(renewal.body).toMatchObject({ status: 'APPLIED', programmeYear: 2026, coverStartsOn: '2026-01-01', renewedFromPolicyId: deliveredPolicyId, channel: 'REFERRER', referrerId });
    expect(renewal.body.insuredMembers.map((m: { memberId: string }) => m.memberId)).toEqual(deliveredHousehold.members.map((m) => m.memberId));
    expect((await http.get(`/policies/${deliveredPolicyId}`)).body).toMatchObject({ status: 'IN_FORCE', renewedToPolicyId: renewedPolicyId });
    const twice = await http.post(`/policies/${deliveredPolicyId}/renewal`, { productCode: 'STD-60' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ENROLLMENT.POLICY_ALREADY_RENEWED');

    clock.set('2025-12-31T16:00:00.000Z');
    const yearEnd = await http.post('/policy-lifecycle-sweeps', {});
    expect(yearEnd.body).toMatchObject({ expired: 2 });
    expect((await http.get(`/policies/${deliveredPolicyId}`)).body.status).toBe('EXPIRED');
  });

  it('publishes every change through the outbox to Kafka: schema-valid, keyed and ordered per aggregate, revisioned, ID numbers masked', async () => {
    const expectedPolicyEvents = ['PolicyApplied', 'PremiumPaymentRecorded', 'PremiumPaymentRecorded', 'PremiumPaymentRecorded', 'PolicyIssued', 'PolicyDelivered', 'PolicyInForce', 'PolicyRenewed', 'PolicyExpired'];
    const history = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM aggregate_history');
    const all = await t.waitForMessages((ms) => new Set(ms.map((m) => m.value['eventId'])).size >= history[0].n, `${history[0].n} events`);

    const unique = [...new Map(all.map((m) => [m.value['eventId'] as string, m])).values()];
    expect(unique).toHaveLength(history[0].n);
    for (const m of unique) {
      expect(validateEnrollmentEvent(m.value)).toEqual({ ok: true, event: m.value });
      expect(m.key).toBe(m.value['aggregateId']);
      expect(m.headers['ce_id']).toBe(m.value['eventId']);
      expect(m.headers['ce_type']).toBe(`fpi.enrollment.${m.value['type'] as string}.v1`);
      // The contract's message of the event (what tests playing enrollment send) is what the relay sent.
      expect(m.headers).toEqual(enrollmentEventMessage(m.value as unknown as EnrollmentEvent).headers);
    }
    const byKey = new Map<string, number[]>();
    for (const m of unique) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m.value['revision'] as number]);
    for (const [, revisions] of byKey) expect(revisions).toEqual(revisions.map((_, i) => i + 1));

    const policyEvents = unique.filter((m) => m.key === deliveredPolicyId).map((m) => m.value as unknown as PolicyEvent);
    expect(policyEvents.map((e) => e.type)).toEqual(expectedPolicyEvents);
    const expired = policyEvents[policyEvents.length - 1].data.policy;
    expect(expired).toMatchObject({ status: 'EXPIRED', policyNumber: 'PFPI2025000001', channel: 'REFERRER', referrerId, region: { countyCode: COUNTY, villageCode: VILLAGE }, householdStatus: 'ONE_CHILD', vulnerable: false, insuredPersons: 3, premiumFen: '6000', renewedToPolicyId: renewedPolicyId });
    expect(Object.values(expired.timestamps).every((v) => v === null || typeof v === 'string')).toBe(true);
    expect(expired.timestamps).toMatchObject({ premiumFullyPaidAt: expect.any(String), issuanceDueAt: expect.any(String), issuedAt: expect.any(String), deliveryDueAt: expect.any(String), deliveredAt: expect.any(String) });
    expect(expired.insuredMembers.map((m) => m.memberId)).toEqual(deliveredHousehold.members.map((m) => m.memberId));
    expect(expired.insuredMembers.reduce((sum, m) => sum + BigInt(m.deathDisabilitySumInsuredFen), 0n)).toBe(BigInt(expired.coverage.deathDisabilitySumInsuredFen));
    expect(policyEvents[1]).toMatchObject({ type: 'PremiumPaymentRecorded', data: { fullyPaid: false, payment: { payer: 'COUNTY', amountFen: '1000' } } });
    expect(policyEvents[3]).toMatchObject({ type: 'PremiumPaymentRecorded', data: { fullyPaid: true } });
    expect(unique.some((m) => m.value['type'] === 'HouseholdRegistered' && m.key === deliveredHousehold.householdId)).toBe(true);

    const everything = all.map((m) => `${m.key}\n${JSON.stringify(m.headers)}\n${m.raw}`).join('\n');
    for (const id of rawIdNumbers) expect(everything).not.toContain(id);
    expect(everything).not.toContain('王某');
    expect(everything).toContain(rawIdNumbers[0].slice(0, 4) + '**********' + rawIdNumbers[0].slice(-4));
  });

  it('keeps resident ID numbers out of the log', () => {
    expect(t.logLines.length).toBeGreaterThan(0);
    const log = t.logLines.join('');
    for (const id of rawIdNumbers) expect(log).not.toContain(id);
  });

  it('leaves no orphan rows in the tables without foreign keys', async () => {
    expect(await t.orphans()).toEqual({ household_members: 0, policy_members_without_policy: 0, policy_members_without_member: 0 });
  });

  it('declares who may call every route of the service (the platform guard denies anything undeclared)', () => {
    const routes = listRoutes(t.app);
    expect(routes.length).toBeGreaterThanOrEqual(28);
    expect(routeProblems(routes)).toEqual([]);
    // Only the health probes are public.
    expect(routes.filter((r) => r.declaration.kind === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health/live', 'GET /health/ready']);
  });

  it('lets each role call exactly what the policy table grants it, on every route (table-driven)', async () => {
    const options = resolveSecurityOptions(loadConfig(enrollmentConfigSchema, { NODE_ENV: 'test', DATABASE_URL: t.db.url }));
    const tokens = Object.fromEntries(ROLES.map((role: Role) => [role, mintDevToken(options, { sub: `matrix-${role}`, role, region: role === 'admin' ? undefined : '449901' })]));
    const rows = await runRoleMatrix(t.app, {
      credentials: (role) => ({ Authorization: `Bearer ${tokens[role]}`, 'Idempotency-Key': `matrix-${role}-${Math.random()}` }),
      call: ({ method, path, headers, body }) => {
        const r = request(t.http);
        const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        return r[verb](path).set(headers).send((body ?? {}) as object);
      },
      pathParams: { householdId: '00000000-0000-4000-8000-000000000000', policyId: '00000000-0000-4000-8000-000000000000', referrerId: '00000000-0000-4000-8000-000000000000', batchId: '00000000-0000-4000-8000-000000000000', year: '2025', code: 'STD-60' },
    });
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(28 * 7);
    expect(rows.find((r) => r.route === 'POST /households' && r.role === 'association')?.expected).toBe('forbidden');
    expect(rows.find((r) => r.route === 'POST /households' && r.role === 'clerk')?.expected).toBe('allowed');
  });

  it('refuses a request without a token, and a read-only role on a write', async () => {
    const anonymous = await request(t.http).get('/policies');
    expect(anonymous.status).toBe(401);
    const association = api(t, mintDevToken(resolveSecurityOptions(loadConfig(enrollmentConfigSchema, { NODE_ENV: 'test', DATABASE_URL: t.db.url })), { sub: 'assoc', role: 'association', region: '449901' }));
    expect((await association.post('/referrers', { name: '某', villageCodes: ['449901001001'] })).status).toBe(403);
  });

  it('documents the API with OpenAPI', async () => {
    const doc = await http.get('/docs/json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of ['/households', '/policies', '/policies/{policyId}/payments', '/policies/{policyId}/issuance', '/policies/{policyId}/delivery', '/policies/{policyId}/renewal', '/gifted-batches', '/overdue-policies', '/referrers', '/programme-years/{year}/products']) {
      expect(paths).toContain(p);
    }
    const issuance = doc.body.paths['/policies/{policyId}/issuance'].post;
    expect(issuance.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match']));
  });
});
