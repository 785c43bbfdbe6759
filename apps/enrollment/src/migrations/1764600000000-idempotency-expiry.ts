import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Answers of commands expire (IDEMPOTENCY_RETENTION_HOURS): the sweeper finds the old ones by this index. */
export class IdempotencyExpiry1764600000000 implements MigrationInterface {
  name = 'IdempotencyExpiry1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idempotency_keys_created_at_idx');
  }
}
