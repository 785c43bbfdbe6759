import {
  applyForPolicy,
  checkAttribution,
  checkInsurable,
  chinaDateOf,
  coverStartFor,
  EnrollmentError,
  splitSumInsured,
  type CalendarDate,
  type Channel,
  type Product,
  type ProgrammeYear,
  type ReferrerCoverage,
} from '@fpi/enrollment-domain';
import type { HouseholdRecord } from '../households/household.record';
import type { PolicyRecord } from './policy.record';

export interface PolicyApplicationInput {
  policyId: string;
  household: HouseholdRecord;
  /** Members to insure; all listed members when absent. */
  insuredMemberIds?: string[];
  product: Product;
  programmeYear: ProgrammeYear;
  channel: Channel;
  referrer: ReferrerCoverage | null;
  now: Date;
  actor: string;
  renewedFromPolicyId?: string | null;
  giftedBatchId?: string | null;
  /** `coverStartFor(product, programmeYear, chinaDateOf(now))` when the caller already has it (a batch: once for every household). */
  coverStartsOn?: CalendarDate;
}

/**
 * The new policy for a household, after every rule that needs no database: attribution, cover start,
 * member count and ages, and the equal split of the death and disability sum insured. The callers check
 * "one policy per household and year" and "one cover per person and year" against the database.
 */
export function newPolicyRecord(input: PolicyApplicationInput): PolicyRecord {
  const { household, product } = input;
  const field = input.insuredMemberIds ? 'insuredMemberIds' : 'members';
  const insured = input.insuredMemberIds
    ? input.insuredMemberIds.map((id, i) => {
        const m = household.members.find((x) => x.memberId === id);
        if (!m) throw new EnrollmentError('ENROLLMENT.MEMBER_NOT_IN_HOUSEHOLD', 'unprocessable', `insuredMemberIds[${i}] is not a member of the household`, { field: `insuredMemberIds[${i}]` });
        return m;
      })
    : household.members;
  if (new Set(insured.map((m) => m.memberId)).size !== insured.length) {
    throw new EnrollmentError('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD', 'validation', 'insuredMemberIds lists a member twice', { field: 'insuredMemberIds' });
  }
  checkAttribution({ channel: input.channel, householdStatus: household.familyPlanningStatus, villageCode: household.region.villageCode, referrer: input.referrer });
  const coverStartsOn = input.coverStartsOn ?? coverStartFor(product, input.programmeYear, chinaDateOf(input.now));
  const ages = checkInsurable(product, coverStartsOn, insured.map((m, i) => ({ field: `${field}[${i}]`, birthDate: m.birthDate })));
  const shares = splitSumInsured(product.benefits.deathDisabilitySumInsuredFen, insured.length);
  const policy = applyForPolicy(
    {
      policyId: input.policyId,
      householdId: household.householdId,
      programmeYear: product.programmeYear,
      productCode: product.code,
      channel: input.channel,
      referrerId: input.referrer?.referrerId ?? null,
      premiumFen: product.premiumFen,
      payerShares: product.payerShares.map((s) => ({ ...s })),
      issuanceDeadlineDays: product.issuanceDeadlineDays,
      deliveryDeadlineDays: product.deliveryDeadlineDays,
      coverStartsOn,
      coverEndsOn: input.programmeYear.endsOn,
      renewedFromPolicyId: input.renewedFromPolicyId ?? null,
    },
    { now: input.now, actor: input.actor },
  );
  return {
    policy,
    region: { ...household.region },
    householdStatus: household.familyPlanningStatus,
    householdMemberCount: household.members.length,
    benefits: { ...product.benefits },
    insuredMembers: insured.map((m, i) => ({
      memberId: m.memberId,
      relationship: m.relationship,
      idNumberMasked: m.idNumberMasked,
      idNumberHash: m.idNumberHash,
      sex: m.sex,
      birthYear: Number(m.birthDate.slice(0, 4)),
      ageAtCoverStart: ages[i],
      deathDisabilityShareFen: shares[i],
    })),
    giftedBatchId: input.giftedBatchId ?? null,
  };
}
