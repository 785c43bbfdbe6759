import type {
  ClaimDocument,
  ClaimRejectionReason,
  ClaimStepsV1,
  ClosureOutcome,
  DeadlineKind,
  FastTrackReason,
  FollowUpOutcome,
  RejectionStage,
  ReopenReason,
  ReversalReason,
  WithdrawalReason,
} from '@fpi/contracts';
import type { BenefitLine } from './benefits';
import type { CoverageSnapshot } from './coverage';
import type { Actor, ClaimEvent, ClaimReport, ClaimReported } from './events';
import { sumFen, type Fen } from './money';
import type { Instant } from './time';

/** An interval during which the decision clocks did not run (documents awaited); `to` null = still paused. */
export interface Pause {
  from: Instant;
  to: Instant | null;
}

/** The running clock of the current cycle, from registration (or reopening), for the decision deadlines. */
export interface ClaimClock {
  startedAt: Instant;
  pauses: Pause[];
}

export interface Registration {
  cycle: number;
  at: Instant;
  policyId: string | null;
}

export interface Documents {
  required: ClaimDocument[];
  received: ClaimDocument[];
  /** The single notice of missing documents; one per claim. */
  request: { noticeId: string; documents: ClaimDocument[]; at: Instant } | null;
  completedAt: Instant | null;
}

export interface FastTrack {
  reasons: FastTrackReason[];
  decisionTargetDays: number;
  paymentTargetDays: number | null;
  at: Instant;
}

export interface Assessment {
  lines: BenefitLine[];
  totalFen: Fen;
  at: Instant;
  by: Actor;
}

export interface Approval {
  approvedFen: Fen;
  fourEyes: boolean;
  at: Instant;
  by: Actor;
}

export interface Rejection {
  reasonCode: ClaimRejectionReason;
  stage: RejectionStage;
  note: string;
  at: Instant;
  by: Actor;
  noticeId: string | null;
  noticeSentAt: Instant | null;
}

export interface Payment {
  paymentId: string;
  /** A part paid under Art. 25 before the amount was fixed. */
  advance: boolean;
  amountFen: Fen;
  status: 'scheduled' | 'paid' | 'reversed';
  paymentReference: string | null;
  scheduledAt: Instant | null;
  paidAt: Instant | null;
  reversedAt: Instant | null;
  reversalReason: ReversalReason | null;
}

export interface FollowUp {
  attempts: { attemptId: string; outcome: FollowUpOutcome; at: Instant }[];
  outcome: FollowUpOutcome | null;
  completedAt: Instant | null;
}

export interface Breach {
  deadline: DeadlineKind;
  cycle: number;
  dueAt: Instant;
  breachedAt: Instant;
}

/** The latest time of every step (shared with the public contract, which publishes it as is). */
export type ClaimSteps = ClaimStepsV1;

/** What every reported claim knows; the status variants below narrow what is certain at each step. */
export interface ClaimFile {
  claimId: string;
  report: ClaimReport;
  reportedBy: Actor;
  /** 1, then +1 for every reopening; deadlines are counted per cycle. */
  cycle: number;
  registration: Registration | null;
  coverage: CoverageSnapshot | null;
  documents: Documents;
  fastTrack: FastTrack | null;
  clock: ClaimClock | null;
  assessment: Assessment | null;
  approval: Approval | null;
  rejection: Rejection | null;
  payments: Payment[];
  followUp: FollowUp;
  withdrawal: { reasonCode: WithdrawalReason; at: Instant } | null;
  closure: { outcome: ClosureOutcome; at: Instant } | null;
  reopenings: { reopenId: string; reason: ReopenReason; at: Instant }[];
  breaches: Breach[];
  steps: ClaimSteps;
}

export type EmptyClaim = { status: 'empty' };
export type ReportedClaim = ClaimFile & { status: 'reported' };
export type RegisteredClaim = ClaimFile & {
  status: 'registered' | 'awaiting_documents' | 'documents_complete';
  coverage: CoverageSnapshot;
  registration: Registration;
};
export type AssessedClaim = ClaimFile & { status: 'assessed'; coverage: CoverageSnapshot; registration: Registration; assessment: Assessment };
export type ApprovedClaim = ClaimFile & {
  status: 'approved' | 'payment_scheduled' | 'paid' | 'followed_up';
  coverage: CoverageSnapshot;
  registration: Registration;
  assessment: Assessment;
  approval: Approval;
};
export type RejectedClaim = ClaimFile & { status: 'rejected'; rejection: Rejection };
export type ClosedClaim = ClaimFile & { status: 'closed'; closure: { outcome: ClosureOutcome; at: Instant } };
export type WithdrawnClaim = ClaimFile & { status: 'withdrawn'; withdrawal: { reasonCode: WithdrawalReason; at: Instant } };

export type ClaimState = EmptyClaim | ReportedClaim | RegisteredClaim | AssessedClaim | ApprovedClaim | RejectedClaim | ClosedClaim | WithdrawnClaim;
export type ClaimStatus = ClaimState['status'];
export type ExistingClaim = Exclude<ClaimState, EmptyClaim>;

export const initialState = (): ClaimState => ({ status: 'empty' });

/** Paid so far, net of reversals, advance payments included. */
export const netPaidFen = (claim: ClaimFile): Fen => sumFen(claim.payments.filter((p) => p.status === 'paid').map((p) => p.amountFen));

const emptySteps = (reportedAt: Instant): ClaimSteps => ({
  reportedAt,
  registeredAt: null,
  fastTrackedAt: null,
  documentsRequestedAt: null,
  documentsCompletedAt: null,
  assessedAt: null,
  approvedAt: null,
  rejectedAt: null,
  rejectionNoticeSentAt: null,
  partPaidInAdvanceAt: null,
  paymentScheduledAt: null,
  paidAt: null,
  paymentReversedAt: null,
  followedUpAt: null,
  closedAt: null,
  reopenedAt: null,
});

const noFollowUp = (): FollowUp => ({ attempts: [], outcome: null, completedAt: null });

function reported({ data }: ClaimReported): ReportedClaim {
  const { claimId, at, by, ...report } = data;
  return {
    status: 'reported',
    claimId,
    report,
    reportedBy: by,
    cycle: 1,
    registration: null,
    coverage: null,
    documents: { required: [], received: [...report.documentsProvided], request: null, completedAt: null },
    fastTrack: null,
    clock: null,
    assessment: null,
    approval: null,
    rejection: null,
    payments: [],
    followUp: noFollowUp(),
    withdrawal: null,
    closure: null,
    reopenings: [],
    breaches: [],
    steps: emptySteps(at),
  };
}

const step = (steps: ClaimSteps, name: keyof ClaimSteps, at: Instant): ClaimSteps => ({ ...steps, [name]: at });

const closePause = (clock: ClaimClock | null, at: Instant): ClaimClock | null =>
  clock && { ...clock, pauses: clock.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)) };

const union = (a: readonly ClaimDocument[], b: readonly ClaimDocument[]): ClaimDocument[] => [...a, ...b.filter((d) => !a.includes(d))];

const isActive = (s: ClaimState): s is ReportedClaim | RegisteredClaim | AssessedClaim | ApprovedClaim =>
  s.status !== 'empty' && s.status !== 'rejected' && s.status !== 'closed' && s.status !== 'withdrawn';

/**
 * Folds one event into the state. Never throws: an event that does not fit the state (which `decide`
 * never produces) leaves the state as it was, so a stream can always be read.
 */
export function evolve(state: ClaimState, event: ClaimEvent): ClaimState {
  if (state.status === 'empty') return event.type === 'ClaimReported' ? reported(event) : state;
  const { at } = event.data;
  switch (event.type) {
    case 'ClaimReported':
      return state;
    case 'ClaimRegistered': {
      if (state.status !== 'reported') return state;
      const { coverage, requiredDocuments, cycle } = event.data;
      return {
        ...state,
        status: 'registered',
        coverage,
        registration: { cycle, at, policyId: coverage.policyId },
        documents: { ...state.documents, required: requiredDocuments },
        clock: { startedAt: at, pauses: [] },
        steps: step(state.steps, 'registeredAt', at),
      };
    }
    case 'ClaimFastTracked': {
      if (!isActive(state)) return state;
      const { reasons, decisionTargetDays, paymentTargetDays } = event.data;
      return { ...state, fastTrack: { reasons, decisionTargetDays, paymentTargetDays, at }, steps: step(state.steps, 'fastTrackedAt', at) };
    }
    case 'ClaimDocumentsRequested': {
      if (state.status !== 'registered') return state;
      const { noticeId, documents } = event.data;
      return {
        ...state,
        status: 'awaiting_documents',
        documents: { ...state.documents, request: { noticeId, documents, at } },
        clock: state.clock && { ...state.clock, pauses: [...state.clock.pauses, { from: at, to: null }] },
        steps: step(state.steps, 'documentsRequestedAt', at),
      };
    }
    case 'ClaimDocumentsReceived':
      if (!isActive(state)) return state;
      return { ...state, documents: { ...state.documents, received: union(state.documents.received, event.data.documents) } };
    case 'ClaimDocumentsCompleted':
      if (state.status !== 'registered' && state.status !== 'awaiting_documents') return state;
      return {
        ...state,
        status: 'documents_complete',
        documents: { ...state.documents, completedAt: at },
        clock: closePause(state.clock, at),
        steps: step(state.steps, 'documentsCompletedAt', at),
      };
    case 'ClaimAssessed': {
      if (state.status !== 'documents_complete' && state.status !== 'assessed') return state;
      const { coverage, lines, totalFen } = event.data;
      return { ...state, status: 'assessed', coverage, assessment: { lines, totalFen, at, by: event.data.by }, steps: step(state.steps, 'assessedAt', at) };
    }
    case 'ClaimApproved': {
      if (state.status !== 'assessed') return state;
      const approval: Approval = { approvedFen: event.data.approvedFen, fourEyes: event.data.fourEyes, at, by: event.data.by };
      // Everything may already have been paid in advance (Art. 25): then approval settles the claim.
      const status = netPaidFen(state) >= approval.approvedFen ? 'paid' : 'approved';
      return { ...state, status, approval, steps: step(state.steps, 'approvedAt', at) };
    }
    case 'ClaimRejected': {
      const { reasonCode, stage, note, coverage, by } = event.data;
      const rejection: Rejection = { reasonCode, stage, note, at, by, noticeId: null, noticeSentAt: null };
      const steps = step(state.steps, 'rejectedAt', at);
      if (stage === 'registration') {
        if (state.status !== 'reported') return state;
        return { ...state, status: 'rejected', rejection, coverage, registration: { cycle: state.cycle, at, policyId: coverage?.policyId ?? null }, steps };
      }
      if (state.status !== 'registered' && state.status !== 'awaiting_documents' && state.status !== 'documents_complete' && state.status !== 'assessed') {
        return state;
      }
      return { ...state, status: 'rejected', rejection, steps };
    }
    case 'ClaimRejectionNoticeSent':
      if (state.status !== 'rejected') return state;
      return {
        ...state,
        rejection: { ...state.rejection, noticeId: event.data.noticeId, noticeSentAt: at },
        steps: step(state.steps, 'rejectionNoticeSentAt', at),
      };
    case 'ClaimPartPaidInAdvance': {
      if (!isActive(state)) return state;
      const { paymentId, amountFen, paymentReference } = event.data;
      const payment: Payment = {
        paymentId, advance: true, amountFen, status: 'paid', paymentReference, scheduledAt: null, paidAt: at, reversedAt: null, reversalReason: null,
      };
      return { ...state, payments: [...state.payments, payment], steps: step(state.steps, 'partPaidInAdvanceAt', at) };
    }
    case 'ClaimPaymentScheduled': {
      if (state.status !== 'approved') return state;
      const { paymentId, amountFen } = event.data;
      const payment: Payment = {
        paymentId, advance: false, amountFen, status: 'scheduled', paymentReference: null, scheduledAt: at, paidAt: null, reversedAt: null, reversalReason: null,
      };
      return { ...state, status: 'payment_scheduled', payments: [...state.payments, payment], steps: step(state.steps, 'paymentScheduledAt', at) };
    }
    case 'ClaimPaid': {
      if (state.status !== 'payment_scheduled') return state;
      const { paymentId, paymentReference } = event.data;
      const payments = state.payments.map((p): Payment =>
        p.paymentId === paymentId && p.status === 'scheduled' ? { ...p, status: 'paid', paymentReference, paidAt: at } : p,
      );
      const after = { ...state, payments, steps: step(state.steps, 'paidAt', at) };
      return { ...after, status: netPaidFen(after) >= state.approval.approvedFen ? 'paid' : 'approved' };
    }
    case 'ClaimPaymentReversed': {
      if (!isActive(state)) return state;
      const { paymentId, reasonCode } = event.data;
      const payments = state.payments.map((p): Payment =>
        p.paymentId === paymentId && p.status === 'paid' ? { ...p, status: 'reversed', reversedAt: at, reversalReason: reasonCode } : p,
      );
      const steps = step(state.steps, 'paymentReversedAt', at);
      // Money owed again: the claim goes back to approved, and the family is called again once it is paid.
      if (state.status === 'paid' || state.status === 'followed_up') return { ...state, status: 'approved', payments, followUp: noFollowUp(), steps };
      return { ...state, payments, steps };
    }
    case 'ClaimFollowUpRecorded': {
      if (state.status !== 'paid') return state;
      const { attemptId, outcome, completed } = event.data;
      const attempts = [...state.followUp.attempts, { attemptId, outcome, at }];
      if (!completed) return { ...state, followUp: { ...state.followUp, attempts } };
      return { ...state, status: 'followed_up', followUp: { attempts, outcome, completedAt: at }, steps: step(state.steps, 'followedUpAt', at) };
    }
    case 'ClaimClosed': {
      if (state.status !== 'followed_up' && state.status !== 'rejected') return state;
      const closure = { outcome: event.data.outcome, at };
      return { ...state, status: 'closed', closure, steps: step(state.steps, 'closedAt', at) };
    }
    case 'ClaimWithdrawn': {
      if (!isActive(state)) return state;
      const withdrawal = { reasonCode: event.data.reasonCode, at };
      return { ...state, status: 'withdrawn', withdrawal };
    }
    case 'ClaimReopened':
      if (state.status !== 'rejected' && state.status !== 'closed') return state;
      return reopened(state, event.data.reopenId, event.data.reason, event.data.cycle, event.data.resumeAt, at);
    case 'ClaimDeadlineBreached': {
      const { deadline, cycle, dueAt, breachedAt } = event.data;
      return { ...state, breaches: [...state.breaches, { deadline, cycle, dueAt, breachedAt }] };
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function reopened(
  state: RejectedClaim | ClosedClaim,
  reopenId: string,
  reason: ReopenReason,
  cycle: number,
  resumeAt: 'reported' | 'registered' | 'awaiting_documents' | 'documents_complete',
  at: Instant,
): ClaimState {
  const base: ClaimFile = {
    ...state,
    cycle,
    assessment: null,
    approval: null,
    rejection: null,
    closure: null,
    reopenings: [...state.reopenings, { reopenId, reason, at }],
    steps: step(state.steps, 'reopenedAt', at),
  };
  const { coverage, registration } = state;
  if (resumeAt === 'reported' || coverage === null || registration === null) {
    return { ...base, status: 'reported', clock: null, registration: null };
  }
  const clock: ClaimClock = { startedAt: at, pauses: resumeAt === 'awaiting_documents' ? [{ from: at, to: null }] : [] };
  return { ...base, status: resumeAt, coverage, registration: { ...registration, cycle }, clock };
}
