import type { ClaimBenefit } from '@fpi/contracts';
import type { PolicyEvent, PolicySnapshot, PolicyStatusCode } from '@fpi/contracts';
import { maxPayableFen, checkCoverage, type CoverageSnapshot, type Fen, type MemberShareHeld, type PolicyStatus } from '@fpi/claims-domain';
import { ClaimError } from '@fpi/claims-domain';
import { ApiError } from '@fpi/platform';

/** One insured member as the claims service needs them: the stable id, the masked ID number, the share. */
export interface InsuredMember {
  readonly memberId: string;
  readonly idNumberMasked: string;
  readonly shareFen: Fen;
}

/** A policy of the local view, built from enrollment's state-carrying policy events. */
export interface PolicyRecord {
  readonly policyId: string;
  readonly householdId: string;
  readonly programmeYear: number;
  readonly policyNumber: string | null;
  readonly status: PolicyStatusCode;
  readonly revision: number;
  /** Cover as instants: from the start date's midnight (China time) to the midnight after the end date. */
  readonly coverStart: string;
  readonly coverEnd: string;
  readonly cancelledAt: string | null;
  readonly regionCode: string;
  readonly villageCode: string | null;
  readonly vulnerable: boolean;
  readonly channel: string;
  readonly sumInsuredFen: Fen;
  readonly medicalLimitFen: Fen;
  readonly medicalDeductibleFen: Fen;
  readonly medicalRatioBp: number;
  readonly allowanceDailyFen: Fen;
  readonly allowanceCapFen: Fen;
  readonly members: readonly InsuredMember[];
}

const DAY_MS = 86_400_000;

/**
 * Enrollment publishes cover as calendar dates in China time (UTC+8, no daylight saving), both inclusive.
 * The claims domain compares instants with an exclusive end, so the end is the next day's midnight.
 */
export const chinaMidnight = (date: string, plusDays = 0): string => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * DAY_MS).toISOString();

export function policyRecordOf(event: PolicyEvent): PolicyRecord {
  const p: PolicySnapshot = event.data.policy;
  const terms = p.coverage;
  const daily = BigInt(terms.hospitalAllowancePerDayFen);
  return {
    policyId: p.policyId,
    householdId: p.householdId,
    programmeYear: p.programmeYear,
    policyNumber: p.policyNumber,
    status: p.status,
    revision: event.revision,
    coverStart: chinaMidnight(p.coverStartsOn),
    coverEnd: chinaMidnight(p.coverEndsOn, 1),
    cancelledAt: p.timestamps.cancelledAt,
    regionCode: p.region.countyCode,
    villageCode: p.region.villageCode,
    vulnerable: p.vulnerable,
    channel: p.channel.toLowerCase(),
    sumInsuredFen: BigInt(terms.deathDisabilitySumInsuredFen),
    medicalLimitFen: BigInt(terms.medicalLimitFen),
    medicalDeductibleFen: BigInt(terms.medicalDeductibleFen),
    medicalRatioBp: terms.medicalReimbursementBp,
    allowanceDailyFen: daily,
    allowanceCapFen: daily * BigInt(terms.hospitalAllowanceMaxDays),
    members: p.insuredMembers.map((m) => ({ memberId: m.memberId, idNumberMasked: m.idNumberMasked, shareFen: BigInt(m.deathDisabilitySumInsuredFen) })),
  };
}

/**
 * Enrollment's lifecycle reduced to what a coverage decision needs. Issued and delivered policies are
 * contracts already: whether they cover an accident is decided by the cover dates, not by whether the
 * daily sweep has marked them in force yet. Before issuance a policy covers nothing.
 */
export function coverageStatusOf(status: PolicyStatusCode): PolicyStatus {
  switch (status) {
    case 'APPLIED':
    case 'PARTIALLY_PAID':
    case 'PAID':
      return 'pending';
    case 'ISSUED':
    case 'DELIVERED':
    case 'IN_FORCE':
      return 'in_force';
    case 'EXPIRED':
      return 'expired';
    case 'CANCELLED':
      return 'cancelled';
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

/** The product's benefits, read from its terms: a benefit with no money behind it is not in the product. */
export function benefitsOf(record: PolicyRecord): ClaimBenefit[] {
  const benefits: ClaimBenefit[] = [];
  if (record.sumInsuredFen > 0n) benefits.push('death', 'disability');
  if (record.medicalLimitFen > 0n) benefits.push('medical');
  if (record.allowanceCapFen > 0n) benefits.push('allowance');
  return benefits;
}

/**
 * The coverage snapshot the decider records. `medicalCommittedFen` is what the household's other claims
 * under this policy already hold of the shared medical limit (assessed or approved medical amounts), and
 * `memberSharesHeld` what they hold of each member's death/disability share.
 */
export function coverageSnapshotOf(record: PolicyRecord, medicalCommittedFen: Fen, memberSharesHeld: readonly MemberShareHeld[] = []): CoverageSnapshot {
  const remaining = record.medicalLimitFen - medicalCommittedFen;
  const insured = new Set(record.members.map((m) => m.memberId));
  return {
    policyId: record.policyId,
    policyNumber: record.policyNumber ?? `UNISSUED-${record.policyId}`,
    status: coverageStatusOf(record.status),
    cancelledAt: record.status === 'CANCELLED' ? record.cancelledAt : null,
    coverStart: record.coverStart,
    coverEnd: record.coverEnd,
    insuredMemberIds: record.members.map((m) => m.memberId),
    benefits: benefitsOf(record),
    householdSumInsuredFen: record.sumInsuredFen,
    // Each member's share as enrollment published it on the policy: the decider pays these, not a recomputation.
    memberShares: record.members.map((m) => ({ memberId: m.memberId, shareFen: m.shareFen })),
    // A claim only holds a share once it is assessed for an insured member; the filter keeps a snapshot valid
    // should the view's member list have changed since.
    memberSharesHeld: memberSharesHeld.filter((h) => h.heldFen > 0n && insured.has(h.memberId)).map((h) => ({ memberId: h.memberId, heldFen: h.heldFen })),
    medicalLimitFen: record.medicalLimitFen,
    medicalRemainingFen: remaining > 0n ? remaining : 0n,
    medicalDeductibleFen: record.medicalDeductibleFen,
    medicalRatioBp: record.medicalRatioBp,
    allowanceDailyRateFen: record.allowanceDailyFen,
    allowanceCapFen: record.allowanceCapFen,
    regionCode: record.regionCode,
    villageCode: record.villageCode,
    householdVulnerable: record.vulnerable,
    channel: record.channel,
  };
}

/**
 * The household's policy that an accident at `accidentAt` falls under: one whose cover contains it (the
 * latest programme year if, unusually, two do); otherwise the nearest one, so that the coverage check can
 * say precisely why nothing covers it (before cover, after cover). Null when the view knows no policy.
 */
export function pickPolicy(records: readonly PolicyRecord[], accidentAt: string): PolicyRecord | null {
  const at = Date.parse(accidentAt);
  const issued = records.filter((r) => coverageStatusOf(r.status) !== 'pending');
  const pool = issued.length > 0 ? issued : records;
  const covering = pool.filter((r) => Date.parse(r.coverStart) <= at && at < Date.parse(r.coverEnd));
  const byYear = (a: PolicyRecord, b: PolicyRecord) => b.programmeYear - a.programmeYear || b.coverStart.localeCompare(a.coverStart);
  if (covering.length > 0) return [...covering].sort(byYear)[0] as PolicyRecord;
  const later = pool.filter((r) => at < Date.parse(r.coverStart)).sort((a, b) => a.coverStart.localeCompare(b.coverStart));
  const earlier = pool.filter((r) => at >= Date.parse(r.coverEnd)).sort((a, b) => b.coverEnd.localeCompare(a.coverEnd));
  return earlier[0] ?? later[0] ?? null;
}

/** What a report says that the policy view can check at intake. */
export interface ReportFacts {
  readonly accidentAt: string;
  readonly memberId: string;
  readonly idNumberMasked: string;
  readonly benefits: readonly ClaimBenefit[];
  readonly claimedAmountFen: Fen | null;
}

/**
 * Refuses, before anything is written, a report that no policy of the household could ever pay: an
 * accident before the household's first cover (a later policy never covers an earlier accident), a
 * claimant who is not an insured member, a benefit the product does not have, an amount above what the
 * claimed benefits can pay. A household the view does not know yet is accepted: enrollment's events may
 * still be on their way, and the registration step records the coverage outcome (POLICY_NOT_FOUND).
 * Lapsed or cancelled cover is also left to registration, which records it as a coded rejection.
 */
export function reportProblem(
  records: readonly PolicyRecord[],
  facts: ReportFacts,
  medicalCommittedFen: (policyId: string) => Fen,
  memberSharesHeld: (policyId: string) => readonly MemberShareHeld[] = () => [],
): Error | null {
  const policy = pickPolicy(records, facts.accidentAt);
  if (policy === null) return null;
  const snapshot = coverageSnapshotOf(policy, medicalCommittedFen(policy.policyId), memberSharesHeld(policy.policyId));
  const check = checkCoverage(snapshot, { accidentAt: facts.accidentAt, memberId: facts.memberId, benefits: facts.benefits });
  if (!check.ok) {
    if (check.reasonCode === 'ACCIDENT_BEFORE_COVER' && records.every((r) => Date.parse(facts.accidentAt) < Date.parse(r.coverStart))) {
      return new ApiError('unprocessable', 'CLAIM.ACCIDENT_BEFORE_COVER', 'The accident happened before the household\'s cover started.');
    }
    if (check.reasonCode === 'MEMBER_NOT_INSURED') return new ClaimError('CLAIM.UNKNOWN_MEMBER', 'The claimant is not an insured member of the household\'s policy.');
    if (check.reasonCode === 'BENEFIT_NOT_IN_PRODUCT') return new ClaimError('CLAIM.BENEFIT_NOT_IN_PRODUCT', `The household's product does not have this benefit: ${check.detail}.`);
    return null;
  }
  const member = policy.members.find((m) => m.memberId === facts.memberId);
  if (member && member.idNumberMasked !== facts.idNumberMasked) {
    return new ApiError('unprocessable', 'CLAIM.CLAIMANT_MISMATCH', 'The resident ID number does not match the insured member.');
  }
  const maxPayable = maxPayableFen(snapshot, facts.memberId, facts.benefits);
  if (facts.claimedAmountFen !== null && facts.claimedAmountFen > maxPayable) {
    return new ClaimError('CLAIM.AMOUNT_ABOVE_SUM_INSURED', 'The claimed amount is above what the claimed benefits can pay under the policy.', {
      maxPayableFen: maxPayable.toString(),
    });
  }
  return null;
}
