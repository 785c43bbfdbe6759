import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { ManualClock } from '../clock/clock';
import { PostgresAuditTrail, migrateAuditTrail } from './audit-trail.pg';
import { chainHash, type AuditEntryInput } from './hash-chain';

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

const entry = (i: number): AuditEntryInput => ({
  actor: `user-${i}`,
  role: 'supervisor',
  region: '330102',
  action: 'POST /claims/:claimId/approve',
  target: `/claims/c-${i}/approve`,
  reason: i % 2 ? 'callback to the family' : null,
  correlationId: `corr-${i}`,
  outcome: 'ok',
  detail: { via: 'jwt', attempt: i, retried: false },
});

describe('PostgresAuditTrail (real PostgreSQL)', () => {
  let db: TestDatabase;
  let admin: Pool;
  let schemaNo = 0;
  const pools: Pool[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('audit_trail');
    admin = testPool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await admin.end();
    await db.drop();
  });

  /** A fresh trail in its own schema, so each tamper test starts from an intact chain. */
  async function freshTrail(entries = 10): Promise<{ pool: Pool; trail: PostgresAuditTrail }> {
    const schema = `trail_${++schemaNo}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = testPool({ connectionString: db.url, max: 8, options: `-c search_path=${schema}` });
    pools.push(pool);
    await migrateAuditTrail(pool);
    const trail = new PostgresAuditTrail(pool, new ManualClock('2026-03-01T08:00:00.123Z'));
    for (let i = 1; i <= entries; i++) await trail.append(entry(i));
    return { pool, trail };
  }

  /** Tampering as a superuser would: with triggers switched off for this session only. */
  async function tamper(pool: Pool, work: (c: PoolClient) => Promise<unknown>): Promise<void> {
    const c = await pool.connect();
    try {
      await c.query('SET session_replication_role = replica');
      await work(c);
    } finally {
      await c.query('RESET session_replication_role');
      c.release();
    }
  }

  it('migrates idempotently, also when replicas start together', async () => {
    const { pool } = await freshTrail(0);
    await Promise.all([migrateAuditTrail(pool), migrateAuditTrail(pool), migrateAuditTrail(pool)]);
    const { rows } = await pool.query('SELECT seq FROM security_audit_head');
    expect(rows).toEqual([{ seq: '0' }]);
  });

  it('appends a verifiable chain and round-trips every field', async () => {
    const { trail } = await freshTrail(3);
    const [first] = await trail.list();
    expect(first).toMatchObject({ seq: 1, at: '2026-03-01T08:00:00.123Z', actor: 'user-1', reason: 'callback to the family', detail: { via: 'jwt', attempt: 1, retried: false } });
    expect(await trail.verify()).toMatchObject({ ok: true, checked: 3, lastSeq: 3 });
    expect(await trail.head()).toEqual({ seq: 3, hash: (await trail.list())[2].hash });
  });

  it('serialises concurrent appends into one linear chain', async () => {
    const { trail } = await freshTrail(0);
    await Promise.all(Array.from({ length: 40 }, (_, i) => trail.append(entry(i + 1))));
    const all = await trail.list({ limit: 100 });
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await trail.verify()).toMatchObject({ ok: true, checked: 40 });
  });

  it('group-commits concurrent appends: fewer transactions than entries, the chain intact', async () => {
    const { pool, trail } = await freshTrail(0);
    const records = await Promise.all(Array.from({ length: 200 }, (_, i) => trail.append(entry(i + 1))));
    // Each caller gets its own record back, in the order it was handed in.
    expect(records.map((r) => r.actor)).toEqual(Array.from({ length: 200 }, (_, i) => `user-${i + 1}`));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Rows written by one transaction share its xmin.
    const { rows } = await pool.query<{ n: string }>('SELECT count(DISTINCT xmin::text)::text AS n FROM security_audit_log');
    expect(Number(rows[0]?.n)).toBeLessThan(200);
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(1);
    expect(await trail.verify()).toMatchObject({ ok: true, checked: 200, lastSeq: 200 });
  });

  it('keeps one chain when several processes append: each notices the head another one moved and chains onto it', async () => {
    const { pool, trail } = await freshTrail(2);
    // Two more trails on the same tables, as other replicas of the service would have; each starts with
    // its own idea of the head, which the others keep moving.
    const others = [new PostgresAuditTrail(pool, new ManualClock('2026-03-01T09:00:00.000Z')), new PostgresAuditTrail(pool, new ManualClock('2026-03-01T10:00:00.000Z'))];
    const writers = [trail, ...others];
    for (let round = 0; round < 5; round++) {
      await Promise.all(writers.flatMap((w, k) => Array.from({ length: 4 }, (_, i) => w.append(entry(100 + round * 20 + k * 5 + i)))));
      // One at a time too: a writer whose remembered head is stale, with nothing to group it with.
      for (const w of writers) await w.append(entry(900 + round));
    }
    const all = await trail.list({ limit: 1000 });
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 2 + 5 * (12 + 3) }, (_, i) => i + 1));
    expect(await trail.verify()).toMatchObject({ ok: true, checked: all.length });
    for (const w of writers) expect(await w.head()).toEqual({ seq: all.length, hash: all[all.length - 1]!.hash });
  });

  it('a failing entry does not take its batch-mates down', async () => {
    const { trail } = await freshTrail(1);
    // A NUL character cannot be stored in PostgreSQL text: this entry's insert fails, the others' succeed.
    const poisoned = { ...entry(99), actor: 'bad\u0000actor' };
    const results = await Promise.allSettled([trail.append(entry(2)), trail.append(poisoned), trail.append(entry(3))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await trail.verify()).toMatchObject({ ok: true, checked: 3 });
  });

  describe('append-only enforcement (triggers, for a role that cannot disable them)', () => {
    let pool: Pool;
    beforeAll(async () => {
      ({ pool } = await freshTrail(3));
    });

    it.each([
      ['UPDATE', "UPDATE security_audit_log SET actor = 'x' WHERE seq = 2"],
      ['DELETE', 'DELETE FROM security_audit_log WHERE seq = 2'],
      ['TRUNCATE', 'TRUNCATE security_audit_log'],
    ])('refuses %s', async (_op, sql) => {
      await expect(pool.query(sql)).rejects.toThrow(/append-only/);
    });

    it('refuses an entry that does not continue the head', async () => {
      const row = (await pool.query('SELECT * FROM security_audit_log WHERE seq = 3')).rows[0] as Record<string, unknown>;
      await expect(
        pool.query(
          `INSERT INTO security_audit_log (seq, at, actor, role, action, outcome, prev_hash, hash) VALUES (7, now(), 'x', 'admin', 'forged', 'ok', $1, $1)`,
          [row['hash']],
        ),
      ).rejects.toThrow(/does not continue the head/);
    });

    it('refuses to move the head backwards or delete it', async () => {
      await expect(pool.query('UPDATE security_audit_head SET seq = 1')).rejects.toThrow(/may only advance/);
      await expect(pool.query('DELETE FROM security_audit_head')).rejects.toThrow(/refused/);
    });

    it('still verifies after the refused attempts', async () => {
      expect(await new PostgresAuditTrail(pool).verify()).toMatchObject({ ok: true, checked: 3 });
    });
  });

  describe('tampering by a superuser is named by the verifier', () => {
    it('an edited entry', async () => {
      const { pool, trail } = await freshTrail();
      await tamper(pool, (c) => c.query("UPDATE security_audit_log SET outcome = 'CLAIM.NOT_ASSESSED' WHERE seq = 5"));
      expect((await trail.verify()).firstBreak).toMatchObject({ seq: 5, kind: 'edited' });
    });

    it('an edited entry whose hash was recomputed', async () => {
      const { pool, trail } = await freshTrail();
      const [r] = await trail.list({ afterSeq: 3, limit: 1 });
      const forged = { ...r, actor: 'someone-else' };
      await tamper(pool, (c) => c.query('UPDATE security_audit_log SET actor = $1, hash = $2 WHERE seq = 4', [forged.actor, chainHash(forged.prevHash, forged)]));
      expect((await trail.verify()).firstBreak).toMatchObject({ seq: 4, kind: 'rewritten' });
    });

    it('a deleted entry', async () => {
      const { pool, trail } = await freshTrail();
      await tamper(pool, (c) => c.query('DELETE FROM security_audit_log WHERE seq = 6'));
      expect((await trail.verify()).firstBreak).toMatchObject({ seq: 6, kind: 'missing' });
    });

    it('a deleted newest entry', async () => {
      const { pool, trail } = await freshTrail();
      await tamper(pool, (c) => c.query('DELETE FROM security_audit_log WHERE seq = 10'));
      expect((await trail.verify()).firstBreak).toMatchObject({ seq: 10, kind: 'missing' });
    });

    it('a reordered pair of entries', async () => {
      const { pool, trail } = await freshTrail();
      await tamper(pool, async (c) => {
        await c.query('UPDATE security_audit_log SET seq = 1000 WHERE seq = 3');
        await c.query('UPDATE security_audit_log SET seq = 3 WHERE seq = 4');
        await c.query('UPDATE security_audit_log SET seq = 4 WHERE seq = 1000');
      });
      expect((await trail.verify()).firstBreak).toMatchObject({ seq: 3, kind: 'misplaced' });
    });

    it('a rewritten tail, against an anchor taken earlier', async () => {
      const { pool, trail } = await freshTrail();
      const anchor = await trail.head();
      // Recompute entries 8..10 with a forged actor and move the head: consistent in itself.
      await tamper(pool, async (c) => {
        const rows = await trail.list({ afterSeq: 7 });
        let prev = (await trail.list({ afterSeq: 6, limit: 1 }))[0].hash;
        for (const r of rows) {
          const forged = { ...r, actor: 'forger', prevHash: prev };
          const hash = chainHash(prev, forged);
          await c.query('UPDATE security_audit_log SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [forged.actor, prev, hash, r.seq]);
          prev = hash;
        }
        await c.query('UPDATE security_audit_head SET hash = $1', [prev]);
      });
      expect((await trail.verify()).ok).toBe(true);
      expect((await trail.verify({ anchor })).firstBreak).toMatchObject({ seq: 10, kind: 'rewritten' });
    });
  });
});
