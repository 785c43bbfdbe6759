import { Injectable } from '@nestjs/common';
import type { PolicyStatusCode } from '@fpi/contracts';
import type { Fen, MemberShareHeld } from '@fpi/claims-domain';
import type { ClientBase, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { pgPoolOf } from '@fpi/platform';
import { fenOf, inTransaction, type Queryable } from '../infrastructure/sql';
import type { PolicyRecord } from './policy-record';

interface PolicyRow {
  policy_id: string;
  household_id: string;
  programme_year: number;
  policy_number: string | null;
  status: PolicyStatusCode;
  revision: number;
  cover_start: Date;
  cover_end: Date;
  cancelled_at: Date | null;
  region_code: string;
  village_code: string | null;
  vulnerable: boolean;
  channel: string;
  sum_insured_fen: string;
  medical_limit_fen: string;
  medical_deductible_fen: string;
  medical_ratio_bp: number;
  allowance_daily_fen: string;
  allowance_cap_fen: string;
  members: { member_id: string; id_number_masked: string; share_fen: string }[] | null;
}

const SELECT_POLICIES = `
SELECT p.policy_id, p.household_id, p.programme_year, p.policy_number, p.status, p.revision, p.cover_start, p.cover_end, p.cancelled_at,
       p.region_code, p.village_code, p.vulnerable, p.channel, p.sum_insured_fen::text, p.medical_limit_fen::text,
       p.medical_deductible_fen::text, p.medical_ratio_bp, p.allowance_daily_fen::text, p.allowance_cap_fen::text,
       (SELECT json_agg(json_build_object('member_id', m.member_id, 'id_number_masked', m.id_number_masked, 'share_fen', m.share_fen::text) ORDER BY m.member_id)
          FROM claims_policy_members m WHERE m.policy_id = p.policy_id) AS members
  FROM claims_policy_view p`;

const toRecord = (r: PolicyRow): PolicyRecord => ({
  policyId: r.policy_id,
  householdId: r.household_id,
  programmeYear: r.programme_year,
  policyNumber: r.policy_number,
  status: r.status,
  revision: r.revision,
  coverStart: r.cover_start.toISOString(),
  coverEnd: r.cover_end.toISOString(),
  cancelledAt: r.cancelled_at?.toISOString() ?? null,
  regionCode: r.region_code,
  villageCode: r.village_code,
  vulnerable: r.vulnerable,
  channel: r.channel,
  sumInsuredFen: BigInt(r.sum_insured_fen),
  medicalLimitFen: BigInt(r.medical_limit_fen),
  medicalDeductibleFen: BigInt(r.medical_deductible_fen),
  medicalRatioBp: r.medical_ratio_bp,
  allowanceDailyFen: BigInt(r.allowance_daily_fen),
  allowanceCapFen: BigInt(r.allowance_cap_fen),
  members: (r.members ?? []).map((m) => ({ memberId: m.member_id, idNumberMasked: m.id_number_masked, shareFen: BigInt(m.share_fen) })),
});

/** What a policy's other claims hold: of the household's shared medical limit, and of each member's death/disability share. */
export interface HeldByOtherClaims {
  medicalFen: Fen;
  memberSharesHeld: MemberShareHeld[];
}

/** Reads of the local policy view and of the claims' ledger (medical limit and member shares held). */
@Injectable()
export class PolicyViewRepository {
  readonly pool: Pool;

  constructor(ds: DataSource) {
    this.pool = pgPoolOf(ds);
  }

  async policiesOfHousehold(householdId: string, q: Queryable = this.pool): Promise<PolicyRecord[]> {
    const { rows } = await q.query<PolicyRow>(`${SELECT_POLICIES} WHERE p.household_id = $1 ORDER BY p.cover_start`, [householdId]);
    return rows.map(toRecord);
  }

  /**
   * The household's policies with what its claims other than `exceptClaimId` hold of each medical limit and
   * of each member's death/disability share, in one round trip.
   */
  async policiesWithHeld(householdId: string, exceptClaimId: string): Promise<{ policy: PolicyRecord; held: HeldByOtherClaims }[]> {
    const { rows } = await this.pool.query<PolicyRow & { held: string | null; shares_held: { m: string; f: string }[] | null }>(
      `SELECT q.*,
              (SELECT sum(l.committed_fen)::text FROM claims_medical_ledger l WHERE l.policy_id = q.policy_id AND l.claim_id <> $2) AS held,
              (SELECT json_agg(json_build_object('m', x.member_id, 'f', x.held::text))
                 FROM (SELECT l.member_id, sum(l.share_committed_fen) AS held FROM claims_medical_ledger l
                        WHERE l.policy_id = q.policy_id AND l.claim_id <> $2 AND l.share_committed_fen > 0 GROUP BY l.member_id) x) AS shares_held
         FROM (${SELECT_POLICIES} WHERE p.household_id = $1) q ORDER BY q.cover_start`,
      [householdId, exceptClaimId],
    );
    return rows.map((r) => ({
      policy: toRecord(r),
      held: { medicalFen: fenOf(r.held) ?? 0n, memberSharesHeld: (r.shares_held ?? []).map((h) => ({ memberId: h.m, heldFen: BigInt(h.f) })) },
    }));
  }

  async policy(policyId: string, q: Queryable = this.pool): Promise<PolicyRecord | null> {
    const { rows } = await q.query<PolicyRow>(`${SELECT_POLICIES} WHERE p.policy_id = $1`, [policyId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** What the claims under `policyId` other than `exceptClaimId` hold: of the household medical limit, and of each member's death/disability share. */
  async heldByOtherClaims(policyId: string, exceptClaimId: string, q: Queryable = this.pool): Promise<HeldByOtherClaims> {
    const { rows } = await q.query<{ member_id: string | null; medical: string; share: string }>(
      `SELECT member_id, sum(committed_fen)::text AS medical, sum(share_committed_fen)::text AS share
         FROM claims_medical_ledger WHERE policy_id = $1 AND claim_id <> $2 GROUP BY member_id`,
      [policyId, exceptClaimId],
    );
    let medicalFen = 0n;
    const memberSharesHeld: MemberShareHeld[] = [];
    for (const r of rows) {
      medicalFen += BigInt(r.medical);
      const share = BigInt(r.share);
      if (r.member_id !== null && share > 0n) memberSharesHeld.push({ memberId: r.member_id, heldFen: share });
    }
    return { medicalFen, memberSharesHeld };
  }

  /**
   * Serialises the assessments of one policy's claims (one household, one programme year): the remainder
   * of the shared medical limit is read, decided on, appended and written back to the ledger while the
   * transaction-scoped advisory lock is held, so two claims cannot both spend the same remainder.
   */
  withPolicyLock<T>(policyId: string, work: (client: ClientBase) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('fpi.claims.medical-limit:' || $1, 0))`, [policyId]);
      return work(client);
    });
  }
}
