import { Injectable } from '@nestjs/common';
import type { CancellationReason, Channel, DeliveryMethod, HouseholdStatus, PayerType, Policy, PolicyChange, PolicyStatus, Relationship } from '@fpi/enrollment-domain';
import { paidFenOf } from '@fpi/enrollment-domain';
import { ConcurrentModification } from '../shared/command';
import { affectedRows, combinedStatement, instantArray, integerArray, Params, textArray, type Tx } from '../shared/sql';
import type { PolicyRecord } from './policy.record';

interface PolicyRow {
  id: string;
  revision: number;
  household_id: string;
  programme_year: number;
  product_code: string;
  channel: Channel;
  referrer_id: string | null;
  status: PolicyStatus;
  county_code: string;
  township_code: string;
  village_code: string;
  household_status: HouseholdStatus;
  household_member_count: number;
  premium_fen: string;
  cover_starts_on: string;
  cover_ends_on: string;
  applied_at: Date;
  applied_by: string;
  premium_fully_paid_at: Date | null;
  issuance_due_at: Date | null;
  policy_number: string | null;
  issued_at: Date | null;
  issued_by: string | null;
  delivery_due_at: Date | null;
  delivered_at: Date | null;
  delivered_by: string | null;
  delivery_method: DeliveryMethod | null;
  delivery_receiver_name: string | null;
  delivery_proof_reference: string | null;
  in_force_at: Date | null;
  expired_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancellation_reason: CancellationReason | null;
  cancellation_note: string | null;
  renewed_from_policy_id: string | null;
  renewed_to_policy_id: string | null;
  renewed_at: Date | null;
  renewed_by: string | null;
  gifted_batch_id: string | null;
  issuance_deadline_days: number;
  delivery_deadline_days: number;
  death_disability_sum_insured_fen: string;
  medical_limit_fen: string;
  medical_deductible_fen: string;
  medical_reimbursement_bp: number;
  hospital_allowance_per_day_fen: string;
  hospital_allowance_max_days: number;
  payer_shares: { payer: PayerType; amountFen: string }[];
  payments: { paymentId: string; payer: PayerType; amountFen: string; reference: string; paidAt: string; recordedBy: string }[];
  insured_members: { memberId: string; relationship: Relationship; idNumberMasked: string; idNumberHash: string; sex: 'MALE' | 'FEMALE'; birthYear: number; ageAtCoverStart: number; shareFen: string }[];
}

const SELECT_POLICY = `
SELECT p.id, p.revision, p.household_id, p.programme_year, p.product_code, p.channel, p.referrer_id, p.status,
       p.county_code, p.township_code, p.village_code, p.household_status, p.household_member_count,
       p.premium_fen::text AS premium_fen, p.cover_starts_on::text AS cover_starts_on, p.cover_ends_on::text AS cover_ends_on,
       p.applied_at, p.applied_by, p.premium_fully_paid_at, p.issuance_due_at, p.policy_number, p.issued_at, p.issued_by,
       p.delivery_due_at, p.delivered_at, p.delivered_by, p.delivery_method, p.delivery_receiver_name, p.delivery_proof_reference,
       p.in_force_at, p.expired_at, p.cancelled_at, p.cancelled_by, p.cancellation_reason, p.cancellation_note,
       p.renewed_from_policy_id, p.renewed_to_policy_id, p.renewed_at, p.renewed_by, p.gifted_batch_id,
       pr.issuance_deadline_days, pr.delivery_deadline_days,
       pr.death_disability_sum_insured_fen::text AS death_disability_sum_insured_fen, pr.medical_limit_fen::text AS medical_limit_fen,
       pr.medical_deductible_fen::text AS medical_deductible_fen, pr.medical_reimbursement_bp,
       pr.hospital_allowance_per_day_fen::text AS hospital_allowance_per_day_fen, pr.hospital_allowance_max_days,
       (SELECT coalesce(json_agg(json_build_object('payer', s.payer, 'amountFen', s.amount_fen::text) ORDER BY s.position), '[]'::json)
          FROM product_payer_shares s WHERE s.programme_year = p.programme_year AND s.product_code = p.product_code) AS payer_shares,
       (SELECT coalesce(json_agg(json_build_object('paymentId', x.id, 'payer', x.payer, 'amountFen', x.amount_fen::text, 'reference', x.reference,
                                                   'paidAt', x.paid_at, 'recordedBy', x.recorded_by) ORDER BY x.seq), '[]'::json)
          FROM premium_payments x WHERE x.policy_id = p.id) AS payments,
       (SELECT coalesce(json_agg(json_build_object('memberId', m.member_id, 'relationship', m.relationship, 'idNumberMasked', m.id_number_masked,
                                                   'idNumberHash', m.id_number_hash, 'sex', m.sex, 'birthYear', m.birth_year,
                                                   'ageAtCoverStart', m.age_at_cover_start, 'shareFen', m.death_disability_share_fen::text) ORDER BY m.position), '[]'::json)
          FROM policy_members m WHERE m.policy_id = p.id) AS insured_members
  FROM policies p
  JOIN products pr ON pr.programme_year = p.programme_year AND pr.code = p.product_code`;

const toRecord = (r: PolicyRow): PolicyRecord => {
  const policy: Policy = {
    policyId: r.id,
    householdId: r.household_id,
    programmeYear: r.programme_year,
    productCode: r.product_code,
    channel: r.channel,
    referrerId: r.referrer_id,
    status: r.status,
    revision: r.revision,
    premiumFen: BigInt(r.premium_fen),
    payerShares: r.payer_shares.map((s) => ({ payer: s.payer, amountFen: BigInt(s.amountFen) })),
    payments: r.payments.map((x) => ({ paymentId: x.paymentId, payer: x.payer, amountFen: BigInt(x.amountFen), reference: x.reference, paidAt: new Date(x.paidAt), recordedBy: x.recordedBy })),
    issuanceDeadlineDays: r.issuance_deadline_days,
    deliveryDeadlineDays: r.delivery_deadline_days,
    coverStartsOn: r.cover_starts_on,
    coverEndsOn: r.cover_ends_on,
    appliedAt: r.applied_at,
    appliedBy: r.applied_by,
    premiumFullyPaidAt: r.premium_fully_paid_at,
    issuanceDueAt: r.issuance_due_at,
    policyNumber: r.policy_number,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
    deliveryDueAt: r.delivery_due_at,
    delivery:
      r.delivered_at && r.delivery_method
        ? { method: r.delivery_method, receiverName: r.delivery_receiver_name ?? '', proofReference: r.delivery_proof_reference ?? '', deliveredAt: r.delivered_at, deliveredBy: r.delivered_by ?? '' }
        : null,
    inForceAt: r.in_force_at,
    expiredAt: r.expired_at,
    cancellation: r.cancelled_at && r.cancellation_reason ? { reason: r.cancellation_reason, note: r.cancellation_note, cancelledAt: r.cancelled_at, cancelledBy: r.cancelled_by ?? '' } : null,
    renewedFromPolicyId: r.renewed_from_policy_id,
    renewal: r.renewed_to_policy_id && r.renewed_at ? { renewedToPolicyId: r.renewed_to_policy_id, renewedAt: r.renewed_at, renewedBy: r.renewed_by ?? '' } : null,
  };
  return {
    policy,
    region: { countyCode: r.county_code, townshipCode: r.township_code, villageCode: r.village_code },
    householdStatus: r.household_status,
    householdMemberCount: r.household_member_count,
    benefits: {
      deathDisabilitySumInsuredFen: BigInt(r.death_disability_sum_insured_fen),
      medicalLimitFen: BigInt(r.medical_limit_fen),
      medicalDeductibleFen: BigInt(r.medical_deductible_fen),
      medicalReimbursementBp: r.medical_reimbursement_bp,
      hospitalAllowancePerDayFen: BigInt(r.hospital_allowance_per_day_fen),
      hospitalAllowanceMaxDays: r.hospital_allowance_max_days,
    },
    insuredMembers: r.insured_members.map((m) => ({
      memberId: m.memberId,
      relationship: m.relationship,
      idNumberMasked: m.idNumberMasked,
      idNumberHash: m.idNumberHash,
      sex: m.sex,
      birthYear: m.birthYear,
      ageAtCoverStart: m.ageAtCoverStart,
      deathDisabilityShareFen: BigInt(m.shareFen),
    })),
    giftedBatchId: r.gifted_batch_id,
  };
};

@Injectable()
export class PolicyRepository {
  /** Loads a policy; one outside `regionPrefix` is treated as absent (a foreign record answers 404). */
  async load(tx: Tx, policyId: string, regionPrefix?: string): Promise<PolicyRecord | null> {
    const rows = (await tx.query(`${SELECT_POLICY} WHERE p.id = $1 AND ($2::text IS NULL OR p.village_code LIKE $2 || '%')`, [policyId, regionPrefix ?? null])) as PolicyRow[];
    return rows.length === 0 ? null : toRecord(rows[0]);
  }

  async loadMany(tx: Tx, policyIds: string[]): Promise<PolicyRecord[]> {
    if (policyIds.length === 0) return [];
    const rows = (await tx.query(`${SELECT_POLICY} WHERE p.id = ANY($1::uuid[])`, [policyIds])) as PolicyRow[];
    const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
    return policyIds.map((id) => byId.get(id)).filter((r): r is PolicyRecord => r !== undefined);
  }

  /** Whether the household already holds a live policy for the year (the friendly pre-check; the unique index decides). */
  async liveHouseholdPolicy(tx: Tx, householdId: string, programmeYear: number): Promise<string | null> {
    const rows = (await tx.query(`SELECT id FROM policies WHERE household_id = $1 AND programme_year = $2 AND status <> 'CANCELLED'`, [householdId, programmeYear])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Hashes among `idNumberHashes` of people already insured in the programme year. */
  async alreadyInsured(tx: Tx, programmeYear: number, idNumberHashes: string[]): Promise<Set<string>> {
    if (idNumberHashes.length === 0) return new Set();
    const rows = (await tx.query(`SELECT id_number_hash FROM policy_members WHERE programme_year = $1 AND holds_cover AND id_number_hash = ANY($2::text[])`, [programmeYear, textArray(idNumberHashes)])) as { id_number_hash: string }[];
    return new Set(rows.map((r) => r.id_number_hash));
  }

  /** Inserts new policies (revision 1) and their insured members with one statement whatever their number. */
  async insertMany(tx: Tx, records: PolicyRecord[]): Promise<void> {
    if (records.length === 0) return;
    const p = new Params();
    await tx.query(combinedStatement(this.insertManyParts(p, records)), p.values);
  }

  /** The INSERTs of `insertMany`, for a caller combining them with other parts into one statement. */
  insertManyParts(p: Params, records: PolicyRecord[]): string[] {
    if (records.length === 0) return [];
    const x = records.map((r) => r.policy);
    const parts = [
      `INSERT INTO policies (id, revision, household_id, programme_year, product_code, channel, referrer_id, status, county_code, township_code, village_code,
                             household_status, household_member_count, premium_fen, paid_fen, cover_starts_on, cover_ends_on, applied_at, applied_by,
                             renewed_from_policy_id, gifted_batch_id, updated_at, updated_by)
       SELECT id, revision, household_id, programme_year, product_code, channel, referrer_id, status, county_code, township_code, village_code,
              household_status, household_member_count, premium_fen, 0, cover_starts_on, cover_ends_on, applied_at, applied_by,
              renewed_from_policy_id, gifted_batch_id, applied_at, applied_by
         FROM unnest(${p.add(textArray(x.map((y) => y.policyId)))}::uuid[], ${p.add(integerArray(x.map((y) => y.revision)))}::int[],
                     ${p.add(textArray(x.map((y) => y.householdId)))}::uuid[], ${p.add(integerArray(x.map((y) => y.programmeYear)))}::int[],
                     ${p.add(textArray(x.map((y) => y.productCode)))}::text[], ${p.add(textArray(x.map((y) => y.channel)))}::text[],
                     ${p.add(textArray(x.map((y) => y.referrerId)))}::uuid[], ${p.add(textArray(x.map((y) => y.status)))}::text[],
                     ${p.add(textArray(records.map((r) => r.region.countyCode)))}::text[], ${p.add(textArray(records.map((r) => r.region.townshipCode)))}::text[],
                     ${p.add(textArray(records.map((r) => r.region.villageCode)))}::text[], ${p.add(textArray(records.map((r) => r.householdStatus)))}::text[],
                     ${p.add(integerArray(records.map((r) => r.householdMemberCount)))}::int[], ${p.add(integerArray(x.map((y) => y.premiumFen)))}::bigint[],
                     ${p.add(textArray(x.map((y) => y.coverStartsOn)))}::date[], ${p.add(textArray(x.map((y) => y.coverEndsOn)))}::date[],
                     ${p.add(instantArray(x.map((y) => y.appliedAt)))}::timestamptz[], ${p.add(textArray(x.map((y) => y.appliedBy)))}::text[],
                     ${p.add(textArray(x.map((y) => y.renewedFromPolicyId)))}::uuid[], ${p.add(textArray(records.map((r) => r.giftedBatchId ?? null)))}::uuid[])
           AS t(id, revision, household_id, programme_year, product_code, channel, referrer_id, status, county_code, township_code, village_code,
                household_status, household_member_count, premium_fen, cover_starts_on, cover_ends_on, applied_at, applied_by, renewed_from_policy_id, gifted_batch_id)`,
    ];
    const members = records.flatMap((r) => r.insuredMembers.map((m, position) => ({ r, m, position })));
    if (members.length > 0) {
      parts.push(
        `INSERT INTO policy_members (policy_id, member_id, position, programme_year, id_number_hash, id_number_masked, relationship, sex, birth_year, age_at_cover_start, death_disability_share_fen)
         SELECT * FROM unnest(${p.add(textArray(members.map((y) => y.r.policy.policyId)))}::uuid[], ${p.add(textArray(members.map((y) => y.m.memberId)))}::uuid[],
                              ${p.add(integerArray(members.map((y) => y.position)))}::int[], ${p.add(integerArray(members.map((y) => y.r.policy.programmeYear)))}::int[],
                              ${p.add(textArray(members.map((y) => y.m.idNumberHash)))}::text[], ${p.add(textArray(members.map((y) => y.m.idNumberMasked)))}::text[],
                              ${p.add(textArray(members.map((y) => y.m.relationship)))}::text[], ${p.add(textArray(members.map((y) => y.m.sex)))}::text[],
                              ${p.add(integerArray(members.map((y) => y.m.birthYear)))}::int[], ${p.add(integerArray(members.map((y) => y.m.ageAtCoverStart)))}::int[],
                              ${p.add(integerArray(members.map((y) => y.m.deathDisabilityShareFen)))}::bigint[])`,
      );
    }
    return parts;
  }

  /**
   * Writes the state after `change` over the state `before` was read at. The revision in the WHERE clause is
   * the optimistic lock: a row moved on by someone else matches nothing and the command is retried or refused.
   */
  async update(tx: Tx, before: Policy, after: Policy, change: PolicyChange, at: Date, actor: string): Promise<void> {
    const result = await tx.query(
      `UPDATE policies SET revision = $3, status = $4, paid_fen = $5, premium_fully_paid_at = $6, issuance_due_at = $7, policy_number = $8,
              issued_at = $9, issued_by = $10, delivery_due_at = $11, delivered_at = $12, delivered_by = $13, delivery_method = $14,
              delivery_receiver_name = $15, delivery_proof_reference = $16, in_force_at = $17, expired_at = $18, cancelled_at = $19,
              cancelled_by = $20, cancellation_reason = $21, cancellation_note = $22, renewed_to_policy_id = $23, renewed_at = $24,
              renewed_by = $25, updated_at = $26, updated_by = $27
        WHERE id = $1 AND revision = $2`,
      [
        before.policyId,
        before.revision,
        after.revision,
        after.status,
        paidFenOf(after).toString(),
        after.premiumFullyPaidAt,
        after.issuanceDueAt,
        after.policyNumber,
        after.issuedAt,
        after.issuedBy,
        after.deliveryDueAt,
        after.delivery?.deliveredAt ?? null,
        after.delivery?.deliveredBy ?? null,
        after.delivery?.method ?? null,
        after.delivery?.receiverName ?? null,
        after.delivery?.proofReference ?? null,
        after.inForceAt,
        after.expiredAt,
        after.cancellation?.cancelledAt ?? null,
        after.cancellation?.cancelledBy ?? null,
        after.cancellation?.reason ?? null,
        after.cancellation?.note ?? null,
        after.renewal?.renewedToPolicyId ?? null,
        after.renewal?.renewedAt ?? null,
        after.renewal?.renewedBy ?? null,
        at,
        actor,
      ],
    );
    if (affectedRows(result) !== 1) throw new ConcurrentModification('policy', before.policyId);
    if (change.type === 'PremiumPaymentRecorded') {
      const x = change.payment;
      await tx.query(`INSERT INTO premium_payments (id, policy_id, payer, amount_fen, reference, paid_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        x.paymentId,
        before.policyId,
        x.payer,
        x.amountFen.toString(),
        x.reference,
        x.paidAt,
        x.recordedBy,
      ]);
    }
    if (change.type === 'PolicyCancelled') {
      // A cancelled policy no longer holds its members' "insured once this year" slots.
      await tx.query(`UPDATE policy_members SET holds_cover = false WHERE policy_id = $1`, [before.policyId]);
    }
  }
}
