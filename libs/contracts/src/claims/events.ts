import type {
  ActorRole,
  BenefitRule,
  ClaimBenefit,
  ClaimChannel,
  ClaimDocument,
  ClaimRejectionReason,
  ClosureOutcome,
  DeadlineKind,
  FastTrackReason,
  FollowUpOutcome,
  RejectionStage,
  ReopenReason,
  ReporterRelation,
  ReversalReason,
  WithdrawalReason,
} from './vocabulary';

/**
 * An integer amount in fen (分, 1/100 yuan) as a decimal string, e.g. `"312600"` for 3,126.00 yuan.
 * JSON numbers are doubles and cannot carry every 64-bit integer exactly, so money never travels as a number.
 */
export type FenString = string;

/** An instant in UTC, RFC 3339 with milliseconds: `2025-03-01T08:00:00.000Z`. */
export type Timestamp = string;

/** Who performed a step: a staff or system identifier, never a family member's personal data. */
export interface ActorV1 {
  id: string;
  role: ActorRole;
}

/** The claimant as published: the enrolment member id and the masked resident ID number (`1101**********002X`). */
export interface ClaimantV1 {
  memberId: string;
  idNumberMasked: string;
}

/**
 * One benefit line of an assessment, with the inputs the rule used so that anyone can recompute it.
 * Inputs whose name ends in `Fen` are fen strings; the others are integers (basis points, days, a grade, a count).
 */
export interface BenefitLineV1 {
  benefit: ClaimBenefit;
  rule: BenefitRule;
  amountFen: FenString;
  inputs: Record<string, FenString | number>;
}

export interface DeadlineBreachV1 {
  deadline: DeadlineKind;
  /** 1 for the first pass through the lifecycle, +1 after every reopening: a deadline is breached at most once per cycle. */
  cycle: number;
  dueAt: Timestamp;
  breachedAt: Timestamp;
}

/** Fields every event on {@link Topics.claimEvents} carries. */
export interface ClaimEventEnvelopeV1<T extends string, D> {
  /** Unique per event; equals the `ce_id` header. Consumers de-duplicate on it. */
  eventId: string;
  type: T;
  version: 1;
  claimId: string;
  /** 0-based revision in the claim's stream; a consumer ignores a sequence it has already applied. */
  sequence: number;
  occurredAt: Timestamp;
  actor: ActorV1;
  /** County code (GB/T 2260, 6 digits) of the insured household, or of the accident before registration; for region scoping. */
  regionCode: string;
  data: D;
}

export type ClaimReportedV1 = ClaimEventEnvelopeV1<
  'ClaimReported',
  {
    householdId: string;
    claimant: ClaimantV1;
    accident: { occurredAt: Timestamp; regionCode: string; causeCode: string };
    benefits: ClaimBenefit[];
    claimedAmountFen: FenString | null;
    channel: ClaimChannel;
    reporterRelation: ReporterRelation;
    documentsProvided: ClaimDocument[];
    reportingWindowHours: number;
    reportedLate: boolean;
  }
>;
export type ClaimRegisteredV1 = ClaimEventEnvelopeV1<
  'ClaimRegistered',
  {
    policyId: string;
    policyNumber: string;
    villageCode: string | null;
    enrolmentChannel: string;
    requiredDocuments: ClaimDocument[];
    missingDocuments: ClaimDocument[];
    cycle: number;
  }
>;
export type ClaimFastTrackedV1 = ClaimEventEnvelopeV1<
  'ClaimFastTracked',
  { reasons: FastTrackReason[]; decisionTargetDays: number; paymentTargetDays: number | null }
>;
export type ClaimDocumentsRequestedV1 = ClaimEventEnvelopeV1<'ClaimDocumentsRequested', { noticeId: string; documents: ClaimDocument[] }>;
export type ClaimDocumentsReceivedV1 = ClaimEventEnvelopeV1<'ClaimDocumentsReceived', { documents: ClaimDocument[] }>;
export type ClaimDocumentsCompletedV1 = ClaimEventEnvelopeV1<'ClaimDocumentsCompleted', Record<string, never>>;
export type ClaimAssessedV1 = ClaimEventEnvelopeV1<'ClaimAssessed', { benefitLines: BenefitLineV1[]; assessedFen: FenString }>;
export type ClaimApprovedV1 = ClaimEventEnvelopeV1<'ClaimApproved', { approvedFen: FenString; fourEyes: boolean }>;
export type ClaimRejectedV1 = ClaimEventEnvelopeV1<'ClaimRejected', { reasonCode: ClaimRejectionReason; stage: RejectionStage }>;
export type ClaimRejectionNoticeSentV1 = ClaimEventEnvelopeV1<'ClaimRejectionNoticeSent', { noticeId: string }>;
export type ClaimPartPaidInAdvanceV1 = ClaimEventEnvelopeV1<
  'ClaimPartPaidInAdvance',
  { paymentId: string; amountFen: FenString; paymentReference: string }
>;
export type ClaimPaymentScheduledV1 = ClaimEventEnvelopeV1<'ClaimPaymentScheduled', { paymentId: string; amountFen: FenString }>;
export type ClaimPaidV1 = ClaimEventEnvelopeV1<
  'ClaimPaid',
  { paymentId: string; amountFen: FenString; paymentReference: string; fullyPaid: boolean }
>;
export type ClaimPaymentReversedV1 = ClaimEventEnvelopeV1<
  'ClaimPaymentReversed',
  { paymentId: string; amountFen: FenString; reasonCode: ReversalReason }
>;
export type ClaimFollowUpRecordedV1 = ClaimEventEnvelopeV1<
  'ClaimFollowUpRecorded',
  { attempt: number; outcome: FollowUpOutcome; completed: boolean }
>;
export type ClaimClosedV1 = ClaimEventEnvelopeV1<'ClaimClosed', { outcome: ClosureOutcome }>;
export type ClaimWithdrawnV1 = ClaimEventEnvelopeV1<'ClaimWithdrawn', { reasonCode: WithdrawalReason }>;
export type ClaimReopenedV1 = ClaimEventEnvelopeV1<'ClaimReopened', { reopenId: string; reason: ReopenReason; cycle: number }>;
export type ClaimDeadlineBreachedV1 = ClaimEventEnvelopeV1<'ClaimDeadlineBreached', DeadlineBreachV1>;

/** Every event on {@link Topics.claimEvents} (`fpi.claims.events.v1`): the whole lifecycle, for read models. Key = claim id. */
export type ClaimEventV1 =
  | ClaimReportedV1
  | ClaimRegisteredV1
  | ClaimFastTrackedV1
  | ClaimDocumentsRequestedV1
  | ClaimDocumentsReceivedV1
  | ClaimDocumentsCompletedV1
  | ClaimAssessedV1
  | ClaimApprovedV1
  | ClaimRejectedV1
  | ClaimRejectionNoticeSentV1
  | ClaimPartPaidInAdvanceV1
  | ClaimPaymentScheduledV1
  | ClaimPaidV1
  | ClaimPaymentReversedV1
  | ClaimFollowUpRecordedV1
  | ClaimClosedV1
  | ClaimWithdrawnV1
  | ClaimReopenedV1
  | ClaimDeadlineBreachedV1;

export type ClaimEventTypeV1 = ClaimEventV1['type'];

/** The latest time each step happened (null: not yet). After a reopening the repeated steps show their newest time. */
export interface ClaimStepsV1 {
  reportedAt: Timestamp;
  registeredAt: Timestamp | null;
  fastTrackedAt: Timestamp | null;
  documentsRequestedAt: Timestamp | null;
  documentsCompletedAt: Timestamp | null;
  assessedAt: Timestamp | null;
  approvedAt: Timestamp | null;
  rejectedAt: Timestamp | null;
  rejectionNoticeSentAt: Timestamp | null;
  partPaidInAdvanceAt: Timestamp | null;
  paymentScheduledAt: Timestamp | null;
  paidAt: Timestamp | null;
  paymentReversedAt: Timestamp | null;
  followedUpAt: Timestamp | null;
  closedAt: Timestamp | null;
  reopenedAt: Timestamp | null;
}

/** The claim as a whole, as every settlement event describes it. */
export interface SettlementEnvelopeV1<T extends string> {
  /** Unique per event; equals the `ce_id` header. Consumers de-duplicate on it. */
  eventId: string;
  type: T;
  version: 1;
  claimId: string;
  /** 0-based revision in the claim's stream of the domain event this settlement event reports. */
  sequence: number;
  occurredAt: Timestamp;
  policyNumber: string | null;
  claimant: ClaimantV1;
  regionCode: string;
  villageCode: string | null;
  /** Channel the claim was reported through. */
  channel: ClaimChannel;
  /** Channel the policy was sold through (from enrolment), when the claim was matched to a policy. */
  enrolmentChannel: string | null;
  benefits: ClaimBenefit[];
  fastTrack: boolean;
  fastTrackReasons: FastTrackReason[];
  benefitLines: BenefitLineV1[];
  amounts: {
    claimedFen: FenString | null;
    assessedFen: FenString | null;
    approvedFen: FenString | null;
    /** Paid so far, net of reversals, advance payments (先予支付) included. */
    paidFen: FenString;
  };
  steps: ClaimStepsV1;
  deadlineBreaches: DeadlineBreachV1[];
}

/**
 * Money reached the claimant: a payment of the approved amount, or a part paid in advance under Art. 25
 * (`payment.advance`). `payment` is null only when approval found everything already paid in advance.
 */
export type ClaimSettledV1 = SettlementEnvelopeV1<'ClaimSettled'> & {
  payment: { paymentId: string; amountFen: FenString; paymentReference: string; paidAt: Timestamp; advance: boolean } | null;
  fullyPaid: boolean;
};

/** A payment came back or was cancelled after it had been reported as settled. */
export type ClaimPaymentReversedSettlementV1 = SettlementEnvelopeV1<'ClaimPaymentReversed'> & {
  reversal: { paymentId: string; amountFen: FenString; paymentReference: string; reversedAt: Timestamp; reasonCode: ReversalReason };
};

/**
 * A rejected claim was closed. Final unless the claimant appeals: a reopened claim publishes a later
 * ClaimSettled or ClaimFinallyRejected for the same claim id with a higher sequence.
 */
export type ClaimFinallyRejectedV1 = SettlementEnvelopeV1<'ClaimFinallyRejected'> & {
  rejection: { reasonCode: ClaimRejectionReason; stage: RejectionStage; rejectedAt: Timestamp; noticeSentAt: Timestamp | null };
};

/** Every event on {@link Topics.settlements} (`fpi.claims.settlements.v1`), the integrator contract. Key = claim id. */
export type SettlementEventV1 = ClaimSettledV1 | ClaimPaymentReversedSettlementV1 | ClaimFinallyRejectedV1;

export type SettlementEventTypeV1 = SettlementEventV1['type'];
