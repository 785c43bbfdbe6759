import { CLAIM_DOCUMENTS, type ClaimBenefit, type ClaimDocument } from '@fpi/contracts';
import type { CoverageSnapshot } from './coverage';
import { ClaimError, ensure } from './errors';
import { applyRatio, divideRoundHalfDown, maxFen, minFen, sumFen, type BasisPoints, type Fen } from './money';

/** Documents every claim needs, and those each benefit adds. */
const DOCUMENTS_BY_BENEFIT: Readonly<Record<ClaimBenefit | 'every', readonly ClaimDocument[]>> = {
  every: ['claim_form', 'id_document', 'accident_proof', 'bank_account'],
  death: ['death_certificate', 'household_deregistration', 'beneficiary_relationship'],
  disability: ['disability_assessment', 'medical_records'],
  medical: ['medical_records', 'medical_invoice', 'other_payer_statement'],
  allowance: ['medical_records', 'discharge_summary'],
};

/** Everything the claimed benefits need, in the catalogue's order (so one notice lists it all the same way every time). */
export function requiredDocuments(benefits: readonly ClaimBenefit[]): ClaimDocument[] {
  const needed = new Set<ClaimDocument>([...DOCUMENTS_BY_BENEFIT.every, ...benefits.flatMap((b) => DOCUMENTS_BY_BENEFIT[b])]);
  return CLAIM_DOCUMENTS.filter((d) => needed.has(d));
}

/**
 * Payout ratio by disability grade (1 = most severe) of the industry standard 人身保险伤残评定标准
 * (JR/T 0083-2013): grade 1 pays 100 %, each grade below pays 10 points less, grade 10 pays 10 %.
 */
export const DISABILITY_GRADE_RATIOS_BP: readonly BasisPoints[] = [10_000, 9_000, 8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000, 1_000];

/**
 * The household death/disability sum insured split equally, rounded half down. Only the fallback for a
 * snapshot recorded before snapshots carried the shares (rule version 1): it can be a fen below the share
 * the policy records for a member who holds one of the fen that do not divide.
 */
export const equalShareFen = (coverage: Pick<CoverageSnapshot, 'householdSumInsuredFen' | 'insuredMemberIds'>): Fen =>
  divideRoundHalfDown(coverage.householdSumInsuredFen, BigInt(coverage.insuredMemberIds.length));

/** A member's share of the household death/disability sum insured, and whether the policy recorded it. */
export interface MemberShareBasis {
  shareFen: Fen;
  /** True: the share the policy records (version 2 rules); false: the equal split of an older snapshot (version 1). */
  recorded: boolean;
}

/**
 * The claimant's share as the policy records it, which is what the contract promises; the equal split
 * only for a snapshot recorded without the shares, so that claims decided on those fold as before.
 */
export function memberShareOf(coverage: Pick<CoverageSnapshot, 'householdSumInsuredFen' | 'insuredMemberIds' | 'memberShares'>, memberId: string): MemberShareBasis {
  if (coverage.memberShares === undefined) return { shareFen: equalShareFen(coverage), recorded: false };
  const share = coverage.memberShares.find((s) => s.memberId === memberId);
  if (share === undefined) throw new ClaimError('CLAIM.UNKNOWN_MEMBER', 'the claimant is not an insured member of the policy');
  return { shareFen: share.shareFen, recorded: true };
}

export const memberShareFen = (coverage: Pick<CoverageSnapshot, 'householdSumInsuredFen' | 'insuredMemberIds' | 'memberShares'>, memberId: string): Fen =>
  memberShareOf(coverage, memberId).shareFen;

/** What the member's other claims under the policy hold of their death/disability share (see CoverageSnapshot.memberSharesHeld). */
export const shareHeldByOtherClaimsFen = (coverage: Pick<CoverageSnapshot, 'memberSharesHeld'>, memberId: string): Fen =>
  coverage.memberSharesHeld?.find((h) => h.memberId === memberId)?.heldFen ?? 0n;

/** The part of the member's death/disability share that no other claim holds: the most death and disability can still pay together. */
export const remainingShareFen = (coverage: Pick<CoverageSnapshot, 'householdSumInsuredFen' | 'insuredMemberIds' | 'memberShares' | 'memberSharesHeld'>, memberId: string): Fen =>
  maxFen(0n, memberShareFen(coverage, memberId) - shareHeldByOtherClaimsFen(coverage, memberId));

/** What the assessor determined, per claimed benefit. Amounts are computed from these and the coverage, never typed in. */
export type AssessmentInput =
  | { benefit: 'death' }
  | { benefit: 'disability'; grade: number }
  | { benefit: 'medical'; eligibleCostFen: Fen; otherPayersFen: Fen }
  | { benefit: 'allowance'; days: number };

interface Line<B extends ClaimBenefit, R extends string, I> {
  benefit: B;
  rule: R;
  amountFen: Fen;
  /** Everything the rule used, so the line can be recomputed and explained. */
  inputs: I;
}
/**
 * What the death and disability rules start from. `memberShareFen` is the claimant's share: under the
 * version 2 rules the share the policy records for them, under version 1 the household sum divided by
 * `insuredMembers`, rounded half down.
 */
interface ShareInputs {
  householdSumInsuredFen: Fen;
  insuredMembers: number;
  memberShareFen: Fen;
}
/**
 * The version 3 rules also cap death and disability together at the member's share: what the member's other
 * claims hold and what this claim's death line takes are subtracted first (`availableShareFen`).
 * `recordedShare` is 1 when `memberShareFen` is the share the policy records, 0 for the equal split of a
 * snapshot recorded without the shares.
 */
interface ShareCapInputs {
  recordedShare: 0 | 1;
  heldByOtherClaimsFen: Fen;
  heldByThisClaimFen: Fen;
  availableShareFen: Fen;
}
export type DeathLine = Line<'death', 'DEATH_MEMBER_SHARE_V1' | 'DEATH_MEMBER_SHARE_V2', ShareInputs> | Line<'death', 'DEATH_MEMBER_SHARE_V3', ShareInputs & ShareCapInputs>;
export type DisabilityLine =
  | Line<'disability', 'DISABILITY_GRADE_RATIO_V1' | 'DISABILITY_GRADE_RATIO_V2', ShareInputs & { grade: number; gradeRatioBp: BasisPoints }>
  | Line<'disability', 'DISABILITY_GRADE_RATIO_V3', ShareInputs & ShareCapInputs & { grade: number; gradeRatioBp: BasisPoints; gradeAmountFen: Fen }>;
export type MedicalLine = Line<
  'medical',
  'MEDICAL_SHARED_LIMIT_V1',
  {
    eligibleCostFen: Fen;
    otherPayersFen: Fen;
    deductibleFen: Fen;
    reimbursementRatioBp: BasisPoints;
    reimbursableFen: Fen;
    householdLimitFen: Fen;
    remainingLimitFen: Fen;
  }
>;
export type AllowanceLine = Line<'allowance', 'ALLOWANCE_DAILY_CAPPED_V1', { days: number; dailyRateFen: Fen; uncappedFen: Fen; capFen: Fen }>;
export type BenefitLine = DeathLine | DisabilityLine | MedicalLine | AllowanceLine;

const MAX_ALLOWANCE_DAYS = 366;

/** The share the death and disability rules start from, and what is still available of it to this claim. */
function shareInputs(coverage: CoverageSnapshot, memberId: string, heldByThisClaimFen: Fen): ShareInputs & ShareCapInputs {
  const { shareFen, recorded } = memberShareOf(coverage, memberId);
  const heldByOtherClaimsFen = shareHeldByOtherClaimsFen(coverage, memberId);
  return {
    householdSumInsuredFen: coverage.householdSumInsuredFen,
    insuredMembers: coverage.insuredMemberIds.length,
    memberShareFen: shareFen,
    recordedShare: recorded ? 1 : 0,
    heldByOtherClaimsFen,
    heldByThisClaimFen,
    availableShareFen: maxFen(0n, shareFen - heldByOtherClaimsFen - heldByThisClaimFen),
  };
}

/**
 * One benefit line for the claimant `memberId` by the product's rule for that benefit. `heldByThisClaimFen`
 * is what this claim's other lines already take of the member's death/disability share (its death line,
 * when a disability line is computed after it); `assessBenefits` passes it.
 */
export function benefitLine(coverage: CoverageSnapshot, memberId: string, input: AssessmentInput, heldByThisClaimFen: Fen = 0n): BenefitLine {
  switch (input.benefit) {
    case 'death': {
      const inputs = shareInputs(coverage, memberId, heldByThisClaimFen);
      return { benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V3', amountFen: inputs.availableShareFen, inputs };
    }
    case 'disability': {
      ensure(Number.isInteger(input.grade) && input.grade >= 1 && input.grade <= 10, 'CLAIM.INVALID_DISABILITY_GRADE', 'disability grade must be 1..10');
      const gradeRatioBp = DISABILITY_GRADE_RATIOS_BP[input.grade - 1];
      const share = shareInputs(coverage, memberId, heldByThisClaimFen);
      const gradeAmountFen = applyRatio(share.memberShareFen, gradeRatioBp);
      return {
        benefit: 'disability',
        rule: 'DISABILITY_GRADE_RATIO_V3',
        amountFen: minFen(gradeAmountFen, share.availableShareFen),
        inputs: { ...share, grade: input.grade, gradeRatioBp, gradeAmountFen },
      };
    }
    case 'medical': {
      ensure(typeof input.eligibleCostFen === 'bigint' && typeof input.otherPayersFen === 'bigint', 'CLAIM.INVALID_COMMAND', 'medical amounts must be bigint fen');
      ensure(input.eligibleCostFen > 0n, 'CLAIM.AMOUNT_NOT_POSITIVE', 'eligible medical cost must be positive');
      ensure(input.otherPayersFen >= 0n, 'CLAIM.AMOUNT_NEGATIVE', 'amount paid by other payers cannot be negative');
      ensure(input.otherPayersFen <= input.eligibleCostFen, 'CLAIM.OTHER_PAYERS_ABOVE_COST', 'other payers cannot have paid more than the cost');
      const base = maxFen(0n, input.eligibleCostFen - input.otherPayersFen - coverage.medicalDeductibleFen);
      const reimbursableFen = applyRatio(base, coverage.medicalRatioBp);
      return {
        benefit: 'medical',
        rule: 'MEDICAL_SHARED_LIMIT_V1',
        amountFen: minFen(reimbursableFen, coverage.medicalRemainingFen),
        inputs: {
          eligibleCostFen: input.eligibleCostFen,
          otherPayersFen: input.otherPayersFen,
          deductibleFen: coverage.medicalDeductibleFen,
          reimbursementRatioBp: coverage.medicalRatioBp,
          reimbursableFen,
          householdLimitFen: coverage.medicalLimitFen,
          remainingLimitFen: coverage.medicalRemainingFen,
        },
      };
    }
    case 'allowance': {
      ensure(Number.isInteger(input.days) && input.days >= 1 && input.days <= MAX_ALLOWANCE_DAYS, 'CLAIM.INVALID_ALLOWANCE_DAYS', `allowance days must be 1..${MAX_ALLOWANCE_DAYS}`);
      const uncappedFen = BigInt(input.days) * coverage.allowanceDailyRateFen;
      return {
        benefit: 'allowance',
        rule: 'ALLOWANCE_DAILY_CAPPED_V1',
        amountFen: minFen(uncappedFen, coverage.allowanceCapFen),
        inputs: { days: input.days, dailyRateFen: coverage.allowanceDailyRateFen, uncappedFen, capFen: coverage.allowanceCapFen },
      };
    }
    default: {
      const unknown: never = input;
      throw new ClaimError('CLAIM.UNKNOWN_BENEFIT', `unknown benefit ${(unknown as { benefit: string }).benefit}`);
    }
  }
}

/**
 * The lines of an assessment: exactly one input per claimed benefit, each a benefit the product has,
 * for a member the policy insures.
 */
export function assessBenefits(coverage: CoverageSnapshot, memberId: string, claimed: readonly ClaimBenefit[], inputs: readonly AssessmentInput[]): BenefitLine[] {
  ensure(coverage.insuredMemberIds.includes(memberId), 'CLAIM.UNKNOWN_MEMBER', 'the claimant is not an insured member of the policy');
  const seen = new Set<ClaimBenefit>();
  for (const input of inputs) {
    ensure(!seen.has(input.benefit), 'CLAIM.INVALID_COMMAND', `more than one ${input.benefit} input`);
    seen.add(input.benefit);
    ensure(claimed.includes(input.benefit), 'CLAIM.BENEFIT_NOT_CLAIMED', `${input.benefit} was not claimed`, { benefit: input.benefit });
    ensure(coverage.benefits.includes(input.benefit), 'CLAIM.BENEFIT_NOT_IN_PRODUCT', `the product has no ${input.benefit} benefit`, { benefit: input.benefit });
  }
  const missing = claimed.filter((b) => !seen.has(b));
  ensure(missing.length === 0, 'CLAIM.ASSESSMENT_INPUT_MISSING', `no assessment input for ${missing.join(', ')}`);
  const inputOf = (benefit: ClaimBenefit) => inputs.find((i) => i.benefit === benefit) as AssessmentInput;
  // Death first: it pays what is left of the member's share, and disability in the same claim only what death left.
  const death = claimed.includes('death') ? benefitLine(coverage, memberId, inputOf('death')) : null;
  const heldByDeath = death?.amountFen ?? 0n;
  return claimed.map((benefit) => (benefit === 'death' && death ? death : benefitLine(coverage, memberId, inputOf(benefit), benefit === 'disability' ? heldByDeath : 0n)));
}

/**
 * The most the claimed benefits can pay the claimant `memberId` under this coverage: their share once for
 * death and disability together, less what their other claims hold of it (a member cannot receive more
 * than the share, 累计给付), the
 * remaining shared medical limit, the allowance cap. Bounds a payment made before the assessment (Art. 25).
 */
export function maxPayableFen(coverage: CoverageSnapshot, memberId: string, claimed: readonly ClaimBenefit[]): Fen {
  const covered = claimed.filter((b) => coverage.benefits.includes(b));
  const has = (b: ClaimBenefit): boolean => covered.includes(b);
  return sumFen([
    has('death') || has('disability') ? remainingShareFen(coverage, memberId) : 0n,
    has('medical') ? coverage.medicalRemainingFen : 0n,
    has('allowance') ? coverage.allowanceCapFen : 0n,
  ]);
}

export const totalFen = (lines: readonly BenefitLine[]): Fen => sumFen(lines.map((l) => l.amountFen));
