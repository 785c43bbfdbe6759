import { ManualClock } from '@fpi/platform';
import { api, startEnrollmentApp, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { family, GIFTED_HEADER, giftProduct, household, OTHER_VILLAGE, person, programmeYear2025, standardProduct, VILLAGE } from './testing/fixtures';

describe('enrollment service: government-gifted CSV batches (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-02-10T02:00:00.000Z');
  let t: EnrollmentTestApp;
  let http: ReturnType<typeof api>;
  let referrerId: string;
  let csv: string;
  let batchKey: string;
  let firstReport: { batchId: string; report: { row: number; outcome: string; code?: string; householdId?: string; policyId?: string }[] };
  const rawIdNumbers: string[] = [];

  const row = (ref: string, status: string, relationship: string, name: string, idNumber: string, opts: { village?: string; referrer?: string } = {}) => {
    const village = opts.village ?? VILLAGE;
    rawIdNumbers.push(idNumber);
    return `${ref},${status},${village.slice(0, 6)},${village.slice(0, 9)},${village},${relationship},${name},${idNumber},,${opts.referrer ?? ''}`;
  };
  const sendBatch = (body: string, key: string, productCode = 'GIFT-60') =>
    http.raw().post(`/gifted-batches?programmeYear=2025&productCode=${productCode}`).set({ 'Idempotency-Key': key, 'Content-Type': 'text/csv' }).send(body);

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_gifted', clock);
    http = api(t);
    expect((await http.post('/programme-years', programmeYear2025)).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', standardProduct())).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', giftProduct())).status).toBe(201);
    referrerId = (await http.post('/referrers', { name: '村计生专干', villageCodes: [VILLAGE] })).body.referrerId;

    const insuredFamily = family();
    const registeredFamily = family();
    rawIdNumbers.push(...insuredFamily.map((m) => m.idNumber), ...registeredFamily.map((m) => m.idNumber));
    const insured = await http.post('/households', household(insuredFamily));
    expect((await http.post('/policies', { householdId: insured.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' })).status).toBe(201);
    expect((await http.post('/households', household(registeredFamily))).status).toBe(201);

    csv = [
      GIFTED_HEADER,
      row('G1', 'SPECIAL_FAMILY', 'HEAD', '甲某', person('1968-01-01'), { referrer: referrerId }),
      row('G1', 'SPECIAL_FAMILY', 'SPOUSE', '乙某', person('1969-01-01'), { referrer: referrerId }),
      row('G2', 'ONE_CHILD', 'HEAD', '丙某', person('1970-01-01')),
      row('G2', 'ONE_CHILD', 'SPOUSE', '丁某', person('1971-01-01')),
      row('G3', 'LOW_INCOME', 'HEAD', '戊某', person('1972-01-01')),
      row('G3', 'LOW_INCOME', 'CHILD', '李某', insuredFamily[1].idNumber),
      row('G4', 'LOW_INCOME', 'HEAD', '王某', registeredFamily[0].idNumber),
      row('G4', 'LOW_INCOME', 'SPOUSE', '己某', person('1973-01-01')),
      row('G5', 'SPECIAL_SUPPORT', 'HEAD', '庚某', person('1974-01-01'), { referrer: '00000000-0000-4000-8000-000000000000' }),
      row('G5', 'SPECIAL_SUPPORT', 'SPOUSE', '辛某', person('1975-01-01'), { referrer: '00000000-0000-4000-8000-000000000000' }),
      row('G6', 'SPECIAL_SUPPORT', 'HEAD', '壬某', person('1976-01-01'), { village: OTHER_VILLAGE, referrer: referrerId }),
      row('G6', 'SPECIAL_SUPPORT', 'SPOUSE', '癸某', person('1977-01-01'), { village: OTHER_VILLAGE, referrer: referrerId }),
      row('G7', 'LOW_INCOME', 'HEAD', '子某', person('1978-01-01')),
      row('G7', 'LOW_INCOME', 'PARENT', '丑某', person('1950-01-01')),
      row('G8', 'LOW_INCOME', 'HEAD', '寅某', '449901197901010000'),
      row('G8', 'LOW_INCOME', 'SPOUSE', '卯某', person('1979-01-01')),
      row('G9', 'LOW_INCOME', 'HEAD', '辰某', person('1980-01-01'), { village: OTHER_VILLAGE }),
      row('G9', 'LOW_INCOME', 'CHILD', '巳某', person('2010-01-01'), { village: OTHER_VILLAGE }),
      row('G9', 'LOW_INCOME', 'CHILD', '午某', person('2012-01-01'), { village: OTHER_VILLAGE }),
    ].join('\n');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('imports a batch with a report per row: sound households accepted, every other row rejected with its reason', async () => {
    batchKey = http.key();
    const res = await sendBatch(csv, batchKey);
    expect(res.status).toBe(201);
    firstReport = res.body;
    expect(res.body).toMatchObject({ programmeYear: 2025, productCode: 'GIFT-60', rows: 19, acceptedRows: 5, rejectedRows: 14, acceptedHouseholds: 2 });
    const codes = res.body.report.map((r: { row: number; outcome: string; code?: string }) => [r.row, r.outcome, r.code ?? null]);
    expect(codes).toEqual([
      [1, 'ACCEPTED', null],
      [2, 'ACCEPTED', null],
      [3, 'REJECTED', 'ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT'],
      [4, 'REJECTED', 'ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT'],
      [5, 'REJECTED', 'ENROLLMENT.PERSON_ALREADY_INSURED'],
      [6, 'REJECTED', 'ENROLLMENT.PERSON_ALREADY_INSURED'],
      [7, 'REJECTED', 'ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED'],
      [8, 'REJECTED', 'ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED'],
      [9, 'REJECTED', 'ENROLLMENT.REFERRER_NOT_FOUND'],
      [10, 'REJECTED', 'ENROLLMENT.REFERRER_NOT_FOUND'],
      [11, 'REJECTED', 'ENROLLMENT.REFERRER_NOT_FOR_VILLAGE'],
      [12, 'REJECTED', 'ENROLLMENT.REFERRER_NOT_FOR_VILLAGE'],
      [13, 'REJECTED', 'ENROLLMENT.AGE_OUT_OF_RANGE'],
      [14, 'REJECTED', 'ENROLLMENT.AGE_OUT_OF_RANGE'],
      [15, 'REJECTED', 'ENROLLMENT.INVALID_ID_NUMBER'],
      [16, 'REJECTED', 'ENROLLMENT.HOUSEHOLD_ROW_REJECTED'],
      [17, 'ACCEPTED', null],
      [18, 'ACCEPTED', null],
      [19, 'ACCEPTED', null],
    ]);
    const g1 = res.body.report[0];
    const policy = await http.get(`/policies/${g1.policyId}`);
    expect(policy.body).toMatchObject({ status: 'APPLIED', channel: 'GOVERNMENT_GIFTED', referrerId, householdStatus: 'SPECIAL_FAMILY', vulnerable: true, insuredMembers: [{ memberId: g1.memberId }, { memberId: res.body.report[1].memberId }] });
    expect((await http.get(`/policies/${res.body.report[16].policyId}`)).body).toMatchObject({ referrerId: null, insuredMembers: [{}, {}, {}] });
    expect((await http.get(`/gifted-batches/${res.body.batchId}`)).body).toEqual(res.body);
    expect(JSON.stringify(res.body)).not.toContain(rawIdNumbers[rawIdNumbers.length - 1]);
  });

  it('answers the same report when the same file is sent again under the same key, and refuses the key for another file', async () => {
    const before = await t.query('SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM policies) AS p, (SELECT count(*)::int FROM gifted_batches) AS b');
    const again = await sendBatch(csv, batchKey);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(firstReport);
    const other = await sendBatch(csv.replace('甲某', '甲某某'), batchKey);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    expect(await t.query('SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM policies) AS p, (SELECT count(*)::int FROM gifted_batches) AS b')).toEqual(before);

    const resent = await sendBatch(csv, http.key());
    expect(resent.status).toBe(201);
    expect(resent.body).toMatchObject({ acceptedRows: 0, acceptedHouseholds: 0 });
    expect(resent.body.report[0].code).toBe('ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED');
  });

  it('gifted policies are paid by government payers and published as household and policy events, masked', async () => {
    const policyId = firstReport.report[0].policyId as string;
    expect((await http.post(`/policies/${policyId}/payments`, { payer: 'PROVINCE', amountFen: 3000, reference: 'PROV-GIFT-1' })).body.status).toBe('PARTIALLY_PAID');
    expect((await http.post(`/policies/${policyId}/payments`, { payer: 'COUNTY', amountFen: 3000, reference: 'CNTY-GIFT-1' })).body.status).toBe('PAID');
    const householdId = firstReport.report[0].householdId as string;
    const messages = await t.waitForMessages((ms) => ms.filter((m) => m.key === policyId).length >= 3 && ms.some((m) => m.key === householdId), 'gifted events');
    const types = messages.filter((m) => m.key === policyId).map((m) => `${m.value['type'] as string}#${m.value['revision'] as number}`);
    expect(types).toEqual(['PolicyApplied#1', 'PremiumPaymentRecorded#2', 'PremiumPaymentRecorded#3']);
    const registered = messages.find((m) => m.key === householdId);
    expect(registered?.value).toMatchObject({ type: 'HouseholdRegistered', revision: 1, data: { household: { familyPlanningStatus: 'SPECIAL_FAMILY', vulnerable: true, memberCount: 2 } } });
    const everything = messages.map((m) => m.raw).join('\n');
    for (const id of rawIdNumbers) expect(everything).not.toContain(id);
    expect(everything).not.toContain('甲某');
  });

  it('imports a larger batch through the set-based outbox path, every event reaching Kafka in order, and leaves no orphan rows', async () => {
    const rows = [GIFTED_HEADER];
    for (let i = 0; i < 40; i++) {
      rows.push(row(`L${i}`, 'LOW_INCOME', 'HEAD', '某', person('1966-03-03')), row(`L${i}`, 'LOW_INCOME', 'CHILD', '某', person('2001-03-03')));
    }
    const res = await sendBatch(rows.join('\n'), http.key());
    expect(res.body).toMatchObject({ acceptedRows: 80, acceptedHouseholds: 40 });
    const policyIds = new Set((res.body.report as { policyId: string }[]).map((r) => r.policyId));
    const householdIds = new Set((res.body.report as { householdId: string }[]).map((r) => r.householdId));
    const messages = await t.waitForMessages((ms) => ms.filter((m) => policyIds.has(m.key) || householdIds.has(m.key)).length >= 80, '80 batch events');
    const ofBatch = messages.filter((m) => policyIds.has(m.key) || householdIds.has(m.key));
    expect(ofBatch.every((m) => m.value['revision'] === 1)).toBe(true);
    expect(ofBatch.filter((m) => m.value['type'] === 'PolicyApplied')).toHaveLength(40);
    // The batch's events left the outbox as one bundle row, yet each is its own CloudEvent with its own id.
    expect(ofBatch.every((m) => m.headers['ce_id'] === m.value['eventId'] && m.headers['ce_subject'] === m.key)).toBe(true);
    expect(new Set(ofBatch.map((m) => m.headers['ce_id'])).size).toBe(80);
    expect(await t.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 0 }]);
    expect(await t.orphans()).toEqual({ household_members: 0, policy_members_without_policy: 0, policy_members_without_member: 0 });
  });
});
