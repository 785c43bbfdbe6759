import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one pooled client. Every statement of the unit must go through the
 * client handed in: a query on the pool would run outside the transaction (typeorm #637 is the same
 * trap). A client whose ROLLBACK failed, or whose connection broke, is destroyed rather than returned to
 * the pool in an unknown state.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // Checked out, the client has no pool error listener: a connection that drops between two statements
  // (PostgreSQL restarting) emits 'error' with nobody listening, which kills the process (node-postgres
  // #2762). The next statement fails with the same error, which is the one the caller should see.
  const onError = (): void => {
    broken = true;
  };
  client.on('error', onError);
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
    client.removeListener('error', onError);
    client.release(broken);
  }
}
