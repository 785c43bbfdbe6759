import { CLAIM_BENEFITS, type ClaimBenefit, type CoverageRejectionReason } from '@fpi/contracts';
import { ClaimError } from './errors';
import { isBasisPoints, sumFen, type BasisPoints, type Fen } from './money';
import { msOf, toInstant, type Instant } from './time';

export const POLICY_STATUSES = ['pending', 'in_force', 'cancelled', 'expired'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** One insured member's share of the household death/disability sum insured, as the policy records it. */
export interface MemberShare {
  memberId: string;
  shareFen: Fen;
}

/** How much of an insured member's death/disability share the member's other claims under the policy hold. */
export interface MemberShareHeld {
  memberId: string;
  heldFen: Fen;
}

/**
 * The coverage facts of the policy a claim falls under, as the claims service's policy view knows them when
 * a command is handled. The application looks them up and passes them in (RegisterClaim, AssessClaim), so
 * the rules stay pure and the event records exactly which facts a decision used.
 */
export interface CoverageSnapshot {
  policyId: string;
  policyNumber: string;
  status: PolicyStatus;
  /** When a cancellation took effect; an accident before it is still covered. Null unless cancelled. */
  cancelledAt: Instant | null;
  /** Cover runs from coverStart (inclusive) to coverEnd (exclusive). */
  coverStart: Instant;
  coverEnd: Instant;
  insuredMemberIds: readonly string[];
  /** The benefits the product has. */
  benefits: readonly ClaimBenefit[];
  /** Household sum insured for accidental death and disability, split among the insured members. */
  householdSumInsuredFen: Fen;
  /**
   * Each insured member's share of that sum as the policy records it: enrollment splits it equally and gives
   * the fen that do not divide to the first members, so the shares add up to the household sum and one
   * member may hold a fen more than another. The policy is the contract, so death and disability pay this
   * share. Absent from snapshots recorded before the claims service passed the shares on; the claims
   * decided on those used the equal split rounded half down, and folding them must still give that
   * (see `memberShareOf`). A list rather than a map keyed by member id: the event codec restores bigints
   * by the `...Fen` name of their own key.
   */
  memberShares?: readonly MemberShare[];
  /**
   * What the members' other claims under this policy already hold of their death/disability share (assessed,
   * then approved, amounts; nothing once rejected or withdrawn). Death and disability share one sum insured
   * per member (身故、残疾累计给付以保险金额为限), so an assessment pays at most the share minus this.
   * Members with nothing held may be left out. Absent from snapshots recorded before the claims service
   * tracked it (nothing is assumed held for those).
   */
  memberSharesHeld?: readonly MemberShareHeld[];
  /** Household shared medical limit for the policy year, and what is left of it now. */
  medicalLimitFen: Fen;
  medicalRemainingFen: Fen;
  medicalDeductibleFen: Fen;
  /** Share of the eligible cost (after other payers and the deductible) that the product reimburses. */
  medicalRatioBp: BasisPoints;
  allowanceDailyRateFen: Fen;
  /** Most a claim can receive in hospital allowance. */
  allowanceCapFen: Fen;
  /** County code (GB/T 2260) of the household, and its village code when known. */
  regionCode: string;
  villageCode: string | null;
  /** 特扶, 计生特殊家庭, 低保/脱贫: eligible for the green channel. */
  householdVulnerable: boolean;
  /** Channel the policy was sold through. */
  channel: string;
}

/** What the coverage check needs to know about the claim. */
export interface CoverageQuery {
  accidentAt: Instant;
  memberId: string;
  benefits: readonly ClaimBenefit[];
}

export type CoverageCheck = { ok: true } | { ok: false; reasonCode: CoverageRejectionReason; detail: string };

/**
 * Whether the policy covers this accident, member and benefits. A failure is an outcome (the claim is
 * rejected with the code), not an error. `null` means the application found no policy for the household.
 */
export function checkCoverage(snapshot: CoverageSnapshot | null, claim: CoverageQuery): CoverageCheck {
  const reject = (reasonCode: CoverageRejectionReason, detail: string): CoverageCheck => ({ ok: false, reasonCode, detail });
  if (snapshot === null) return reject('POLICY_NOT_FOUND', 'no policy covers the household');
  const accident = msOf(claim.accidentAt);
  if (snapshot.status === 'cancelled' && (snapshot.cancelledAt === null || msOf(snapshot.cancelledAt) <= accident)) {
    return reject('POLICY_CANCELLED', 'the policy was cancelled before the accident');
  }
  if (snapshot.status === 'pending') return reject('POLICY_NOT_IN_FORCE', 'the policy has not been issued');
  if (accident < msOf(snapshot.coverStart)) return reject('ACCIDENT_BEFORE_COVER', 'the accident happened before cover started');
  if (accident >= msOf(snapshot.coverEnd)) return reject('ACCIDENT_AFTER_COVER', 'the accident happened after cover ended');
  if (!snapshot.insuredMemberIds.includes(claim.memberId)) return reject('MEMBER_NOT_INSURED', 'the member is not insured under the policy');
  const missing = claim.benefits.filter((b) => !snapshot.benefits.includes(b));
  if (missing.length > 0) return reject('BENEFIT_NOT_IN_PRODUCT', `the product has no ${missing.join(', ')} benefit`);
  return { ok: true };
}

const REGION_CODE = /^\d{6}$/;
const VILLAGE_CODE = /^\d{12}$/;

/** Rejects a malformed snapshot (a bug or a stale view in the caller) and returns it with instants normalised. */
export function validCoverage(snapshot: CoverageSnapshot): CoverageSnapshot {
  const fail = (problem: string): never => {
    throw new ClaimError('CLAIM.INVALID_COVERAGE', `coverage snapshot: ${problem}`, { policyId: snapshot.policyId ?? null });
  };
  const label = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0 && v.length <= 64;
  if (!label(snapshot.policyId) || !label(snapshot.policyNumber) || !label(snapshot.channel)) fail('policy id, number and channel are required (at most 64 characters)');
  if (!POLICY_STATUSES.includes(snapshot.status)) fail('unknown policy status');
  const coverStart = toInstant(snapshot.coverStart, 'coverStart');
  const coverEnd = toInstant(snapshot.coverEnd, 'coverEnd');
  if (msOf(coverStart) >= msOf(coverEnd)) fail('cover must end after it starts');
  const cancelledAt = snapshot.cancelledAt === null ? null : toInstant(snapshot.cancelledAt, 'cancelledAt');
  const members = snapshot.insuredMemberIds;
  if (members.length === 0 || new Set(members).size !== members.length || !members.every(label)) fail('insured members must be distinct ids');
  if (snapshot.benefits.some((b) => !CLAIM_BENEFITS.includes(b)) || new Set(snapshot.benefits).size !== snapshot.benefits.length) {
    fail('unknown or repeated benefit');
  }
  const amounts = [
    snapshot.householdSumInsuredFen, snapshot.medicalLimitFen, snapshot.medicalRemainingFen, snapshot.medicalDeductibleFen,
    snapshot.allowanceDailyRateFen, snapshot.allowanceCapFen,
  ];
  if (amounts.some((a) => typeof a !== 'bigint' || a < 0n)) fail('amounts must be non-negative bigint fen');
  const shares = snapshot.memberShares === undefined ? undefined : validShares(snapshot.memberShares, members, snapshot.householdSumInsuredFen, fail);
  const held = snapshot.memberSharesHeld;
  if (held !== undefined) {
    if (!Array.isArray(held) || new Set(held.map((h) => h.memberId)).size !== held.length) fail('held shares must name distinct members');
    for (const h of held) {
      if (!members.includes(h.memberId)) fail('held shares name a member the policy does not insure');
      if (typeof h.heldFen !== 'bigint' || h.heldFen < 0n) fail('held shares must be non-negative bigint fen');
    }
  }
  if (snapshot.medicalRemainingFen > snapshot.medicalLimitFen) fail('remaining medical limit above the limit');
  if (!isBasisPoints(snapshot.medicalRatioBp)) fail('medical ratio must be integer basis points 0..10000');
  if (!REGION_CODE.test(snapshot.regionCode)) fail('region code must have 6 digits');
  if (snapshot.villageCode !== null && !VILLAGE_CODE.test(snapshot.villageCode)) fail('village code must have 12 digits');
  return {
    ...snapshot,
    coverStart,
    coverEnd,
    cancelledAt,
    insuredMemberIds: [...members],
    benefits: [...snapshot.benefits],
    ...(shares === undefined ? {} : { memberShares: shares }),
    ...(held === undefined ? {} : { memberSharesHeld: held.map((h) => ({ memberId: h.memberId, heldFen: h.heldFen })) }),
  };
}

/** One share per insured member, each non-negative, adding up to the household sum as enrollment's split does. */
function validShares(shares: readonly MemberShare[], members: readonly string[], householdSumFen: Fen, fail: (problem: string) => never): MemberShare[] {
  if (!Array.isArray(shares)) fail('member shares must be a list');
  const ids = new Set(shares.map((s) => s?.memberId));
  if (shares.length !== members.length || ids.size !== members.length || !members.every((m) => ids.has(m))) {
    fail('member shares must name every insured member exactly once');
  }
  if (shares.some((s) => typeof s.shareFen !== 'bigint' || s.shareFen < 0n)) fail('member shares must be non-negative bigint fen');
  if (sumFen(shares.map((s) => s.shareFen)) !== householdSumFen) fail('member shares must add up to the household sum insured');
  return shares.map((s) => ({ memberId: s.memberId, shareFen: s.shareFen }));
}
