import { ManualClock } from '@fpi/platform';
import { api, startEnrollmentApp, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { family, GIFTED_HEADER, giftProduct, household, person, programmeYear2025, standardProduct, VILLAGE } from './testing/fixtures';

/**
 * A gifted batch is written in chunks of GIFTED_BATCH_CHUNK_HOUSEHOLDS households per statement, all in the
 * command's one transaction. Here the chunk is 4 households, so even small files span many statements.
 */
describe('enrollment service: gifted CSV batches written in chunks (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-02-10T02:00:00.000Z');
  const CHUNK = 4;
  let t: EnrollmentTestApp;
  let http: ReturnType<typeof api>;

  type Report = { row: number; line: number; householdRef: string; outcome: string; code?: string; householdId?: string; policyId?: string; memberId?: string }[];
  const row = (ref: string, relationship: string, name: string, idNumber: string, status = 'LOW_INCOME') =>
    `${ref},${status},${VILLAGE.slice(0, 6)},${VILLAGE.slice(0, 9)},${VILLAGE},${relationship},${name},${idNumber},,`;
  const sendBatch = (body: string, key = http.key()) =>
    http.raw().post('/gifted-batches?programmeYear=2025&productCode=GIFT-60').set({ 'Idempotency-Key': key, 'Content-Type': 'text/csv' }).send(body);
  const households = (count: number, prefix: string): { csv: string[]; people: string[] } => {
    const csv: string[] = [];
    const people: string[] = [];
    for (let i = 0; i < count; i++) {
      const head = person('1968-04-04');
      const spouse = person('1970-05-05');
      people.push(head, spouse);
      csv.push(row(`${prefix}${i}`, 'HEAD', '某甲', head), row(`${prefix}${i}`, 'SPOUSE', '某乙', spouse));
    }
    return { csv, people };
  };
  const countOf = async (sql: string, params: unknown[] = []) => (await t.query<{ n: number }>(sql, params))[0].n;

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_gifted_chunks', clock, { GIFTED_BATCH_CHUNK_HOUSEHOLDS: String(CHUNK) });
    http = api(t);
    expect((await http.post('/programme-years', programmeYear2025)).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', standardProduct())).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', giftProduct())).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('imports a file spanning many chunks: every row reported in file order, every household, policy and event written once', async () => {
    const { csv } = households(37, 'C');
    const res = await sendBatch([GIFTED_HEADER, ...csv].join('\n'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 74, acceptedRows: 74, rejectedRows: 0, acceptedHouseholds: 37 });
    const report = res.body.report as Report;
    expect(report.map((r) => r.row)).toEqual(Array.from({ length: 74 }, (_, i) => i + 1));
    expect(report.map((r) => r.line)).toEqual(Array.from({ length: 74 }, (_, i) => i + 2));
    const householdIds = new Set(report.map((r) => r.householdId as string));
    const policyIds = new Set(report.map((r) => r.policyId as string));
    expect(householdIds.size).toBe(37);
    expect(policyIds.size).toBe(37);
    expect(new Set(report.map((r) => r.memberId)).size).toBe(74);

    const batchId = res.body.batchId as string;
    expect(await countOf('SELECT count(*)::int AS n FROM households WHERE gifted_batch_id = $1', [batchId])).toBe(37);
    expect(await countOf('SELECT count(*)::int AS n FROM household_members WHERE household_id = ANY($1::uuid[])', [[...householdIds]])).toBe(74);
    expect(await countOf('SELECT count(*)::int AS n FROM policies WHERE gifted_batch_id = $1', [batchId])).toBe(37);
    expect(await countOf('SELECT count(*)::int AS n FROM policy_members WHERE policy_id = ANY($1::uuid[])', [[...policyIds]])).toBe(74);
    expect(await countOf('SELECT count(*)::int AS n FROM aggregate_history WHERE aggregate_id = ANY($1::uuid[])', [[...householdIds, ...policyIds]])).toBe(74);
    expect((await http.get(`/gifted-batches/${batchId}`)).body).toEqual(res.body);
    // A household of the last chunk reads back like one of the first.
    const last = report[report.length - 1];
    expect((await http.get(`/policies/${last.policyId as string}`)).body).toMatchObject({ status: 'APPLIED', channel: 'GOVERNMENT_GIFTED', insuredMembers: [{}, { memberId: last.memberId }] });

    const messages = await t.waitForMessages((ms) => ms.filter((m) => householdIds.has(m.key) || policyIds.has(m.key)).length >= 74, 'the events of 37 households');
    const ofBatch = messages.filter((m) => householdIds.has(m.key) || policyIds.has(m.key));
    expect(ofBatch).toHaveLength(74);
    expect(new Set(ofBatch.map((m) => m.value['eventId'])).size).toBe(74);
    expect(ofBatch.filter((m) => m.value['type'] === 'HouseholdRegistered').map((m) => m.key).sort()).toEqual([...householdIds].sort());
    expect(ofBatch.filter((m) => m.value['type'] === 'PolicyApplied').map((m) => m.key).sort()).toEqual([...policyIds].sort());
    expect(await t.orphans()).toEqual({ household_members: 0, policy_members_without_policy: 0, policy_members_without_member: 0 });
  });

  it('insures each person once: duplicates within the file and people insured in the database are rejected, whichever chunk they fall in', async () => {
    const insuredFamily = family();
    const insured = await http.post('/households', household(insuredFamily));
    expect((await http.post('/policies', { householdId: insured.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' })).status).toBe(201);

    const filler = households(9, 'F');
    const twice = person('1969-09-09');
    const csv = [
      GIFTED_HEADER,
      row('D1', 'HEAD', '甲', twice),
      row('D1', 'SPOUSE', '乙', person('1970-01-02')),
      ...filler.csv, // pushes what follows into later chunks
      row('D2', 'HEAD', '丙', person('1971-01-03')),
      row('D2', 'SPOUSE', '丁', twice), // already in D1 of this file
      row('D3', 'HEAD', '戊', person('1972-01-04')),
      row('D3', 'CHILD', '己', person('2005-01-05')),
      row('D3', 'PARENT', '庚', person('1990-01-06')),
      row('D3', 'SPOUSE', '辛', insuredFamily[2].idNumber), // insured through the counter before the file came
      row('D4', 'HEAD', '壬', person('1973-01-07')),
      row('D4', 'SPOUSE', '癸', person('1974-01-08')),
    ];
    const res = await sendBatch(csv.join('\n'));
    expect(res.status).toBe(201);
    const report = res.body.report as Report;
    const byRef = (ref: string) => report.filter((r) => r.householdRef === ref).map((r) => [r.outcome, r.code ?? null]);
    expect(byRef('D1')).toEqual([['ACCEPTED', null], ['ACCEPTED', null]]);
    expect(byRef('D2')).toEqual([['REJECTED', 'ENROLLMENT.DUPLICATE_PERSON_IN_BATCH'], ['REJECTED', 'ENROLLMENT.DUPLICATE_PERSON_IN_BATCH']]);
    expect(byRef('D3')).toEqual(Array.from({ length: 4 }, () => ['REJECTED', 'ENROLLMENT.PERSON_ALREADY_INSURED']));
    expect(byRef('D4')).toEqual([['ACCEPTED', null], ['ACCEPTED', null]]);
    expect(res.body).toMatchObject({ acceptedHouseholds: 11, acceptedRows: 22, rejectedRows: 6 });

    // The same file again: every household is now registered, nobody is insured twice.
    const again = await sendBatch(csv.join('\n'));
    expect(again.body).toMatchObject({ acceptedRows: 0, acceptedHouseholds: 0 });
    expect(await countOf(`SELECT count(*)::int AS n FROM (SELECT id_number_hash FROM policy_members WHERE programme_year = 2025 AND holds_cover GROUP BY 1 HAVING count(*) > 1) d`)).toBe(0);
  });

  it('stores names as sent, whatever characters they hold', async () => {
    const names = ['王"某', 'Li, {NULL}', 'back\\slash', ' NULL ', '某某'];
    const csv = [GIFTED_HEADER, ...names.map((name, i) => row('N1', i === 0 ? 'HEAD' : 'CHILD', `"${name.replace(/"/g, '""')}"`, person(i === 0 ? '1970-02-02' : '2001-02-02')))];
    const res = await sendBatch(csv.join('\n'));
    expect(res.body).toMatchObject({ acceptedRows: 5 });
    const stored = await t.query<{ name: string }>('SELECT name FROM household_members WHERE household_id = $1 ORDER BY position', [res.body.report[0].householdId]);
    expect(stored.map((m) => m.name)).toEqual(names.map((n) => n.trim()));
  });

  it('writes all chunks in one transaction: a conflict in a later chunk leaves nothing of the earlier ones, and the retried batch lands once', async () => {
    // One-shot: the 30th household insert from now on claims its head's cover for 2025 inside the batch's own
    // transaction, as a concurrent writer would between the batch's check and its write. A sequence is not
    // rolled back, so the retry does not meet the conflict again.
    await t.query(`CREATE SEQUENCE inject_conflict`);
    await t.query(`
      CREATE FUNCTION inject_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('inject_conflict') = 30 THEN
          INSERT INTO policy_members (policy_id, member_id, position, programme_year, id_number_hash, id_number_masked, relationship, sex, birth_year, age_at_cover_start, death_disability_share_fen)
          VALUES (gen_random_uuid(), gen_random_uuid(), 0, 2025, NEW.head_id_number_hash, '4499**********0000', 'HEAD', 'MALE', 1968, 56, 0);
        END IF;
        RETURN NEW;
      END $$`);
    await t.query(`CREATE TRIGGER inject_conflict BEFORE INSERT ON households FOR EACH ROW EXECUTE FUNCTION inject_conflict()`);
    try {
      const before = await t.query<{ h: number; p: number; b: number; o: number }>(
        'SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM policies) AS p, (SELECT count(*)::int FROM gifted_batches) AS b, (SELECT count(*)::int FROM aggregate_history) AS o',
      );
      const { csv } = households(40, 'R');
      const res = await sendBatch([GIFTED_HEADER, ...csv].join('\n'));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ acceptedHouseholds: 40, acceptedRows: 80 });
      // The first attempt got past household 30 (chunk 8 of 10) before it failed, and was retried.
      expect(await countOf(`SELECT last_value::int AS n FROM inject_conflict`)).toBeGreaterThan(40);
      const after = await t.query<{ h: number; p: number; b: number; o: number }>(
        'SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM policies) AS p, (SELECT count(*)::int FROM gifted_batches) AS b, (SELECT count(*)::int FROM aggregate_history) AS o',
      );
      expect(after[0]).toEqual({ h: before[0].h + 40, p: before[0].p + 40, b: before[0].b + 1, o: before[0].o + 80 });
      expect(await countOf(`SELECT count(*)::int AS n FROM policy_members WHERE id_number_masked = '4499**********0000'`)).toBe(0);

      // Only the committed attempt's events reach Kafka: nothing keyed by a household or policy of the failed one.
      const report = res.body.report as Report;
      const ids = new Set([...report.map((r) => r.householdId as string), ...report.map((r) => r.policyId as string)]);
      await t.waitForMessages((ms) => ms.filter((m) => ids.has(m.key)).length >= 80, 'the retried batch events');
      const known = new Set((await t.query<{ id: string }>('SELECT id::text FROM households UNION ALL SELECT id::text FROM policies')).map((r) => r.id));
      const stray = t.messages.filter((m) => ['HouseholdRegistered', 'PolicyApplied'].includes(m.value['type'] as string) && !known.has(m.key));
      expect(stray).toEqual([]);
      expect(await t.orphans()).toEqual({ household_members: 0, policy_members_without_policy: 0, policy_members_without_member: 0 });
    } finally {
      await t.query(`DROP TRIGGER inject_conflict ON households`);
      await t.query(`DROP FUNCTION inject_conflict()`);
      await t.query(`DROP SEQUENCE inject_conflict`);
    }
  });
});
