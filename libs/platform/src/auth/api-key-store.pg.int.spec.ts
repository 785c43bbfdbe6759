import { Pool, type PoolConfig } from 'pg';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { ManualClock } from '../clock/clock';
import { hashApiKey } from './api-keys';
import { migrateApiKeyStore, PostgresApiKeyStore } from './api-key-store.pg';
import { RegionScope } from './region';

/**
 * pg-pool's end() resolves once clients are told to close, not once their sockets are gone; the
 * DROP DATABASE ... WITH (FORCE) in teardown can then terminate a closing backend, which pg-pool re-emits
 * as an 'error' event (node-postgres #2762). Without a listener that is an unhandled error.
 */
const testPool = (config: PoolConfig): Pool => {
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  return pool;
};

describe('PostgresApiKeyStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let clock: ManualClock;
  let store: PostgresApiKeyStore;
  const scope = { eventTypes: ['ClaimSettled', 'ClaimRejected'], regions: ['3301'] };

  beforeAll(async () => {
    db = await createTestDatabase('api_keys');
    pool = testPool({ connectionString: db.url, max: 6 });
    await Promise.all([migrateApiKeyStore(pool), migrateApiKeyStore(pool)]);
    await migrateApiKeyStore(pool);
    clock = new ManualClock('2026-03-01T08:00:00Z');
    store = new PostgresApiKeyStore(pool, clock);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('shows the key once and stores only its SHA-256', async () => {
    const { record, plaintext } = await store.create({ integratorId: 'insurer-core', label: 'payments', scope });
    expect(plaintext).toMatch(/^fpik_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(record)).not.toContain(plaintext.slice(5));
    const { rows } = await pool.query('SELECT * FROM security_api_keys WHERE id = $1', [record.id]);
    expect(rows[0].key_hash).toBe(hashApiKey(plaintext));
    // No column anywhere holds the secret part of the key.
    expect(JSON.stringify(rows[0])).not.toContain(plaintext.slice(5, 20));
    expect(JSON.stringify(await store.get(record.id))).not.toContain(plaintext.slice(5));
    expect(JSON.stringify(await store.list('insurer-core'))).not.toContain(plaintext.slice(5));
  });

  it('authenticates a key to its record and scope', async () => {
    const { record, plaintext } = await store.create({ integratorId: 'assoc-platform', label: 'reports', scope });
    expect(await store.authenticate(plaintext)).toEqual({ ok: true, record });
    expect(await store.authenticate(plaintext.slice(0, -1) + (plaintext.endsWith('A') ? 'B' : 'A'))).toEqual({ ok: false, reason: 'unknown' });
    expect(await store.authenticate('not-a-key')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('revokes immediately and idempotently', async () => {
    const { record, plaintext } = await store.create({ integratorId: 'insurer-core', label: 'old', scope });
    const revoked = await store.revoke(record.id);
    expect(revoked.revokedAt).toEqual(clock.now());
    expect(await store.authenticate(plaintext)).toEqual({ ok: false, reason: 'revoked' });
    clock.advance(1000);
    expect((await store.revoke(record.id)).revokedAt).toEqual(revoked.revokedAt);
  });

  it('rotates with overlap: the old key works until the given time, the new one after', async () => {
    const start = clock.now();
    const { record: old, plaintext: oldKey } = await store.create({ integratorId: 'insurer-core', label: 'rotating', scope });
    const overlapUntil = new Date(start.getTime() + 24 * 3600_000);
    const { record: fresh, plaintext: newKey } = await store.rotate(old.id, overlapUntil);
    expect(newKey).not.toBe(oldKey);
    expect(fresh).toMatchObject({ integratorId: 'insurer-core', label: 'rotating', scope, expiresAt: null });
    expect(await store.get(old.id)).toMatchObject({ expiresAt: overlapUntil, replacedBy: fresh.id });

    expect((await store.authenticate(oldKey)).ok).toBe(true);
    expect((await store.authenticate(newKey)).ok).toBe(true);
    clock.set(overlapUntil);
    expect(await store.authenticate(oldKey)).toEqual({ ok: false, reason: 'expired' });
    expect((await store.authenticate(newKey)).ok).toBe(true);

    await expect(store.rotate(old.id, new Date(overlapUntil.getTime() + 1000))).rejects.toMatchObject({ code: 'API_KEY.INACTIVE' });
  });

  it('never lengthens a key by rotation, and rotates a key only once', async () => {
    const expiresAt = new Date(clock.now().getTime() + 3600_000);
    const { record } = await store.create({ integratorId: 'x', label: 'short', scope, expiresAt });
    const successor = await store.rotate(record.id, new Date(expiresAt.getTime() + 7 * 24 * 3600_000));
    expect((await store.get(record.id))?.expiresAt).toEqual(expiresAt);
    expect(successor.record.expiresAt).toEqual(expiresAt);
    await expect(store.rotate(record.id, expiresAt)).rejects.toMatchObject({ code: 'API_KEY.ALREADY_ROTATED' });
  });

  it('gives two concurrent rotations of one key exactly one successor', async () => {
    const { record } = await store.create({ integratorId: 'race', label: 'race', scope });
    const until = new Date(clock.now().getTime() + 60_000);
    const results = await Promise.allSettled([store.rotate(record.id, until), store.rotate(record.id, until)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store.list('race')).toHaveLength(2);
  });

  it('refuses a key with an empty or malformed scope, and unknown ids', async () => {
    await expect(store.create({ integratorId: 'x', label: 'x', scope: { eventTypes: [], regions: ['3301'] } })).rejects.toMatchObject({ code: 'API_KEY.INVALID_SCOPE' });
    await expect(store.create({ integratorId: 'x', label: 'x', scope: { eventTypes: ['*'], regions: ['33010'] } })).rejects.toMatchObject({ code: 'API_KEY.INVALID_SCOPE' });
    await expect(store.revoke('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'API_KEY.NOT_FOUND' });
    await expect(store.revoke("1' OR '1'='1")).rejects.toMatchObject({ code: 'API_KEY.NOT_FOUND' });
    expect(await store.get('nope')).toBeUndefined();
  });
});

describe('RegionScope.sqlCondition agrees with regionCovers in PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase('region_sql');
    pool = testPool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('selects the same objects as the in-memory filter', async () => {
    const digits = (n: number) => fc.string({ unit: fc.constantFrom('3', '0', '1', '2'), minLength: n, maxLength: n });
    const objects = fc.array(fc.constantFrom(6, 9, 12).chain(digits), { minLength: 1, maxLength: 30 });
    const scopes = fc.array(fc.constantFrom(4, 6, 9).chain(digits), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(objects, scopes, async (regions, codes) => {
        const scope = RegionScope.of(codes);
        const cond = scope.sqlCondition('region_code', 2);
        const { rows } = await pool.query<{ region_code: string }>(
          `SELECT region_code FROM unnest($1::text[]) WITH ORDINALITY AS t(region_code, n) WHERE ${cond.text} ORDER BY n`,
          [regions, ...cond.values],
        );
        expect(rows.map((r) => r.region_code)).toEqual(scope.filter(regions, (r) => r));
      }),
      { numRuns: 100 },
    );
  });
});
