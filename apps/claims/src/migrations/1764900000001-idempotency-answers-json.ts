import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored answer is written once with its command's events and read back only for a retry, as a whole:
 * `json` keeps the text as sent, where `jsonb` decomposed every answer on insert for nothing.
 */
export class IdempotencyAnswersJson1764900000001 implements MigrationInterface {
  name = 'IdempotencyAnswersJson1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE claims_idempotency ALTER COLUMN response TYPE json USING response::json, ALTER COLUMN headers TYPE json USING headers::json');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE claims_idempotency ALTER COLUMN response TYPE jsonb USING response::jsonb, ALTER COLUMN headers TYPE jsonb USING headers::jsonb');
  }
}
