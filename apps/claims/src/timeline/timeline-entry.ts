import {
  DAY_MS,
  deadlinesOf,
  msOf,
  netPaidFen,
  type ClaimEvent,
  type ClaimEventType,
  type ClaimState,
  type ExistingClaim,
  type Fen,
  type Instant,
} from '@fpi/claims-domain';
import type { ActorRole, DeadlineKind } from '@fpi/contracts';
import type { ClaimRow } from '../queue/projection/claim-row';

/**
 * One line of a claim's audit timeline, computed from the claim before and after the event: a pure
 * function of the history, so the projection, a rebuild and an on-demand fold all give the same line.
 */

/** How the claim stood against its deadlines when the step happened. */
export const DEADLINE_MOMENTS = ['on_time', 'due_soon', 'paused', 'breached', 'none'] as const;
export type DeadlineMoment = (typeof DEADLINE_MOMENTS)[number];

/**
 * "Due soon" at a step: less than a day of running time left. Fixed rather than configurable because it is
 * part of the projected history: changing it changes past lines, which is a rebuild, not a setting.
 */
export const TIMELINE_DUE_SOON_MS = DAY_MS;

/** Conditions a supervisor should see on a line. */
export const TIMELINE_FLAGS = ['PAID_ABOVE_ASSESSMENT', 'PAID_ABOVE_APPROVAL', 'REPORTED_LATE', 'FOUR_EYES'] as const;
export type TimelineFlag = (typeof TIMELINE_FLAGS)[number];

export type DetailValue = string | number | boolean | null | string[];

export interface DeadlineAtStep {
  state: DeadlineMoment;
  kind: DeadlineKind | null;
  dueAt: Instant | null;
}

export interface TimelineEntry {
  claimId: string;
  revision: number;
  type: ClaimEventType;
  at: Instant;
  actorId: string;
  actorRole: ActorRole;
  /** Time since the previous step; null for the report and for breach records (a sweep is not a step). */
  stepMs: number | null;
  deadline: DeadlineAtStep;
  reasonCodes: string[];
  flags: TimelineFlag[];
  /** Whether the claim was in the green channel after this event. */
  fastTrack: boolean;
  statusAfter: ExistingClaim['status'];
  cycle: number;
  amountFen: Fen | null;
  /** Event facts without personal data (no names, phones, notes or free text). */
  detail: Record<string, DetailValue>;
}

const SEVERITY: Record<DeadlineMoment, number> = { none: 0, paused: 1, on_time: 2, due_soon: 3, breached: 4 };

/**
 * The clocks that matter at a step are those still open after it and those the step itself stopped; the
 * worst of them wins (breached > due soon > on time > paused). A step taken after its due instant counts as
 * breached even when no sweep recorded the breach first.
 */
export function deadlineAtStep(after: ClaimState, event: ClaimEvent): DeadlineAtStep {
  if (event.type === 'ClaimDeadlineBreached') return { state: 'breached', kind: event.data.deadline, dueAt: event.data.dueAt };
  const atMs = msOf(event.data.at);
  let worst: DeadlineAtStep = { state: 'none', kind: null, dueAt: null };
  let worstKey = Infinity;
  for (const d of deadlinesOf(after)) {
    const stoppedMs = d.stoppedAt === null ? null : msOf(d.stoppedAt);
    if (stoppedMs !== null && stoppedMs !== atMs) continue;
    let state: DeadlineMoment;
    if (d.dueAt === null) state = 'paused';
    else if ((stoppedMs ?? atMs) > msOf(d.dueAt)) state = 'breached';
    else if (stoppedMs === null && msOf(d.dueAt) - atMs <= TIMELINE_DUE_SOON_MS) state = 'due_soon';
    else state = 'on_time';
    // Within one severity the clock closest to falling due names the line: the earliest due instant, or
    // among paused clocks the least running time left.
    const key = d.dueAt === null ? (d.remainingMs ?? Infinity) : msOf(d.dueAt);
    const better = SEVERITY[state] - SEVERITY[worst.state];
    if (better > 0 || (better === 0 && key < worstKey)) {
      worst = { state, kind: d.kind, dueAt: d.dueAt };
      worstKey = key;
    }
  }
  return worst;
}

function reasonCodesOf(event: ClaimEvent): string[] {
  switch (event.type) {
    case 'ClaimFastTracked':
      return [...event.data.reasons];
    case 'ClaimRejected':
    case 'ClaimPaymentReversed':
    case 'ClaimWithdrawn':
      return [event.data.reasonCode];
    case 'ClaimReopened':
      return [event.data.reason];
    case 'ClaimDeadlineBreached':
      return [event.data.deadline];
    case 'ClaimFollowUpRecorded':
      return [event.data.outcome];
    case 'ClaimClosed':
      return [event.data.outcome];
    default:
      return [];
  }
}

const fen = (v: Fen | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());

function amountOf(event: ClaimEvent): Fen | null {
  switch (event.type) {
    case 'ClaimReported':
      return event.data.claimedAmountFen;
    case 'ClaimAssessed':
      return event.data.totalFen;
    case 'ClaimApproved':
      return event.data.approvedFen;
    case 'ClaimPartPaidInAdvance':
    case 'ClaimPaymentScheduled':
    case 'ClaimPaid':
    case 'ClaimPaymentReversed':
      return event.data.amountFen;
    default:
      return null;
  }
}

/** What the money looked like after a payment: the control "paid more than assessed or approved". */
function paymentFacts(after: ExistingClaim): Record<string, DetailValue> {
  return { paidTotalFen: netPaidFen(after).toString(), assessedFen: fen(after.assessment?.totalFen), approvedFen: fen(after.approval?.approvedFen) };
}

// Every event type is listed, so a new one is a compile error here until someone decides what a supervisor may see of it.
function detailOf(event: ClaimEvent, after: ExistingClaim): Record<string, DetailValue> {
  switch (event.type) {
    case 'ClaimReported': {
      const d = event.data;
      return {
        channel: d.channel,
        benefits: [...d.benefits],
        claimedAmountFen: fen(d.claimedAmountFen),
        reportedLate: d.reportedLate,
        documentsProvided: [...d.documentsProvided],
        accidentRegionCode: d.accident.regionCode,
        accidentAt: d.accident.occurredAt,
      };
    }
    case 'ClaimRegistered':
      return { policyId: event.data.coverage.policyId, requiredDocuments: [...event.data.requiredDocuments], missingDocuments: [...event.data.missingDocuments] };
    case 'ClaimFastTracked':
      return { reasons: [...event.data.reasons], decisionTargetDays: event.data.decisionTargetDays, paymentTargetDays: event.data.paymentTargetDays };
    case 'ClaimDocumentsRequested':
      return { noticeId: event.data.noticeId, documents: [...event.data.documents] };
    case 'ClaimDocumentsReceived':
      return { documents: [...event.data.documents] };
    case 'ClaimDocumentsCompleted':
      return {};
    case 'ClaimAssessed':
      return { totalFen: event.data.totalFen.toString(), benefits: event.data.lines.map((l) => l.benefit) };
    case 'ClaimApproved':
      return { approvedFen: event.data.approvedFen.toString(), fourEyes: event.data.fourEyes, assessedBy: event.data.assessedBy };
    case 'ClaimRejected':
      return { reasonCode: event.data.reasonCode, stage: event.data.stage };
    case 'ClaimRejectionNoticeSent':
      return { noticeId: event.data.noticeId };
    case 'ClaimPartPaidInAdvance':
      return { paymentId: event.data.paymentId, amountFen: event.data.amountFen.toString(), ...paymentFacts(after) };
    case 'ClaimPaymentScheduled':
      return { paymentId: event.data.paymentId, amountFen: event.data.amountFen.toString() };
    case 'ClaimPaid':
      return { paymentId: event.data.paymentId, amountFen: event.data.amountFen.toString(), ...paymentFacts(after) };
    case 'ClaimPaymentReversed':
      return { paymentId: event.data.paymentId, amountFen: event.data.amountFen.toString(), reasonCode: event.data.reasonCode };
    case 'ClaimFollowUpRecorded':
      return { attempt: event.data.attempt, outcome: event.data.outcome, completed: event.data.completed };
    case 'ClaimClosed':
      return { outcome: event.data.outcome };
    case 'ClaimWithdrawn':
      return { reasonCode: event.data.reasonCode };
    case 'ClaimReopened':
      return { reopenId: event.data.reopenId, reason: event.data.reason, cycle: event.data.cycle, resumeAt: event.data.resumeAt };
    case 'ClaimDeadlineBreached':
      return { deadline: event.data.deadline, cycle: event.data.cycle, dueAt: event.data.dueAt, breachedAt: event.data.breachedAt };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function flagsOf(event: ClaimEvent, after: ExistingClaim): TimelineFlag[] {
  const flags: TimelineFlag[] = [];
  if (event.type === 'ClaimPaid' || event.type === 'ClaimPartPaidInAdvance') {
    const paid = netPaidFen(after);
    if (after.assessment && paid > after.assessment.totalFen) flags.push('PAID_ABOVE_ASSESSMENT');
    if (after.approval && paid > after.approval.approvedFen) flags.push('PAID_ABOVE_APPROVAL');
  }
  if (event.type === 'ClaimReported' && event.data.reportedLate) flags.push('REPORTED_LATE');
  if (event.type === 'ClaimApproved' && event.data.fourEyes) flags.push('FOUR_EYES');
  return flags;
}

/** The timeline line of `event`, which turned `before` (null for the report) into `after`. */
export function timelineEntryOf(before: ClaimRow | null, after: ClaimRow, event: ClaimEvent): TimelineEntry {
  const { at, by } = event.data;
  const step = event.type !== 'ClaimDeadlineBreached';
  return {
    claimId: after.claimId,
    revision: after.revision,
    type: event.type,
    at,
    actorId: by.id,
    actorRole: by.role,
    stepMs: before !== null && step ? msOf(at) - msOf(before.lastStepAt) : null,
    deadline: deadlineAtStep(after.state, event),
    reasonCodes: reasonCodesOf(event),
    flags: flagsOf(event, after.state),
    fastTrack: after.state.fastTrack !== null,
    statusAfter: after.state.status,
    cycle: after.state.cycle,
    amountFen: amountOf(event),
    detail: detailOf(event, after.state),
  };
}
