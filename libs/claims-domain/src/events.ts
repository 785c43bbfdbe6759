import type {
  ActorRole,
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
} from '@fpi/contracts';
import type { BenefitLine } from './benefits';
import type { CoverageSnapshot } from './coverage';
import type { Fen } from './money';
import type { Instant } from './time';

/** Who did it: a staff member, an integrator or the system (deadline sweeps). */
export interface Actor {
  id: string;
  role: ActorRole;
}

/** Every event says which claim, when and by whom. */
export interface EventStamp {
  claimId: string;
  at: Instant;
  by: Actor;
}

type ClaimEventOf<T extends string, D> = { type: T; data: D & EventStamp };

/**
 * The claim as first reported. The resident ID number is masked before it is stored: the claim stream
 * never needs the full number (the member id links to enrolment), so it never holds it.
 */
export interface ClaimReport {
  householdId: string;
  claimant: { memberId: string; idNumberMasked: string };
  accident: { occurredAt: Instant; place: string; regionCode: string; causeCode: string; description: string };
  benefits: ClaimBenefit[];
  claimedAmountFen: Fen | null;
  channel: ClaimChannel;
  /** Contact for call-backs; internal only, never published. */
  reporter: { relation: ReporterRelation; name: string; phone: string | null };
  documentsProvided: ClaimDocument[];
  reportingWindowHours: number;
  reportedLate: boolean;
}

/** Where a reopened claim resumes: the step at which it was rejected. */
export type ResumeStatus = 'reported' | 'registered' | 'awaiting_documents' | 'documents_complete';

export type ClaimReported = ClaimEventOf<'ClaimReported', ClaimReport>;
export type ClaimRegistered = ClaimEventOf<
  'ClaimRegistered',
  { coverage: CoverageSnapshot; requiredDocuments: ClaimDocument[]; missingDocuments: ClaimDocument[]; cycle: number }
>;
export type ClaimFastTracked = ClaimEventOf<
  'ClaimFastTracked',
  { reasons: FastTrackReason[]; decisionTargetDays: number; paymentTargetDays: number | null }
>;
export type ClaimDocumentsRequested = ClaimEventOf<'ClaimDocumentsRequested', { noticeId: string; documents: ClaimDocument[] }>;
export type ClaimDocumentsReceived = ClaimEventOf<'ClaimDocumentsReceived', { documents: ClaimDocument[] }>;
export type ClaimDocumentsCompleted = ClaimEventOf<'ClaimDocumentsCompleted', Record<never, never>>;
export type ClaimAssessed = ClaimEventOf<'ClaimAssessed', { coverage: CoverageSnapshot; lines: BenefitLine[]; totalFen: Fen }>;
export type ClaimApproved = ClaimEventOf<'ClaimApproved', { approvedFen: Fen; fourEyes: boolean; assessedBy: string }>;
export type ClaimRejected = ClaimEventOf<
  'ClaimRejected',
  { reasonCode: ClaimRejectionReason; stage: RejectionStage; note: string; coverage: CoverageSnapshot | null }
>;
export type ClaimRejectionNoticeSent = ClaimEventOf<'ClaimRejectionNoticeSent', { noticeId: string }>;
export type ClaimPartPaidInAdvance = ClaimEventOf<
  'ClaimPartPaidInAdvance',
  { paymentId: string; amountFen: Fen; paymentReference: string; basis: string }
>;
export type ClaimPaymentScheduled = ClaimEventOf<'ClaimPaymentScheduled', { paymentId: string; amountFen: Fen }>;
export type ClaimPaid = ClaimEventOf<'ClaimPaid', { paymentId: string; amountFen: Fen; paymentReference: string }>;
export type ClaimPaymentReversed = ClaimEventOf<
  'ClaimPaymentReversed',
  { paymentId: string; amountFen: Fen; paymentReference: string; reasonCode: ReversalReason }
>;
export type ClaimFollowUpRecorded = ClaimEventOf<
  'ClaimFollowUpRecorded',
  { attemptId: string; attempt: number; outcome: FollowUpOutcome; completed: boolean }
>;
export type ClaimClosed = ClaimEventOf<'ClaimClosed', { outcome: ClosureOutcome }>;
export type ClaimWithdrawn = ClaimEventOf<'ClaimWithdrawn', { reasonCode: WithdrawalReason; note: string }>;
export type ClaimReopened = ClaimEventOf<
  'ClaimReopened',
  { reopenId: string; reason: ReopenReason; note: string; cycle: number; resumeAt: ResumeStatus }
>;
export type ClaimDeadlineBreached = ClaimEventOf<
  'ClaimDeadlineBreached',
  { deadline: DeadlineKind; cycle: number; dueAt: Instant; breachedAt: Instant }
>;

export type ClaimEvent =
  | ClaimReported
  | ClaimRegistered
  | ClaimFastTracked
  | ClaimDocumentsRequested
  | ClaimDocumentsReceived
  | ClaimDocumentsCompleted
  | ClaimAssessed
  | ClaimApproved
  | ClaimRejected
  | ClaimRejectionNoticeSent
  | ClaimPartPaidInAdvance
  | ClaimPaymentScheduled
  | ClaimPaid
  | ClaimPaymentReversed
  | ClaimFollowUpRecorded
  | ClaimClosed
  | ClaimWithdrawn
  | ClaimReopened
  | ClaimDeadlineBreached;

export type ClaimEventType = ClaimEvent['type'];

// A Record over the union makes a new event type a compile error here until it is listed.
const eventTypes: Record<ClaimEventType, true> = {
  ClaimReported: true,
  ClaimRegistered: true,
  ClaimFastTracked: true,
  ClaimDocumentsRequested: true,
  ClaimDocumentsReceived: true,
  ClaimDocumentsCompleted: true,
  ClaimAssessed: true,
  ClaimApproved: true,
  ClaimRejected: true,
  ClaimRejectionNoticeSent: true,
  ClaimPartPaidInAdvance: true,
  ClaimPaymentScheduled: true,
  ClaimPaid: true,
  ClaimPaymentReversed: true,
  ClaimFollowUpRecorded: true,
  ClaimClosed: true,
  ClaimWithdrawn: true,
  ClaimReopened: true,
  ClaimDeadlineBreached: true,
};
export const CLAIM_EVENT_TYPES = Object.keys(eventTypes) as ClaimEventType[];

export const isClaimEventType = (type: string): type is ClaimEventType => Object.prototype.hasOwnProperty.call(eventTypes, type);

/** One stream per claim. */
export const CLAIM_STREAM_PREFIX = 'claim-';
export const claimStreamName = (claimId: string): string => `${CLAIM_STREAM_PREFIX}${claimId}`;
export const claimIdOfStream = (stream: string): string | null =>
  stream.startsWith(CLAIM_STREAM_PREFIX) ? stream.slice(CLAIM_STREAM_PREFIX.length) : null;
