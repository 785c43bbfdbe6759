import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { ManualClock } from '../clock/clock';
import { JsonLogger } from '../logging/json-logger';
import { RetentionSweeper } from './retention';

describe('RetentionSweeper (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const logger = new JsonLogger('test', 'error', { write: () => undefined });

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    pool = new Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE answers (key text PRIMARY KEY, created_at timestamptz NOT NULL)');
    // 12 rows a day apart, the newest at 2026-03-12.
    await pool.query(`INSERT INTO answers SELECT 'k-' || d, timestamptz '2026-03-01T00:00:00Z' + make_interval(days => d) FROM generate_series(0, 11) d`);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const keys = async () => (await pool.query<{ key: string }>('SELECT key FROM answers ORDER BY created_at')).rows.map((r) => r.key);

  it('deletes, in batches, only the rows older than the retention as of the injected clock', async () => {
    const clock = new ManualClock('2026-03-12T12:00:00.000Z');
    const sweeper = new RetentionSweeper(pool, clock, logger, { table: 'answers', column: 'created_at', retentionMs: 7 * 24 * 3_600_000, batchSize: 2 });
    // Cutoff 2026-03-05T12:00: the rows of 03-01 .. 03-05 go (five, in three batches of at most two).
    expect(await sweeper.sweepOnce()).toBe(5);
    expect(await keys()).toEqual(['k-5', 'k-6', 'k-7', 'k-8', 'k-9', 'k-10', 'k-11']);
    expect(await sweeper.sweepOnce()).toBe(0);
    clock.advance(2 * 24 * 3_600_000);
    expect(await sweeper.sweepOnce()).toBe(2);
    expect(await keys()).toEqual(['k-7', 'k-8', 'k-9', 'k-10', 'k-11']);
  });

  it('keeps everything when the retention is 0, and refuses a table name that is not a plain identifier', async () => {
    const clock = new ManualClock('2030-01-01T00:00:00.000Z');
    expect(await new RetentionSweeper(pool, clock, logger, { table: 'answers', column: 'created_at', retentionMs: 0 }).sweepOnce()).toBe(0);
    expect(await keys()).toHaveLength(5);
    expect(() => new RetentionSweeper(pool, clock, logger, { table: 'answers; DROP TABLE answers', column: 'created_at', retentionMs: 1 })).toThrow(/not a plain SQL identifier/);
  });
});
