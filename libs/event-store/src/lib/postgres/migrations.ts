import { createHash } from 'node:crypto';
import type { Pool } from 'pg';

/** One schema change. Never edit an applied migration: add the next version instead. */
export interface Migration {
  /** Positive, increasing within its set. */
  readonly version: number;
  readonly name: string;
  /** One or more SQL statements, applied in the runner's transaction. */
  readonly sql: string;
}

/** The migrations of one component (event store, checkpoints), versioned independently. */
export interface MigrationSet {
  readonly component: string;
  readonly migrations: readonly Migration[];
}

/** An applied migration no longer matches its definition: the schema and the code have drifted. */
export class MigrationDriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationDriftError';
  }
}

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

/**
 * Applies the pending migrations of a set in one transaction and records them in
 * `es_schema_migrations`, under an advisory lock so that service replicas starting together apply
 * each migration once. Returns the versions it applied.
 */
export async function runMigrations(pool: Pool, set: MigrationSet): Promise<number[]> {
  const ordered = [...set.migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) throw new RangeError(`${set.component}: migration version must be a positive integer, got ${m.version}`);
    if (i > 0 && ordered[i - 1]?.version === m.version) throw new RangeError(`${set.component}: migration version ${m.version} is defined twice`);
  });

  const client = await pool.connect();
  let broken = false;
  // Checked out, the client has no pool error listener; a connection killed mid-migration must fail
  // this call, not crash the process.
  const onError = (): void => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('fpi.es_schema_migrations'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS es_schema_migrations (
      component  text        NOT NULL,
      version    int         NOT NULL,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM es_schema_migrations WHERE component = $1',
      [set.component],
    );
    const applied = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const [version, sum] of applied) {
      const m = ordered.find((x) => x.version === version);
      if (!m) throw new MigrationDriftError(`${set.component}: the database has migration ${version}, which this code does not know (a newer release ran?)`);
      if (checksum(m.sql) !== sum) throw new MigrationDriftError(`${set.component}: migration ${version} (${m.name}) was changed after it was applied`);
    }
    const done: number[] = [];
    for (const m of ordered) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO es_schema_migrations (component, version, name, checksum) VALUES ($1, $2, $3, $4)', [set.component, m.version, m.name, checksum(m.sql)]);
      done.push(m.version);
    }
    await client.query('COMMIT');
    return done;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw e;
  } finally {
    // A client whose connection broke must not go back to the pool.
    client.removeListener('error', onError);
    client.release(broken);
  }
}
