import type { Pool, PoolClient } from 'pg';
import { randomBytes } from 'node:crypto';
import { inTransaction } from '@fpi/platform';
import { assertGenerationSchema, CONTROL_SCHEMA, generationDdl, generationSchema, pointViewsDdl } from './projection-schema';

export type GenerationStatus = 'building' | 'active' | 'retired';

export interface Generation {
  schema: string;
  version: number;
  /** Suffix of the consumer group: the full group id is `<PROJECTION_GROUP_PREFIX>.<groupSuffix>`. */
  groupSuffix: string;
  status: GenerationStatus;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

interface Row {
  schema_name: string;
  version: number;
  group_id: string;
  status: GenerationStatus;
  created_at: Date;
  activated_at: Date | null;
  retired_at: Date | null;
}

const toGeneration = (r: Row): Generation => ({
  schema: assertGenerationSchema(r.schema_name),
  version: r.version,
  groupSuffix: r.group_id,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  activatedAt: r.activated_at?.toISOString() ?? null,
  retiredAt: r.retired_at?.toISOString() ?? null,
});

/** A topic that no longer starts at offset 0: retention deleted its first events, so a replay would lose them. */
export class HistoryTruncatedError extends Error {
  constructor(readonly truncated: { topic: string; partition: number; firstOffset: string }[]) {
    super(`${truncated.map((t) => `${t.topic} partition ${t.partition} now starts at offset ${t.firstOffset}`).join('; ')}: the events before were deleted, so a rebuild from the topics would lose them`);
    this.name = 'HistoryTruncatedError';
  }
}

export class RebuildInProgressError extends Error {
  constructor(readonly schema: string) {
    super(`generation ${schema} is already being built`);
    this.name = 'RebuildInProgressError';
  }
}

/** The control table of projection generations (which schema serves queries, which is being built). */
export class GenerationsRepository {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<Generation[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${CONTROL_SCHEMA}.generations ORDER BY version`);
    return rows.map(toGeneration);
  }

  /** Creates the next generation's schema and tables and registers it as building, in one transaction. */
  async createBuilding(): Promise<Generation> {
    return this.tx(async (c) => {
      // Serialises concurrent rebuild requests (from any instance) on the control table.
      await c.query(`LOCK TABLE ${CONTROL_SCHEMA}.generations IN SHARE ROW EXCLUSIVE MODE`);
      const { rows: building } = await c.query<Row>(`SELECT * FROM ${CONTROL_SCHEMA}.generations WHERE status = 'building'`);
      if (building[0]) throw new RebuildInProgressError(building[0].schema_name);
      const { rows: max } = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${CONTROL_SCHEMA}.generations`);
      const version = (max[0]?.v ?? 0) + 1;
      const schema = generationSchema(version);
      for (const sql of generationDdl(schema)) await c.query(sql);
      const { rows } = await c.query<Row>(
        `INSERT INTO ${CONTROL_SCHEMA}.generations (schema_name, version, group_id, status) VALUES ($1, $2, $3, 'building') RETURNING *`,
        [schema, version, `${schema}.${randomBytes(4).toString('hex')}`],
      );
      return toGeneration(rows[0] as Row);
    });
  }

  /**
   * Makes a building generation the active one: the views move to its tables and the previous generation
   * is retired, atomically (DDL is transactional in PostgreSQL; readers wait a moment for the view lock,
   * then read the new tables). Returns false when someone else already switched.
   */
  async switchTo(schema: string): Promise<boolean> {
    return this.tx(async (c) => {
      const { rows } = await c.query<Row>(`SELECT * FROM ${CONTROL_SCHEMA}.generations WHERE schema_name = $1 FOR UPDATE`, [assertGenerationSchema(schema)]);
      if (rows[0]?.status !== 'building') return false;
      await c.query(`UPDATE ${CONTROL_SCHEMA}.generations SET status = 'retired', retired_at = now() WHERE status = 'active'`);
      await c.query(`UPDATE ${CONTROL_SCHEMA}.generations SET status = 'active', activated_at = now() WHERE schema_name = $1`, [schema]);
      for (const sql of pointViewsDdl(schema)) await c.query(sql);
      return true;
    });
  }

  /**
   * Gives up a rebuild in progress: the generation is retired (every instance stops its consumers at the next
   * supervision pass) and a new rebuild may start; its tables stay until dropped like any retired generation.
   * The way out of a rebuild that will never be switched in (events lost to retention while it ran).
   */
  async abandon(schema: string): Promise<'abandoned' | 'not_found' | 'not_building'> {
    return this.tx(async (c) => {
      const { rows } = await c.query<Row>(`SELECT * FROM ${CONTROL_SCHEMA}.generations WHERE schema_name = $1 FOR UPDATE`, [schema]);
      const row = rows[0];
      if (!row) return 'not_found';
      if (row.status !== 'building') return 'not_building';
      await c.query(`UPDATE ${CONTROL_SCHEMA}.generations SET status = 'retired', retired_at = now() WHERE schema_name = $1`, [schema]);
      return 'abandoned';
    });
  }

  /** Drops a retired generation's tables. */
  async drop(schema: string): Promise<'dropped' | 'not_found' | 'not_retired'> {
    return this.tx(async (c) => {
      const { rows } = await c.query<Row>(`SELECT * FROM ${CONTROL_SCHEMA}.generations WHERE schema_name = $1 FOR UPDATE`, [schema]);
      const row = rows[0];
      if (!row) return 'not_found';
      if (row.status !== 'retired') return 'not_retired';
      await c.query(`DROP SCHEMA ${assertGenerationSchema(row.schema_name)} CASCADE`);
      await c.query(`DELETE FROM ${CONTROL_SCHEMA}.generations WHERE schema_name = $1`, [schema]);
      return 'dropped';
    });
  }

  private tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

}
