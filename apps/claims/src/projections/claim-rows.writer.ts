import type { Queryable } from '../infrastructure/sql';
import type { DeadlineRow, LedgerRow, SummaryRow } from './claim-rows';

/*
 * Every write is an upsert guarded by the claim stream's revision: a row only moves forwards, so applying
 * an event twice (a replayed page, the assess handler and the projector both writing the ledger) or late
 * leaves the row as the newest event made it. A page's rows of one table go in one statement (unnest keeps
 * the arrays' order); a claim appears once per statement, with its newest row.
 */

/** The newest row per claim (a statement may not upsert one key twice). */
function newestPerClaim<R extends { claimId: string; revision: bigint }>(rows: readonly R[]): R[] {
  const newest = new Map<string, R>();
  for (const r of rows) {
    const seen = newest.get(r.claimId);
    if (seen === undefined || seen.revision < r.revision) newest.set(r.claimId, r);
  }
  return [...newest.values()];
}

const fen = (v: bigint | null): string | null => (v === null ? null : v.toString());

export async function upsertSummaries(q: Queryable, all: readonly SummaryRow[]): Promise<void> {
  const rows = newestPerClaim(all);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO claims_summaries (claim_id, region_code, household_id, policy_id, status, benefits, claimed_fen, assessed_fen, approved_fen, paid_fen, fast_track, reported_at, updated_at, revision)
     SELECT r.claim_id, r.region_code, r.household_id, r.policy_id, r.status, ARRAY(SELECT jsonb_array_elements_text(r.benefits)), r.claimed_fen, r.assessed_fen,
            r.approved_fen, r.paid_fen, r.fast_track, r.reported_at, r.updated_at, r.revision
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::boolean[],
                 $12::timestamptz[], $13::timestamptz[], $14::bigint[])
       AS r(claim_id, region_code, household_id, policy_id, status, benefits, claimed_fen, assessed_fen, approved_fen, paid_fen, fast_track, reported_at, updated_at, revision)
     ON CONFLICT (claim_id) DO UPDATE SET
       region_code = EXCLUDED.region_code, household_id = EXCLUDED.household_id, policy_id = EXCLUDED.policy_id, status = EXCLUDED.status,
       benefits = EXCLUDED.benefits, claimed_fen = EXCLUDED.claimed_fen, assessed_fen = EXCLUDED.assessed_fen, approved_fen = EXCLUDED.approved_fen,
       paid_fen = EXCLUDED.paid_fen, fast_track = EXCLUDED.fast_track, reported_at = EXCLUDED.reported_at, updated_at = EXCLUDED.updated_at,
       revision = EXCLUDED.revision
     WHERE claims_summaries.revision < EXCLUDED.revision`,
    [
      rows.map((r) => r.claimId), rows.map((r) => r.regionCode), rows.map((r) => r.householdId), rows.map((r) => r.policyId), rows.map((r) => r.status),
      rows.map((r) => JSON.stringify(r.benefits)), rows.map((r) => fen(r.claimedFen)), rows.map((r) => fen(r.assessedFen)), rows.map((r) => fen(r.approvedFen)),
      rows.map((r) => r.paidFen.toString()), rows.map((r) => r.fastTrack), rows.map((r) => r.reportedAt), rows.map((r) => r.updatedAt), rows.map((r) => r.revision.toString()),
    ],
  );
}

export async function upsertDeadlines(q: Queryable, all: readonly DeadlineRow[]): Promise<void> {
  const rows = newestPerClaim(all);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO claim_deadlines (claim_id, region_code, deadline, cycle, due_at, revision)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::bigint[])
     ON CONFLICT (claim_id) DO UPDATE SET region_code = EXCLUDED.region_code, deadline = EXCLUDED.deadline, cycle = EXCLUDED.cycle,
       due_at = EXCLUDED.due_at, revision = EXCLUDED.revision
     WHERE claim_deadlines.revision < EXCLUDED.revision`,
    [rows.map((r) => r.claimId), rows.map((r) => r.regionCode), rows.map((r) => r.deadline), rows.map((r) => r.cycle), rows.map((r) => r.dueAt), rows.map((r) => r.revision.toString())],
  );
}

export async function upsertLedgers(q: Queryable, all: readonly LedgerRow[]): Promise<void> {
  const rows = newestPerClaim(all);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO claims_medical_ledger (claim_id, policy_id, household_id, committed_fen, member_id, share_committed_fen, revision)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[])
     ON CONFLICT (claim_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, household_id = EXCLUDED.household_id,
       committed_fen = EXCLUDED.committed_fen, member_id = EXCLUDED.member_id, share_committed_fen = EXCLUDED.share_committed_fen, revision = EXCLUDED.revision
     WHERE claims_medical_ledger.revision < EXCLUDED.revision`,
    [
      rows.map((r) => r.claimId),
      rows.map((r) => r.policyId),
      rows.map((r) => r.householdId),
      rows.map((r) => r.committedFen.toString()),
      rows.map((r) => r.memberId),
      rows.map((r) => r.shareCommittedFen.toString()),
      rows.map((r) => r.revision.toString()),
    ],
  );
}

export const upsertLedger = (q: Queryable, row: LedgerRow): Promise<void> => upsertLedgers(q, [row]);
