/**
 * Integration events of the enrollment service, published on `Topics.enrollmentEvents`.
 *
 * - Policy events are keyed by policy id, household events by household id; within a key they arrive in
 *   `revision` order (at least once: consumers skip a revision they have already applied).
 * - Every event carries the whole current state of its aggregate (state-carried transfer), so a consumer
 *   can build its view from the latest event alone.
 * - Amounts are integer fen as digit strings. Resident ID numbers appear only masked (`maskIdNumber`);
 *   names never appear.
 */

/** `fpi.enrollment.<Type>.v<version>`: the CloudEvents `ce_type` header of each event. */
export const enrollmentCloudEventType = (type: EnrollmentEventType, version = 1): string => `fpi.enrollment.${type}.v${version}`;

/** CloudEvents `ce_source` of every enrollment event. */
export const ENROLLMENT_EVENT_SOURCE = 'fpi/enrollment';

export type HouseholdStatusCode = 'ONE_CHILD' | 'RURAL_TWO_DAUGHTERS' | 'SPECIAL_SUPPORT' | 'SPECIAL_FAMILY' | 'LOW_INCOME' | 'OTHER';
export type ChannelCode = 'COUNTER' | 'REFERRER' | 'MOBILE_STOREFRONT' | 'GOVERNMENT_GIFTED';
export type PayerCode = 'HOUSEHOLD' | 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE' | 'INSURER_SUBSIDY';
export type PolicyStatusCode = 'APPLIED' | 'PARTIALLY_PAID' | 'PAID' | 'ISSUED' | 'DELIVERED' | 'IN_FORCE' | 'EXPIRED' | 'CANCELLED';
export type RelationshipCode = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDPARENT' | 'GRANDCHILD' | 'SIBLING' | 'CHILD_IN_LAW' | 'OTHER';

/** County (6 digits), township (9) and village (12) statistical codes; each extends the one before. */
export interface RegionCodes {
  countyCode: string;
  townshipCode: string;
  villageCode: string;
}

/** A person listed in a household, identified by a stable member id (never by ID number). */
export interface HouseholdMemberView {
  memberId: string;
  relationship: RelationshipCode;
  /** `maskIdNumber` form, e.g. `4499**********0013`. */
  idNumberMasked: string;
  sex: 'MALE' | 'FEMALE';
  birthYear: number;
}

export interface HouseholdSnapshot {
  householdId: string;
  familyPlanningStatus: HouseholdStatusCode;
  /** SPECIAL_SUPPORT, SPECIAL_FAMILY and LOW_INCOME households: gift-eligible, fast-tracked on claims. */
  vulnerable: boolean;
  region: RegionCodes;
  memberCount: number;
  members: HouseholdMemberView[];
  registeredAt: string;
}

export interface PayerShareView {
  payer: PayerCode;
  amountFen: string;
  paidFen: string;
}

/** Benefits as they apply to this policy (copied from the product when the policy was applied for). */
export interface CoverageTerms {
  /** Household death and disability sum insured; each insured member holds a share (see `InsuredMemberView`). */
  deathDisabilitySumInsuredFen: string;
  /** One accidental-medical limit shared by the whole household. */
  medicalLimitFen: string;
  medicalDeductibleFen: string;
  /** Reimbursed share of eligible cost after the deductible, basis points (8000 = 80 %). */
  medicalReimbursementBp: number;
  hospitalAllowancePerDayFen: string;
  hospitalAllowanceMaxDays: number;
}

export interface InsuredMemberView {
  memberId: string;
  relationship: RelationshipCode;
  idNumberMasked: string;
  sex: 'MALE' | 'FEMALE';
  ageAtCoverStart: number;
  /**
   * This member's share of the household death and disability sum insured: an equal split, the fen that do
   * not divide going one each to the first members, so the shares add up to the household sum. Claims pay
   * death and disability from this share.
   */
  deathDisabilitySumInsuredFen: string;
}

/** Timestamps (ISO 8601, UTC) behind the timely issuance and timely delivery rates; null until they happen. */
export interface PolicyTimestamps {
  appliedAt: string;
  premiumFullyPaidAt: string | null;
  issuanceDueAt: string | null;
  issuedAt: string | null;
  deliveryDueAt: string | null;
  deliveredAt: string | null;
  inForceAt: string | null;
  expiredAt: string | null;
  cancelledAt: string | null;
}

export interface PolicySnapshot {
  policyId: string;
  policyNumber: string | null;
  householdId: string;
  programmeYear: number;
  productCode: string;
  status: PolicyStatusCode;
  channel: ChannelCode;
  referrerId: string | null;
  region: RegionCodes;
  householdStatus: HouseholdStatusCode;
  vulnerable: boolean;
  /** People listed in the household when the policy was applied for. */
  householdMemberCount: number;
  insuredPersons: number;
  premiumFen: string;
  paidFen: string;
  payerShares: PayerShareView[];
  /** Calendar dates (YYYY-MM-DD, China time), both inclusive. */
  coverStartsOn: string;
  coverEndsOn: string;
  coverage: CoverageTerms;
  insuredMembers: InsuredMemberView[];
  issuanceDeadlineDays: number;
  deliveryDeadlineDays: number;
  timestamps: PolicyTimestamps;
  renewedFromPolicyId: string | null;
  renewedToPolicyId: string | null;
}

interface Envelope<T extends string, A extends 'household' | 'policy', D> {
  /** Also the CloudEvents `ce_id`: derived from aggregate id and revision, so a replay carries the same id. */
  eventId: string;
  type: T;
  version: 1;
  aggregateType: A;
  /** Household id or policy id; equals the Kafka key. */
  aggregateId: string;
  /** The aggregate's revision after this change (1 for the first event); consumers guard on it. */
  revision: number;
  occurredAt: string;
  /** Who caused the change (a user id, or `system` for the lifecycle sweep). */
  actor: string;
  data: D;
}

export type HouseholdRegistered = Envelope<'HouseholdRegistered', 'household', { household: HouseholdSnapshot }>;
export type HouseholdUpdated = Envelope<'HouseholdUpdated', 'household', { household: HouseholdSnapshot; changedFields: string[] }>;
export type HouseholdMemberAdded = Envelope<'HouseholdMemberAdded', 'household', { household: HouseholdSnapshot; memberId: string }>;

export type PolicyApplied = Envelope<'PolicyApplied', 'policy', { policy: PolicySnapshot }>;
export type PremiumPaymentRecorded = Envelope<'PremiumPaymentRecorded', 'policy', {
  policy: PolicySnapshot;
  payment: { paymentId: string; payer: PayerCode; amountFen: string; paidAt: string };
  fullyPaid: boolean;
}>;
export type PolicyIssued = Envelope<'PolicyIssued', 'policy', { policy: PolicySnapshot }>;
export type PolicyDelivered = Envelope<'PolicyDelivered', 'policy', {
  policy: PolicySnapshot;
  delivery: { method: 'IN_PERSON' | 'VILLAGE_OFFICE' | 'POST' | 'ELECTRONIC'; proofReference: string };
}>;
export type PolicyInForce = Envelope<'PolicyInForce', 'policy', { policy: PolicySnapshot }>;
export type PolicyExpired = Envelope<'PolicyExpired', 'policy', { policy: PolicySnapshot }>;
export type PolicyCancelled = Envelope<'PolicyCancelled', 'policy', {
  policy: PolicySnapshot;
  reason: 'HOUSEHOLD_REQUEST' | 'PREMIUM_NOT_PAID' | 'INELIGIBLE' | 'DUPLICATE' | 'DATA_ERROR' | 'OTHER';
}>;
export type PolicyRenewed = Envelope<'PolicyRenewed', 'policy', { policy: PolicySnapshot; renewedToPolicyId: string; renewedToProgrammeYear: number }>;

export type HouseholdEvent = HouseholdRegistered | HouseholdUpdated | HouseholdMemberAdded;
export type PolicyEvent = PolicyApplied | PremiumPaymentRecorded | PolicyIssued | PolicyDelivered | PolicyInForce | PolicyExpired | PolicyCancelled | PolicyRenewed;
export type EnrollmentEvent = HouseholdEvent | PolicyEvent;
export type EnrollmentEventType = EnrollmentEvent['type'];

export const ENROLLMENT_EVENT_TYPES: readonly EnrollmentEventType[] = [
  'HouseholdRegistered',
  'HouseholdUpdated',
  'HouseholdMemberAdded',
  'PolicyApplied',
  'PremiumPaymentRecorded',
  'PolicyIssued',
  'PolicyDelivered',
  'PolicyInForce',
  'PolicyExpired',
  'PolicyCancelled',
  'PolicyRenewed',
];
