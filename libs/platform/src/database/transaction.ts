import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one pooled client. Every statement of the unit must go through the
 * client handed in: a query on the pool would run outside the transaction (typeorm #637 is the same
 * trap). A client whose ROLLBACK failed is destroyed rather than returned to the pool in an unknown state.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
