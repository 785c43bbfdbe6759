import type { Pool } from 'pg';
import { inTransaction } from '../database/transaction';

/** Kept for the audit and API-key stores; the helper itself lives in database/transaction.ts. */
export const withTransaction = inTransaction;

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
