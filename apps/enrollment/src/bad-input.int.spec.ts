import fc from 'fast-check';
import { IDEMPOTENCY_RETENTION, ManualClock, type RetentionSweeper } from '@fpi/platform';
import { api, startEnrollmentApp, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { family, GIFTED_HEADER, giftProduct, household, person, programmeYear2025, standardProduct, VILLAGE } from './testing/fixtures';

const TABLES = ['programme_years', 'products', 'product_payer_shares', 'referrers', 'households', 'household_members', 'policies', 'policy_members', 'premium_payments', 'aggregate_history', 'idempotency_keys', 'gifted_batches'];

describe('enrollment service: bad input is refused with a coded 4xx and writes nothing (real PostgreSQL)', () => {
  const clock = new ManualClock('2025-02-10T02:00:00.000Z');
  let t: EnrollmentTestApp;
  let http: ReturnType<typeof api>;
  let unpaid: { policyId: string; householdId: string };
  let insuredPerson: string;

  /** Row counts of every table and the revisions of every aggregate: equal before and after means nothing was written. */
  const footprint = async (): Promise<{ counts: Record<string, number>; revisions: string }> => {
    const counts = await t.query<Record<string, number>>(`SELECT ${TABLES.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')}`);
    const revisions = await t.query('SELECT id, revision FROM policies UNION ALL SELECT id, revision FROM households ORDER BY 1');
    return { counts: counts[0], revisions: JSON.stringify(revisions) };
  };
  const expectRefused = async (send: () => Promise<{ status: number; body: { code?: string; details?: unknown } }>, status: number, code: string) => {
    const before = await footprint();
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await footprint()).toEqual(before);
    return res;
  };

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_bad_input', clock);
    http = api(t);
    expect((await http.post('/programme-years', programmeYear2025)).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', standardProduct())).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', giftProduct())).status).toBe(201);
    const members = family();
    insuredPerson = members[1].idNumber;
    const h = await http.post('/households', household(members));
    const p = await http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' });
    expect(p.status).toBe(201);
    unpaid = { policyId: p.body.policyId, householdId: h.body.householdId };
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('a wrong check character: 400 ENROLLMENT.INVALID_ID_NUMBER naming the field, never echoing the number', async () => {
    const members = family();
    const good = members[1].idNumber;
    members[1].idNumber = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await expectRefused(() => http.post('/households', household(members)), 400, 'ENROLLMENT.INVALID_ID_NUMBER');
    expect(res.body).toMatchObject({ details: { field: 'members[1].idNumber', reason: 'CHECK_CHARACTER' } });
    expect(JSON.stringify(res.body)).not.toContain(members[1].idNumber.slice(0, 14));
  });

  it('a birth date in the future: 400 ENROLLMENT.INVALID_ID_NUMBER', async () => {
    const members = family();
    members[2].idNumber = person('2025-02-11');
    const res = await expectRefused(() => http.post('/households', household(members)), 400, 'ENROLLMENT.INVALID_ID_NUMBER');
    expect(res.body.details).toMatchObject({ reason: 'BIRTH_DATE_IN_FUTURE' });
  });

  it('a member outside the product\'s age limits: 422 ENROLLMENT.AGE_OUT_OF_RANGE', async () => {
    const members = [{ name: '赵某', idNumber: person('1980-01-01'), relationship: 'HEAD' }, { name: '赵老某', idNumber: person('1955-01-01'), relationship: 'PARENT' }];
    const h = await http.post('/households', household(members));
    expect(h.status).toBe(201);
    const res = await expectRefused(() => http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' }), 422, 'ENROLLMENT.AGE_OUT_OF_RANGE');
    expect(res.body.details).toMatchObject({ field: 'members[1]', age: 70, maxAge: 65 });
    const ok = await http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER', insuredMemberIds: [h.body.members[0].memberId] });
    expect({ status: ok.status, code: ok.body.code }).toEqual({ status: 422, code: 'ENROLLMENT.MEMBER_COUNT_OUT_OF_RANGE' });
  });

  it('payer shares that do not add up to the premium: 400 ENROLLMENT.PAYER_SHARES_MISMATCH', async () => {
    const product = { ...standardProduct('BAD-60'), payerShares: [{ payer: 'COUNTY', amountFen: 3000 }, { payer: 'HOUSEHOLD', amountFen: 2999 }] };
    const res = await expectRefused(() => http.post('/programme-years/2025/products', product), 400, 'ENROLLMENT.PAYER_SHARES_MISMATCH');
    expect(res.body.details).toMatchObject({ premiumFen: '6000', sharesTotalFen: '5999' });
  });

  it('delivery before issuance: 409 ENROLLMENT.POLICY_NOT_ISSUED', async () => {
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/delivery`, { method: 'IN_PERSON', receiverName: '王某', proofReference: 'p-1' }), 409, 'ENROLLMENT.POLICY_NOT_ISSUED');
  });

  it('issuing an unpaid (or partly paid) policy: 409 ENROLLMENT.POLICY_NOT_PAID', async () => {
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/issuance`, { policyNumber: 'PFPI-UNPAID-1' }), 409, 'ENROLLMENT.POLICY_NOT_PAID');
  });

  it('the same household applying twice for one programme year: 409 ENROLLMENT.HOUSEHOLD_ALREADY_ENROLLED', async () => {
    await expectRefused(() => http.post('/policies', { householdId: unpaid.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'MOBILE_STOREFRONT' }), 409, 'ENROLLMENT.HOUSEHOLD_ALREADY_ENROLLED');
  });

  it('the same person insured twice in one programme year through another household: 409 ENROLLMENT.PERSON_ALREADY_INSURED', async () => {
    const h = await http.post('/households', household([{ name: '孙某', idNumber: person('1950-05-05'), relationship: 'HEAD' }, { name: '李某', idNumber: insuredPerson, relationship: 'CHILD' }, { name: '孙小某', idNumber: person('2015-05-05'), relationship: 'GRANDCHILD' }]));
    expect(h.status).toBe(201);
    const members = h.body.members as { memberId: string; relationship: string }[];
    await expectRefused(
      () => http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER', insuredMemberIds: members.filter((m) => m.relationship !== 'HEAD').map((m) => m.memberId) }),
      409,
      'ENROLLMENT.PERSON_ALREADY_INSURED',
    );
  });

  it('a CSV row with a malformed column is rejected in the report and nothing of it is written; the rest of the batch is imported', async () => {
    const good = [person('1970-01-01'), person('1972-01-01')];
    const badRow = person('1971-01-01');
    const csv = [
      GIFTED_HEADER,
      `G1,LOW_INCOME,449901,449901001,${VILLAGE},HEAD,甲某,${good[0]},,`,
      `G1,LOW_INCOME,449901,449901001,${VILLAGE},SPOUSE,乙某,${good[1]},,`,
      `G2,SPECIAL_FAMILY,44990X,449901001,${VILLAGE},HEAD,丙某,${badRow},,`,
    ].join('\r\n');
    const before = await footprint();
    const res = await http.raw().post('/gifted-batches?programmeYear=2025&productCode=GIFT-60').set({ 'Idempotency-Key': http.key(), 'Content-Type': 'text/csv' }).send(csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 3, acceptedRows: 2, rejectedRows: 1, acceptedHouseholds: 1 });
    expect(res.body.report[2]).toEqual({ row: 3, line: 4, householdRef: 'G2', outcome: 'REJECTED', code: 'ENROLLMENT.CSV_MALFORMED_COLUMN', message: 'county_code must be 6 digits', column: 'county_code' });
    const after = await footprint();
    expect(after.counts['households'] - before.counts['households']).toBe(1);
    expect(after.counts['household_members'] - before.counts['household_members']).toBe(2);
    expect(after.counts['policies'] - before.counts['policies']).toBe(1);
    expect(await t.query(`SELECT count(*)::int AS n FROM household_members WHERE name = '丙某'`)).toEqual([{ n: 0 }]);

    await expectRefused(
      () => http.raw().post('/gifted-batches?programmeYear=2025&productCode=GIFT-60').set({ 'Idempotency-Key': http.key(), 'Content-Type': 'text/csv' }).send('household_ref,name\nG9,x'),
      400,
      'ENROLLMENT.CSV_MALFORMED',
    );
    await expectRefused(
      () => http.raw().post('/gifted-batches?programmeYear=2025&productCode=STD-60').set({ 'Idempotency-Key': http.key(), 'Content-Type': 'text/csv' }).send(csv),
      422,
      'ENROLLMENT.PRODUCT_NOT_GIFTABLE',
    );
    // A year in hexadecimal (0x7E9 = 2025) is not a year: it used to import into 2025.
    for (const year of ['0x7E9', '2025.0', ' 2025', '2e3']) {
      await expectRefused(
        () => http.raw().post(`/gifted-batches?programmeYear=${encodeURIComponent(year)}&productCode=GIFT-60`).set({ 'Idempotency-Key': http.key(), 'Content-Type': 'text/csv' }).send(csv),
        400,
        'REQUEST.VALIDATION_FAILED',
      );
    }
  });

  it('unknown fields in a body, at any depth (mass assignment): 400 REQUEST.UNKNOWN_FIELD', async () => {
    await expectRefused(() => http.post('/households', { ...household(family()), status: 'VIP' }), 400, 'REQUEST.UNKNOWN_FIELD');
    const nested = household(family());
    (nested.members[0] as Record<string, unknown>)['verified'] = true;
    await expectRefused(() => http.post('/households', nested), 400, 'REQUEST.UNKNOWN_FIELD');
    await expectRefused(() => http.post('/policies', { householdId: unpaid.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER', status: 'ISSUED' }), 400, 'REQUEST.UNKNOWN_FIELD');
  });

  it('a stale If-Match: 412 REQUEST.STALE_REVISION', async () => {
    expect((await http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'COUNTY', amountFen: 100, reference: 'G-S-1' })).status).toBe(200);
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'COUNTY', amountFen: 100, reference: 'G-S-2' }, { 'If-Match': '"1"' }), 412, 'REQUEST.STALE_REVISION');
    await expectRefused(() => http.patch(`/households/${unpaid.householdId}`, { familyPlanningStatus: 'LOW_INCOME' }, { 'If-Match': 'W/"7"' }), 412, 'REQUEST.STALE_REVISION');
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'COUNTY', amountFen: 100, reference: 'G-S-3' }, { 'If-Match': 'garbage' }), 400, 'REQUEST.INVALID_IF_MATCH');
  });

  it('an idempotency key reused with a different body: 409 REQUEST.IDEMPOTENCY_KEY_REUSED', async () => {
    const key = http.key();
    expect((await http.post('/referrers', { name: '某', villageCodes: [VILLAGE] }, { 'Idempotency-Key': key })).status).toBe(201);
    await expectRefused(() => http.post('/referrers', { name: '某', villageCodes: ['449901001002'] }, { 'Idempotency-Key': key }), 409, 'REQUEST.IDEMPOTENCY_KEY_REUSED');
    await expectRefused(() => http.raw().post('/referrers').send({ name: '某', villageCodes: [VILLAGE] }), 400, 'REQUEST.IDEMPOTENCY_KEY_REQUIRED');
  });

  it('forgets answers older than IDEMPOTENCY_RETENTION_HOURS (7 days by default), and only those', async () => {
    const kept = http.key();
    expect((await http.post('/referrers', { name: '某', villageCodes: [VILLAGE] }, { 'Idempotency-Key': kept })).status).toBe(201);
    const expired = http.key();
    expect((await http.post('/referrers', { name: '某', villageCodes: [VILLAGE] }, { 'Idempotency-Key': expired })).status).toBe(201);
    await t.query(`UPDATE idempotency_keys SET created_at = created_at - interval '8 days' WHERE idempotency_key = $1`, [expired]);
    const deleted = await t.app.get<RetentionSweeper>(IDEMPOTENCY_RETENTION).sweepOnce();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await t.query<{ idempotency_key: string }>('SELECT idempotency_key FROM idempotency_keys WHERE idempotency_key = ANY($1)', [[kept, expired]]);
    expect(left.map((r) => r.idempotency_key)).toEqual([kept]);
  });

  it('a page size above the cap of 100: 400 REQUEST.VALIDATION_FAILED', async () => {
    for (const path of ['/policies?pageSize=101', '/households?pageSize=500', '/referrers?pageSize=1000', '/overdue-policies?pageSize=101']) {
      const res = await http.get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'REQUEST.VALIDATION_FAILED' });
      expect(res.body.details).toEqual([{ field: 'pageSize', problems: ['pageSize must not exceed 100'] }]);
    }
    expect((await http.raw().post('/policies/search').send({ pageSize: 101 })).status).toBe(400);
    expect((await http.get('/policies?pageSize=100')).status).toBe(200);
  });

  it('other refusals: malformed JSON, floats and negative fen, unknown ids, gift for a non-vulnerable household, referrer channel without referrer', async () => {
    await expectRefused(() => http.raw().post('/households').set({ 'Idempotency-Key': http.key(), 'Content-Type': 'application/json' }).send('{"familyPlanningStatus":'), 400, 'REQUEST.MALFORMED_JSON');
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'HOUSEHOLD', amountFen: 10.5, reference: 'F-1' }), 400, 'REQUEST.VALIDATION_FAILED');
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'HOUSEHOLD', amountFen: '-5', reference: 'F-2' }), 400, 'REQUEST.VALIDATION_FAILED');
    await expectRefused(() => http.post(`/policies/${unpaid.policyId}/payments`, { payer: 'HOUSEHOLD', amountFen: 3001, reference: 'F-3' }), 422, 'ENROLLMENT.PAYMENT_EXCEEDS_SHARE');
    await expectRefused(() => http.post('/policies/00000000-0000-4000-8000-000000000000/issuance', { policyNumber: 'PN-404-1' }), 404, 'ENROLLMENT.POLICY_NOT_FOUND');
    expect((await http.get('/policies/not-a-uuid')).status).toBe(404);
    const h = await http.post('/households', household(family()));
    await expectRefused(() => http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'GIFT-60', channel: 'GOVERNMENT_GIFTED' }), 422, 'ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT');
    await expectRefused(() => http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'REFERRER' }), 400, 'ENROLLMENT.REFERRER_REQUIRED');
    await expectRefused(() => http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'NOPE', channel: 'COUNTER' }), 422, 'ENROLLMENT.PRODUCT_NOT_FOUND');
  });

  it('property: arbitrary JSON bodies never produce a 5xx and never write anything', async () => {
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/households', '/policies', `/policies/${unpaid.policyId}/issuance`, '/programme-years/2025/products'), fc.jsonValue({ maxDepth: 3 }), async (path, body) => {
        const res = await http.raw().post(path).set({ 'Idempotency-Key': http.key(), 'Content-Type': 'application/json' }).send(JSON.stringify(body));
        return res.status >= 400 && res.status < 500 && typeof res.body.code === 'string';
      }),
      { numRuns: 60 },
    );
    expect(await footprint()).toEqual(before);
  });
});
