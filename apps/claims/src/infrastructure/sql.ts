import type { ClientBase, Pool } from 'pg';

/** Something that runs parameterised SQL: the pool, or one client inside a transaction. */
export type Queryable = Pool | ClientBase;

/**
 * Runs `work` in one transaction on a dedicated client: effects that must commit together (a view change
 * and its consumed position) or a lock that must be held across several statements.
 */
export async function inTransaction<T>(pool: Pool, work: (client: ClientBase) => Promise<T>): Promise<T> {
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

/** A bigint column read as text (node-postgres returns int8 as a string; the text cast makes it explicit). */
export const fenOf = (value: string | null): bigint | null => (value === null ? null : BigInt(value));
