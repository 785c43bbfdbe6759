import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refused approvals: the decider throws CLAIM.FOUR_EYES_REQUIRED and writes nothing, so the event store never
 * learns of the attempt; the command layer records it here (`FourEyesAttempts.record`). One row per attempt;
 * a retried request with the same correlation id is recorded once.
 */
export class FourEyesAttempts1764700000002 implements MigrationInterface {
  name = 'FourEyesAttempts1764700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE four_eyes_attempts (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        claim_id       text NOT NULL,
        attempted_at   timestamptz NOT NULL,
        actor_id       text NOT NULL,
        actor_role     text NOT NULL,
        assessed_by    text NULL,
        amount_fen     bigint NULL,
        region_code    text NULL,
        correlation_id text NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE UNIQUE INDEX four_eyes_attempts_once ON four_eyes_attempts (claim_id, correlation_id) WHERE correlation_id IS NOT NULL');
    await q.query('CREATE INDEX four_eyes_attempts_at ON four_eyes_attempts (attempted_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE four_eyes_attempts');
  }
}
