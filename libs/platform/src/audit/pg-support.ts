import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one pooled client. Queries must go through the client handed in:
 * a query on the pool would run outside the transaction (the TypeORM trap in reliability.md, same cause).
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Key of the transaction-scoped advisory lock that serialises the platform's schema set-up: two replicas
 * starting together would otherwise race on `CREATE ... IF NOT EXISTS` (which is not atomic in PostgreSQL
 * and can fail with a unique violation on pg_type).
 */
const MIGRATION_LOCK = 4_242_001;

/** Applies idempotent DDL once per database, serialised across processes. */
export async function runMigration(pool: Pool, statements: readonly string[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of statements) await client.query(sql);
  });
}
