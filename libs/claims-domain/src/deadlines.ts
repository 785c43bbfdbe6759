import type { DeadlineKind } from '@fpi/contracts';
import { STATUTORY_DEADLINES, type DeadlinePolicy } from './policy';
import { netPaidFen, type ClaimState, type ExistingClaim, type Pause } from './state';
import { DAY_MS, instantOf, msOf, toInstant, type Instant } from './time';

/**
 * A deadline as a pure function of the claim's history: when its clock started, how long it runs (calendar
 * days counted as 24-hour periods from the starting instant), the intervals it was paused, and the instant
 * the step it waits for happened (null: still open).
 */
export interface DeadlineClock {
  kind: DeadlineKind;
  cycle: number;
  startedAt: Instant;
  days: number;
  pauses: readonly Pause[];
  stoppedAt: Instant | null;
}

export interface DeadlineStatus extends DeadlineClock {
  /** Null while paused: the due date moves until documents are complete. */
  dueAt: Instant | null;
  paused: boolean;
  /** Running time left when paused; null otherwise. */
  remainingMs: number | null;
}

export interface DueDeadline {
  deadline: DeadlineKind;
  cycle: number;
  dueAt: Instant;
}

export interface NextDeadline {
  kind: DeadlineKind;
  cycle: number;
  dueAt: Instant | null;
  paused: boolean;
  remainingMs: number | null;
}

/**
 * Walks the pauses: the clock runs between them, and the deadline falls when the running time reaches
 * the duration. A pause that starts after the deadline already passed does not move it.
 */
function due(clock: DeadlineClock): { dueMs: number } | { remainingMs: number } {
  let remaining = clock.days * DAY_MS;
  let t = msOf(clock.startedAt);
  for (const pause of clock.pauses) {
    const from = Math.max(msOf(pause.from), t);
    if (from - t >= remaining) return { dueMs: t + remaining };
    remaining -= from - t;
    if (pause.to === null) return { remainingMs: remaining };
    t = Math.max(t, msOf(pause.to));
  }
  return { dueMs: t + remaining };
}

function firstPaidAdvance(claim: ExistingClaim): Instant | null {
  const times = claim.payments.filter((p) => p.advance && p.status === 'paid' && p.paidAt !== null).map((p) => p.paidAt as Instant);
  return times.length === 0 ? null : times.reduce((a, b) => (msOf(a) <= msOf(b) ? a : b));
}

/** When the approved amount was fully paid, or null while money is still owed. */
function fullyPaidAt(claim: ExistingClaim): Instant | null {
  const { approval } = claim;
  if (approval === null || netPaidFen(claim) < approval.approvedFen) return null;
  const paid = claim.payments.filter((p) => p.status === 'paid' && p.paidAt !== null).map((p) => msOf(p.paidAt as Instant));
  return instantOf(Math.max(msOf(approval.at), ...paid));
}

/** Every clock of the claim's current cycle, open or stopped. */
export function deadlineClocks(state: ClaimState, policy: DeadlinePolicy = STATUTORY_DEADLINES): DeadlineClock[] {
  if (state.status === 'empty') return [];
  const { cycle, clock, approval, rejection, withdrawal, assessment, fastTrack } = state;
  const clocks: DeadlineClock[] = [];
  const decided = approval?.at ?? (rejection?.stage === 'decision' ? rejection.at : null) ?? withdrawal?.at ?? null;
  if (clock) {
    const running = { cycle, startedAt: clock.startedAt, pauses: clock.pauses };
    clocks.push({ ...running, kind: 'decision', days: policy.decisionDays, stoppedAt: decided });
    const amountFixed = assessment?.at ?? firstPaidAdvance(state) ?? decided;
    clocks.push({ ...running, kind: 'advance_payment', days: policy.advancePaymentDays, stoppedAt: amountFixed });
    if (fastTrack) clocks.push({ ...running, kind: 'fast_track_decision', days: fastTrack.decisionTargetDays, stoppedAt: decided });
  }
  if (rejection) {
    clocks.push({ kind: 'rejection_notice', cycle, startedAt: rejection.at, days: policy.rejectionNoticeDays, pauses: [], stoppedAt: rejection.noticeSentAt });
  }
  if (approval) {
    const paid = fullyPaidAt(state) ?? withdrawal?.at ?? null;
    clocks.push({ kind: 'payment', cycle, startedAt: approval.at, days: policy.paymentDays, pauses: [], stoppedAt: paid });
    if (fastTrack?.paymentTargetDays) {
      clocks.push({ kind: 'fast_track_payment', cycle, startedAt: approval.at, days: fastTrack.paymentTargetDays, pauses: [], stoppedAt: paid });
    }
  }
  return clocks;
}

function statusOf(clock: DeadlineClock): DeadlineStatus {
  const d = due(clock);
  return 'dueMs' in d
    ? { ...clock, dueAt: instantOf(d.dueMs), paused: false, remainingMs: null }
    : { ...clock, dueAt: null, paused: true, remainingMs: d.remainingMs };
}

/** Every clock of the current cycle with its due date (for supervisors' timelines). */
export const deadlinesOf = (state: ClaimState, policy: DeadlinePolicy = STATUTORY_DEADLINES): DeadlineStatus[] =>
  deadlineClocks(state, policy).map(statusOf);

/**
 * Deadlines that have passed by `now` (or whose step came late) and are not yet recorded as breached.
 * A deadline is met when its step happens at or before the due instant.
 */
export function dueDeadlines(state: ClaimState, now: Date | Instant, policy: DeadlinePolicy = STATUTORY_DEADLINES): DueDeadline[] {
  if (state.status === 'empty') return [];
  const nowMs = msOf(toInstant(now, 'now'));
  const recorded = (kind: DeadlineKind, cycle: number) => state.breaches.some((b) => b.deadline === kind && b.cycle === cycle);
  return deadlinesOf(state, policy)
    .filter((d) => d.dueAt !== null && (d.stoppedAt === null ? nowMs : msOf(d.stoppedAt)) > msOf(d.dueAt))
    .filter((d) => !recorded(d.kind, d.cycle))
    .map((d) => ({ deadline: d.kind, cycle: d.cycle, dueAt: d.dueAt as Instant }));
}

/**
 * The open deadline that falls first, for work queues: running clocks by due date; when every open clock
 * is paused, the one with the least time left. Null when nothing is pending.
 */
export function nextDeadline(state: ClaimState, policy: DeadlinePolicy = STATUTORY_DEADLINES): NextDeadline | null {
  const open = deadlinesOf(state, policy).filter((d) => d.stoppedAt === null);
  const running = open.filter((d) => d.dueAt !== null).sort((a, b) => msOf(a.dueAt as Instant) - msOf(b.dueAt as Instant));
  const paused = open.filter((d) => d.paused).sort((a, b) => (a.remainingMs as number) - (b.remainingMs as number));
  const next = running[0] ?? paused[0];
  return next ? { kind: next.kind, cycle: next.cycle, dueAt: next.dueAt, paused: next.paused, remainingMs: next.remainingMs } : null;
}
