import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Answers of commands expire (IDEMPOTENCY_RETENTION_HOURS): the sweeper finds the old ones by this index. */
export class IdempotencyExpiry1764900000000 implements MigrationInterface {
  name = 'IdempotencyExpiry1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX claims_idempotency_created_at_idx ON claims_idempotency (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX claims_idempotency_created_at_idx');
  }
}
