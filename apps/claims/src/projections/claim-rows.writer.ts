import type { Queryable } from '../infrastructure/sql';
import type { DeadlineRow, LedgerRow, SummaryRow } from './claim-rows';

/*
 * Every write is an upsert guarded by the claim stream's revision: a row only moves forwards, so applying
 * an event twice (a replayed page, the assess handler and the projector both writing the ledger) or late
 * leaves the row as the newest event made it.
 */

export async function upsertSummary(q: Queryable, r: SummaryRow): Promise<void> {
  await q.query(
    `INSERT INTO claims_summaries (claim_id, region_code, household_id, policy_id, status, benefits, claimed_fen, assessed_fen, approved_fen, paid_fen, fast_track, reported_at, updated_at, revision)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (claim_id) DO UPDATE SET
       region_code = EXCLUDED.region_code, household_id = EXCLUDED.household_id, policy_id = EXCLUDED.policy_id, status = EXCLUDED.status,
       benefits = EXCLUDED.benefits, claimed_fen = EXCLUDED.claimed_fen, assessed_fen = EXCLUDED.assessed_fen, approved_fen = EXCLUDED.approved_fen,
       paid_fen = EXCLUDED.paid_fen, fast_track = EXCLUDED.fast_track, reported_at = EXCLUDED.reported_at, updated_at = EXCLUDED.updated_at,
       revision = EXCLUDED.revision
     WHERE claims_summaries.revision < EXCLUDED.revision`,
    [
      r.claimId, r.regionCode, r.householdId, r.policyId, r.status, r.benefits, r.claimedFen?.toString() ?? null, r.assessedFen?.toString() ?? null,
      r.approvedFen?.toString() ?? null, r.paidFen.toString(), r.fastTrack, r.reportedAt, r.updatedAt, r.revision.toString(),
    ],
  );
}

export async function upsertDeadline(q: Queryable, r: DeadlineRow): Promise<void> {
  await q.query(
    `INSERT INTO claim_deadlines (claim_id, region_code, deadline, cycle, due_at, revision) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (claim_id) DO UPDATE SET region_code = EXCLUDED.region_code, deadline = EXCLUDED.deadline, cycle = EXCLUDED.cycle,
       due_at = EXCLUDED.due_at, revision = EXCLUDED.revision
     WHERE claim_deadlines.revision < EXCLUDED.revision`,
    [r.claimId, r.regionCode, r.deadline, r.cycle, r.dueAt, r.revision.toString()],
  );
}

export async function upsertLedger(q: Queryable, r: LedgerRow): Promise<void> {
  await q.query(
    `INSERT INTO claims_medical_ledger (claim_id, policy_id, household_id, committed_fen, revision) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (claim_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, household_id = EXCLUDED.household_id,
       committed_fen = EXCLUDED.committed_fen, revision = EXCLUDED.revision
     WHERE claims_medical_ledger.revision < EXCLUDED.revision`,
    [r.claimId, r.policyId, r.householdId, r.committedFen.toString(), r.revision.toString()],
  );
}
