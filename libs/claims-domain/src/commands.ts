import type {
  ClaimBenefit,
  ClaimChannel,
  ClaimDocument,
  ClaimRejectionReason,
  DeadlineKind,
  FollowUpOutcome,
  ReopenReason,
  ReporterRelation,
  ReversalReason,
  WithdrawalReason,
} from '@fpi/contracts';
import type { AssessmentInput } from './benefits';
import type { CoverageSnapshot } from './coverage';
import type { Actor } from './events';
import type { Fen } from './money';

/**
 * Everything a decision needs from outside arrives here: the time from the injected clock, the actor from
 * the verified token. Other fields (an idempotency key, a correlation id) may ride along; decide ignores them.
 */
export interface CommandMetadata {
  now: Date | string;
  actor: Actor;
  [key: string]: unknown;
}

type ClaimCommandOf<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };

export type ReportClaim = ClaimCommandOf<
  'ReportClaim',
  {
    claimId: string;
    householdId: string;
    /** The full resident ID number as given; the decider stores only its masked form. */
    claimant: { memberId: string; idNumber: string };
    accident: { occurredAt: Date | string; place: string; regionCode: string; causeCode: string; description: string };
    benefits: ClaimBenefit[];
    /** What the family asks for, if they said; the assessment decides what is paid. */
    claimedAmountFen: Fen | null;
    channel: ClaimChannel;
    reporter: { relation: ReporterRelation; name: string; phone: string | null };
    documentsProvided: ClaimDocument[];
  }
>;
/** `coverage: null` when the application found no policy for the household. */
export type RegisterClaim = ClaimCommandOf<'RegisterClaim', { coverage: CoverageSnapshot | null }>;
/** The single notice (一次性告知): the decider lists every missing document; `additional` adds case-specific ones. */
export type RequestDocuments = ClaimCommandOf<'RequestDocuments', { noticeId: string; additional?: ClaimDocument[] }>;
export type ReceiveDocuments = ClaimCommandOf<'ReceiveDocuments', { documents: ClaimDocument[] }>;
export type AssessClaim = ClaimCommandOf<'AssessClaim', { coverage: CoverageSnapshot; inputs: AssessmentInput[] }>;
/** `approvedFen` defaults to the assessed total; a lower agreed amount (协商) may be given. */
export type ApproveClaim = ClaimCommandOf<'ApproveClaim', { approvedFen?: Fen }>;
export type RejectClaim = ClaimCommandOf<'RejectClaim', { reasonCode: ClaimRejectionReason; note: string }>;
export type SendRejectionNotice = ClaimCommandOf<'SendRejectionNotice', { noticeId: string }>;
/** 先予支付 (Art. 25): pay the part already determined while the full amount cannot be fixed. */
export type PayDeterminedPart = ClaimCommandOf<
  'PayDeterminedPart',
  { paymentId: string; amountFen: Fen; paymentReference: string; basis: string }
>;
export type SchedulePayment = ClaimCommandOf<'SchedulePayment', { paymentId: string }>;
export type RecordPayment = ClaimCommandOf<'RecordPayment', { paymentId: string; paymentReference: string }>;
export type ReversePayment = ClaimCommandOf<'ReversePayment', { paymentId: string; reasonCode: ReversalReason }>;
/** One follow-up call; `attemptId` makes a retried call record count once. */
export type RecordFollowUp = ClaimCommandOf<'RecordFollowUp', { attemptId: string; outcome: FollowUpOutcome }>;
export type CloseClaim = ClaimCommandOf<'CloseClaim', Record<never, never>>;
export type WithdrawClaim = ClaimCommandOf<'WithdrawClaim', { reasonCode: WithdrawalReason; note: string }>;
/** `reopenId` (e.g. the appeal case number) makes a retried reopening count once. */
export type ReopenClaim = ClaimCommandOf<'ReopenClaim', { reopenId: string; reason: ReopenReason; note: string }>;
export type RecordDeadlineBreach = ClaimCommandOf<'RecordDeadlineBreach', { deadline: DeadlineKind }>;

export type ClaimCommand =
  | ReportClaim
  | RegisterClaim
  | RequestDocuments
  | ReceiveDocuments
  | AssessClaim
  | ApproveClaim
  | RejectClaim
  | SendRejectionNotice
  | PayDeterminedPart
  | SchedulePayment
  | RecordPayment
  | ReversePayment
  | RecordFollowUp
  | CloseClaim
  | WithdrawClaim
  | ReopenClaim
  | RecordDeadlineBreach;

export type ClaimCommandType = ClaimCommand['type'];
