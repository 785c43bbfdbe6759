import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertGenerationSchema, CONTROL_SCHEMA } from '../projections/projection-schema';

/**
 * Each generation's checkpoints record the least offset the generation received per partition, so that a
 * generation that started after retention had deleted a partition's first events says so
 * (`historyComplete: false` on /status) instead of looking complete. New generations get the column from
 * their DDL; here the existing ones get it, empty: where they started is not known, and /status says so
 * only where it matters (a topic that no longer starts at offset 0). A generation whose schema is gone
 * (dropped by hand) is skipped.
 */
export class CheckpointFirstOffset1765100000000 implements MigrationInterface {
  name = 'CheckpointFirstOffset1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const generations: { schema_name: string }[] = await q.query(`SELECT schema_name FROM ${CONTROL_SCHEMA}.generations WHERE status <> 'retired'`);
    for (const { schema_name } of generations) {
      const s = assertGenerationSchema(schema_name);
      const [exists] = (await q.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${s}.checkpoints`])) as { present: boolean }[];
      if (exists?.present) await q.query(`ALTER TABLE ${s}.checkpoints ADD COLUMN IF NOT EXISTS first_offset bigint`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const generations: { schema_name: string }[] = await q.query(`SELECT schema_name FROM ${CONTROL_SCHEMA}.generations WHERE status <> 'retired'`);
    for (const { schema_name } of generations) {
      const s = assertGenerationSchema(schema_name);
      const [exists] = (await q.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${s}.checkpoints`])) as { present: boolean }[];
      if (exists?.present) await q.query(`ALTER TABLE ${s}.checkpoints DROP COLUMN first_offset`);
    }
  }
}
