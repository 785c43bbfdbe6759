import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertGenerationSchema, CONTROL_SCHEMA, controlDdl, generationDdl, pointViewsDdl } from '../projections/projection-schema';

/**
 * The control table, the read views and generation 1. The consumer group name carries a random suffix so
 * that a fresh database never inherits the Kafka offsets of another database's group (it would start in the
 * middle of the topics and miss everything before).
 */
export class ReportingProjections1764500000000 implements MigrationInterface {
  name = 'ReportingProjections1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of controlDdl()) await q.query(sql);
    for (const sql of generationDdl('rm_v1')) await q.query(sql);
    await q.query(`INSERT INTO ${CONTROL_SCHEMA}.generations (schema_name, version, group_id, status, activated_at) VALUES ('rm_v1', 1, $1, 'active', now())`, [
      `rm_v1.${randomBytes(4).toString('hex')}`,
    ]);
    for (const sql of pointViewsDdl('rm_v1')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: { schema_name: string }[] = await q.query(`SELECT schema_name FROM ${CONTROL_SCHEMA}.generations`);
    await q.query('DROP SCHEMA rm CASCADE');
    for (const r of rows) await q.query(`DROP SCHEMA ${assertGenerationSchema(r.schema_name)} CASCADE`);
    await q.query(`DROP SCHEMA ${CONTROL_SCHEMA} CASCADE`);
  }
}
