import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storage for the large writes of a gifted batch (10,000 rows: 6,700 outbox messages, about 12 MB, and a
 * 2 MB report stored twice, in the batch and with its idempotency key):
 * - outbox.payload becomes json: the relay reads each document once and publishes it as it is, so the
 *   binary decomposition jsonb does on insert is never used (the gifted_batches.report column made the same
 *   choice), and outbox rows are left uncompressed up to a page (toast_tuple_target): they live until the
 *   relay publishes them, seconds, so compressing every policy event cost CPU and saved nothing lasting.
 * - the report and the stored answer are compressed with lz4 instead of the default pglz, several times
 *   faster on megabytes of JSON. Servers built without lz4 keep pglz.
 */
export class BulkWriteStorage1764500000000 implements MigrationInterface {
  name = 'BulkWriteStorage1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json`);
    await q.query(`ALTER TABLE outbox SET (toast_tuple_target = 8160)`);
    await q.query(`
DO $$
BEGIN
  ALTER TABLE gifted_batches ALTER COLUMN report SET COMPRESSION lz4;
  ALTER TABLE idempotency_keys ALTER COLUMN response_body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available in this PostgreSQL build; keeping pglz';
END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body SET COMPRESSION default`);
    await q.query(`ALTER TABLE gifted_batches ALTER COLUMN report SET COMPRESSION default`);
    await q.query(`ALTER TABLE outbox RESET (toast_tuple_target)`);
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
