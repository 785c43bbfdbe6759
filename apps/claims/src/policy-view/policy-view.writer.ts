import type { EnrollmentEvent, PolicyEvent } from '@fpi/contracts';
import type { ClientBase } from 'pg';
import { policyRecordOf } from './policy-record';

/** Where a consumed enrollment event came from (for the inbox). */
export interface EnrollmentDelivery {
  readonly event: EnrollmentEvent;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Applies enrollment events to the policy view inside the caller's transaction. Idempotent twice over: the
 * inbox skips an event id already applied (a redelivery), and the revision guard keeps an older policy
 * state from overwriting a newer one (events of one policy arrive in order per partition, but a replay or
 * a re-keyed topic could bring an old one back). Events carry the whole policy, so the newest is enough.
 */
export async function applyEnrollmentEvents(client: ClientBase, deliveries: readonly EnrollmentDelivery[], now: Date): Promise<number> {
  let applied = 0;
  for (const { event, topic, partition, offset } of deliveries) {
    const fresh = await client.query(
      `INSERT INTO claims_enrollment_inbox (event_id, event_type, aggregate_id, revision, topic, partition, "offset", applied_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [event.eventId, event.type, event.aggregateId, event.revision, topic, partition, offset, now],
    );
    if (fresh.rowCount !== 1) continue;
    if (event.aggregateType !== 'policy') continue; // household changes reach claims through the policy events
    if (await upsertPolicy(client, event, now)) applied += 1;
  }
  return applied;
}

async function upsertPolicy(client: ClientBase, event: PolicyEvent, now: Date): Promise<boolean> {
  const p = policyRecordOf(event);
  const { rowCount } = await client.query(
    `INSERT INTO claims_policy_view (policy_id, household_id, programme_year, policy_number, status, revision, cover_start, cover_end, cancelled_at,
       region_code, village_code, vulnerable, channel, sum_insured_fen, medical_limit_fen, medical_deductible_fen, medical_ratio_bp,
       allowance_daily_fen, allowance_cap_fen, last_event_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
     ON CONFLICT (policy_id) DO UPDATE SET
       household_id = EXCLUDED.household_id, programme_year = EXCLUDED.programme_year, policy_number = EXCLUDED.policy_number,
       status = EXCLUDED.status, revision = EXCLUDED.revision, cover_start = EXCLUDED.cover_start, cover_end = EXCLUDED.cover_end,
       cancelled_at = EXCLUDED.cancelled_at, region_code = EXCLUDED.region_code, village_code = EXCLUDED.village_code,
       vulnerable = EXCLUDED.vulnerable, channel = EXCLUDED.channel, sum_insured_fen = EXCLUDED.sum_insured_fen,
       medical_limit_fen = EXCLUDED.medical_limit_fen, medical_deductible_fen = EXCLUDED.medical_deductible_fen,
       medical_ratio_bp = EXCLUDED.medical_ratio_bp, allowance_daily_fen = EXCLUDED.allowance_daily_fen,
       allowance_cap_fen = EXCLUDED.allowance_cap_fen, last_event_id = EXCLUDED.last_event_id, updated_at = EXCLUDED.updated_at
     WHERE claims_policy_view.revision < EXCLUDED.revision`,
    [
      p.policyId, p.householdId, p.programmeYear, p.policyNumber, p.status, p.revision, p.coverStart, p.coverEnd, p.cancelledAt,
      p.regionCode, p.villageCode, p.vulnerable, p.channel, p.sumInsuredFen.toString(), p.medicalLimitFen.toString(),
      p.medicalDeductibleFen.toString(), p.medicalRatioBp, p.allowanceDailyFen.toString(), p.allowanceCapFen.toString(), event.eventId, now,
    ],
  );
  if (rowCount !== 1) return false;
  // Members as of this revision: enrollment's event carries the full list, so replace rather than merge.
  await client.query('DELETE FROM claims_policy_members WHERE policy_id = $1', [p.policyId]);
  if (p.members.length > 0) {
    await client.query(
      `INSERT INTO claims_policy_members (policy_id, member_id, id_number_masked, share_fen)
       SELECT $1, m.member_id, m.id_number_masked, m.share_fen::bigint FROM unnest($2::text[], $3::text[], $4::text[]) AS m(member_id, id_number_masked, share_fen)`,
      [p.policyId, p.members.map((m) => m.memberId), p.members.map((m) => m.idNumberMasked), p.members.map((m) => m.shareFen.toString())],
    );
  }
  return true;
}
