import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertGenerationSchema, CONTROL_SCHEMA } from '../projections/projection-schema';

/**
 * Each generation's checkpoints record the offset of the first message the generation received per
 * partition, so that a generation that started after retention had deleted a partition's first events says
 * so (`historyComplete: false` on /status) instead of looking complete. New generations get the column from
 * their DDL; here the existing ones get it. Their rows are marked as read from offset 0: they were built
 * before this was recorded, by the same consumers reading from the beginning of topics whose retention the
 * README requires to be unlimited; a rebuild (refused while a topic is truncated) re-establishes it for sure.
 */
export class CheckpointFirstOffset1765100000000 implements MigrationInterface {
  name = 'CheckpointFirstOffset1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const generations: { schema_name: string }[] = await q.query(`SELECT schema_name FROM ${CONTROL_SCHEMA}.generations WHERE status <> 'retired'`);
    for (const { schema_name } of generations) {
      const s = assertGenerationSchema(schema_name);
      await q.query(`ALTER TABLE ${s}.checkpoints ADD COLUMN IF NOT EXISTS first_offset bigint`);
      await q.query(`UPDATE ${s}.checkpoints SET first_offset = 0 WHERE first_offset IS NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const generations: { schema_name: string }[] = await q.query(`SELECT schema_name FROM ${CONTROL_SCHEMA}.generations WHERE status <> 'retired'`);
    for (const { schema_name } of generations) await q.query(`ALTER TABLE ${assertGenerationSchema(schema_name)}.checkpoints DROP COLUMN IF EXISTS first_offset`);
  }
}
