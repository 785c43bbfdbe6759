import { randomUUID } from 'node:crypto';
import { JsonLogger, ManualClock, pgPoolOf } from '@fpi/platform';
import { DataSource } from 'typeorm';
import { IdNumberHasher } from './shared/id-number-hasher';
import { IdNumberIndexKeys } from './shared/id-number-index-keys';
import { api, startEnrollmentApp, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { family, household, programmeYear2025, standardProduct } from './testing/fixtures';

const KEY_A = `key-a-${randomUUID()}-${randomUUID()}`;
const KEY_B = `key-b-${randomUUID()}-${randomUUID()}`;
const KEY_C = `key-c-${randomUUID()}-${randomUUID()}`;

describe('rotating ID_NUMBER_HMAC_KEY: the ID-number index is re-keyed from the stored numbers (real PostgreSQL)', () => {
  const clock = new ManualClock('2025-01-10T02:00:00.000Z');
  const logger = new JsonLogger('test', 'error', { write: () => undefined });
  let t: EnrollmentTestApp;
  let members: ReturnType<typeof family>;

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_key_rotation', clock, { ID_NUMBER_HMAC_KEY: KEY_A });
    const http = api(t);
    expect((await http.post('/programme-years', programmeYear2025)).status).toBe(201);
    expect((await http.post('/programme-years/2025/products', standardProduct())).status).toBe(201);
    members = family();
    const h = await http.post('/households', household(members));
    expect((await http.post('/policies', { householdId: h.body.householdId, programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  /** Every stored hash of the household's people: members, the head's copy, the insured members' copies. */
  const storedHashes = async () => ({
    members: (await t.query<{ h: string }>('SELECT id_number_hash AS h FROM household_members ORDER BY position')).map((r) => r.h),
    head: (await t.query<{ h: string }>('SELECT head_id_number_hash AS h FROM households')).map((r) => r.h),
    insured: (await t.query<{ h: string }>('SELECT pm.id_number_hash AS h FROM policy_members pm ORDER BY pm.position')).map((r) => r.h),
  });
  const expected = (key: string) => {
    const hasher = new IdNumberHasher(key);
    const all = members.map((m) => hasher.hash(m.idNumber));
    return { members: all, head: [all[0]], insured: all };
  };
  const keys = (current: string, previous: string[]) =>
    new IdNumberIndexKeys(t.app.get(DataSource), new IdNumberHasher(current), previous.map((k) => new IdNumberHasher(k)), logger);

  it('records at start which key built the index', async () => {
    expect(await storedHashes()).toEqual(expected(KEY_A));
    expect(await t.query('SELECT key_id FROM id_number_index_key')).toEqual([{ key_id: new IdNumberHasher(KEY_A).keyId }]);
  });

  it('refuses a key that did not build the index unless the old key is given as a previous key, and changes nothing', async () => {
    await expect(keys(KEY_B, []).ensureCurrent()).rejects.toThrow(/neither ID_NUMBER_HMAC_KEY nor in ID_NUMBER_HMAC_PREVIOUS_KEYS/);
    await expect(keys(KEY_B, [KEY_C]).ensureCurrent()).rejects.toThrow(/ID_NUMBER_HMAC_PREVIOUS_KEYS/);
    expect(await storedHashes()).toEqual(expected(KEY_A));
  });

  it('re-keys every copy of every hash to the new key, once', async () => {
    expect(await keys(KEY_B, [KEY_A]).ensureCurrent()).toBe(members.length);
    expect(await storedHashes()).toEqual(expected(KEY_B));
    expect(await t.query('SELECT key_id FROM id_number_index_key')).toEqual([{ key_id: new IdNumberHasher(KEY_B).keyId }]);
    // Started again with the same keys (or the old one already removed): nothing left to do.
    expect(await keys(KEY_B, [KEY_A]).ensureCurrent()).toBe(0);
    expect(await keys(KEY_B, []).ensureCurrent()).toBe(0);
  });

  it('finds the key of an index built before keys were recorded', async () => {
    await pgPoolOf(t.app.get(DataSource)).query('DELETE FROM id_number_index_key');
    await expect(keys(KEY_C, []).ensureCurrent()).rejects.toThrow(/unknown/);
    expect(await keys(KEY_C, [KEY_B]).ensureCurrent()).toBe(members.length);
    expect(await storedHashes()).toEqual(expected(KEY_C));
  });
});
