/**
 * Closed vocabularies published in claim events. A value added to one of these lists is a contract change:
 * consumers written against an earlier list must tolerate it (treat unknown values as "other"), and the
 * JSON Schemas below are generated from these same arrays so the two cannot drift.
 */

/** Benefits of the household accident product. */
export const CLAIM_BENEFITS = ['death', 'disability', 'medical', 'allowance'] as const;
export type ClaimBenefit = (typeof CLAIM_BENEFITS)[number];

/** Documents a claim may need (一次性告知 lists them all in one notice). */
export const CLAIM_DOCUMENTS = [
  'claim_form',
  'id_document',
  'accident_proof',
  'bank_account',
  'death_certificate',
  'household_deregistration',
  'beneficiary_relationship',
  'disability_assessment',
  'medical_records',
  'medical_invoice',
  'other_payer_statement',
  'discharge_summary',
] as const;
export type ClaimDocument = (typeof CLAIM_DOCUMENTS)[number];

/** How the claim was reported (掌上门店 = the mobile storefront). */
export const CLAIM_CHANNELS = ['phone', 'counter', 'mobile_storefront', 'referrer', 'online'] as const;
export type ClaimChannel = (typeof CLAIM_CHANNELS)[number];

/** Who reported the claim, relative to the injured member. */
export const REPORTER_RELATIONS = ['self', 'spouse', 'parent', 'child', 'other_family', 'referrer', 'staff', 'other'] as const;
export type ReporterRelation = (typeof REPORTER_RELATIONS)[number];

/** Coded reasons found by the coverage check at registration. */
export const COVERAGE_REJECTION_REASONS = [
  'POLICY_NOT_FOUND',
  'POLICY_NOT_IN_FORCE',
  'POLICY_CANCELLED',
  'ACCIDENT_BEFORE_COVER',
  'ACCIDENT_AFTER_COVER',
  'MEMBER_NOT_INSURED',
  'BENEFIT_NOT_IN_PRODUCT',
] as const;
export type CoverageRejectionReason = (typeof COVERAGE_REJECTION_REASONS)[number];

/** Every reason a claim can be rejected for: the coverage reasons plus those of the assessor's decision. */
export const CLAIM_REJECTION_REASONS = [
  ...COVERAGE_REJECTION_REASONS,
  'NOT_AN_ACCIDENT',
  'EXCLUDED_CAUSE',
  'NO_BENEFIT_PAYABLE',
  'DUPLICATE_CLAIM',
  'DOCUMENTS_NOT_PROVIDED',
  'MISREPRESENTATION',
  'OTHER',
] as const;
export type ClaimRejectionReason = (typeof CLAIM_REJECTION_REASONS)[number];

/** Where in the lifecycle a rejection happened: the automatic coverage check, or the assessor's decision. */
export const REJECTION_STAGES = ['registration', 'decision'] as const;
export type RejectionStage = (typeof REJECTION_STAGES)[number];

export const WITHDRAWAL_REASONS = ['CLAIMANT_REQUEST', 'DUPLICATE_CLAIM', 'SETTLED_ELSEWHERE', 'OTHER'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const REVERSAL_REASONS = ['BANK_RETURNED', 'WRONG_PAYEE', 'DUPLICATE_PAYMENT', 'OTHER'] as const;
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

export const REOPEN_REASONS = ['reconsideration', 'appeal'] as const;
export type ReopenReason = (typeof REOPEN_REASONS)[number];

/** Green-channel (绿色快速通道) criteria. */
export const FAST_TRACK_REASONS = ['SMALL_MEDICAL', 'ACCIDENTAL_DEATH', 'VULNERABLE_HOUSEHOLD'] as const;
export type FastTrackReason = (typeof FAST_TRACK_REASONS)[number];

/**
 * Clocks a claim runs against. `decision` (Art. 23, 30 days), `advance_payment` (Art. 25, 60 days),
 * `rejection_notice` (Art. 24, 3 days), `payment` (Art. 23, 10 days), plus the fast-track targets.
 */
export const DEADLINE_KINDS = ['decision', 'advance_payment', 'rejection_notice', 'payment', 'fast_track_decision', 'fast_track_payment'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** 回访 results: 满意, 基本满意, 不满意, or nobody reached after the allowed attempts. */
export const FOLLOW_UP_OUTCOMES = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const CLOSURE_OUTCOMES = ['paid', 'rejected'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export const ACTOR_ROLES = ['handler', 'supervisor', 'integrator', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/**
 * Identifiers of the benefit rules; a line names the rule (and its version) that produced it. Death pays
 * the claimant's share of the household death/disability sum insured (`memberShareFen`), disability the
 * grade ratio of it. In the `_V2` rules that share is the one the policy records for the member
 * (enrollment's `insuredMembers[].deathDisabilitySumInsuredFen`, which add up to the household sum); in the
 * `_V1` rules, used by assessments made before the claims service carried the recorded shares, it is
 * `householdSumInsuredFen / insuredMembers` rounded half down. The `_V3` rules (every assessment since)
 * cap death and disability together at the member's share (身故、残疾累计给付以保险金额为限): a line pays at
 * most `availableShareFen` = `memberShareFen` - `heldByOtherClaimsFen` (the member's other claims under the
 * policy) - `heldByThisClaimFen` (this claim's death line, for its disability line); disability pays
 * min(`gradeAmountFen`, `availableShareFen`). `recordedShare` is 1 when the share is the policy's, 0 for the
 * equal split of an older snapshot.
 */
export const BENEFIT_RULES = [
  'DEATH_MEMBER_SHARE_V1',
  'DISABILITY_GRADE_RATIO_V1',
  'MEDICAL_SHARED_LIMIT_V1',
  'ALLOWANCE_DAILY_CAPPED_V1',
  'DEATH_MEMBER_SHARE_V2',
  'DISABILITY_GRADE_RATIO_V2',
  'DEATH_MEMBER_SHARE_V3',
  'DISABILITY_GRADE_RATIO_V3',
] as const;
export type BenefitRule = (typeof BENEFIT_RULES)[number];
