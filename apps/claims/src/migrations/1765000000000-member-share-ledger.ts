import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Death and disability share one sum insured per member (身故、残疾累计给付以保险金额为限), so the ledger that
 * holds each claim's medical amount now also holds its death/disability amount and the claimant it belongs
 * to; an assessment pays at most the member's share minus what their other claims hold.
 *
 * Existing claims get their share amounts from their events: the rows are marked as older than any event and
 * the read-model projector starts again from the beginning of the store. Its other rows (summaries,
 * deadlines) only move forwards by revision, so the replay rewrites nothing but these ledger rows.
 */
export class MemberShareLedger1765000000000 implements MigrationInterface {
  name = 'MemberShareLedger1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims_medical_ledger
      ADD COLUMN member_id text,
      ADD COLUMN share_committed_fen bigint NOT NULL DEFAULT 0 CHECK (share_committed_fen >= 0)`);
    await q.query(`CREATE INDEX claims_medical_ledger_member_idx ON claims_medical_ledger (policy_id, member_id) WHERE share_committed_fen > 0`);
    await q.query(`UPDATE claims_medical_ledger SET revision = -1`);
    await q.query(`DELETE FROM claims_projection_checkpoints WHERE name = 'claims.read-models'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX claims_medical_ledger_member_idx`);
    await q.query(`ALTER TABLE claims_medical_ledger DROP COLUMN share_committed_fen, DROP COLUMN member_id`);
  }
}
