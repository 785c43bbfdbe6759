import { deadlinesOf, msOf, netPaidFen, type ExistingClaim, type Instant } from '@fpi/claims-domain';
import { actionOf } from '../queue/projection/claim-row';
import type { QueueAction } from '../queue/queue.vocabulary';
import { TIMELINE_DUE_SOON_MS } from './timeline-entry';

/** A deadline judged at one instant: stopped clocks were met or breached; open ones are running or paused. */
export const DEADLINE_STANDINGS = ['met', 'breached', 'overdue', 'due_soon', 'on_time', 'paused'] as const;
export type DeadlineStanding = (typeof DEADLINE_STANDINGS)[number];

export interface DeadlineSnapshot {
  kind: string;
  cycle: number;
  startedAt: string;
  days: number;
  dueAt: string | null;
  paused: boolean;
  remainingMs: number | null;
  stoppedAt: string | null;
  standing: DeadlineStanding;
}

/** The claim as it stood at one instant (no personal data). */
export interface ClaimSnapshot {
  status: ExistingClaim['status'];
  action: QueueAction | null;
  cycle: number;
  fastTrack: boolean;
  fastTrackReasons: string[];
  benefits: string[];
  reportedAt: string;
  deadlines: DeadlineSnapshot[];
  breaches: { deadline: string; cycle: number; dueAt: string; breachedAt: string }[];
  reopenings: number;
  amounts: { claimedFen: string | null; assessedFen: string | null; approvedFen: string | null; paidFen: string };
}

function standingOf(d: { dueAt: Instant | null; stoppedAt: Instant | null }, atMs: number): DeadlineStanding {
  if (d.stoppedAt !== null) return d.dueAt !== null && msOf(d.stoppedAt) > msOf(d.dueAt) ? 'breached' : 'met';
  if (d.dueAt === null) return 'paused';
  const due = msOf(d.dueAt);
  if (atMs > due) return 'overdue';
  return due - atMs <= TIMELINE_DUE_SOON_MS ? 'due_soon' : 'on_time';
}

/** What a supervisor sees of the claim at `at` (the `asOf` instant, or now for the current state). */
export function claimSnapshot(state: ExistingClaim, at: Date): ClaimSnapshot {
  const atMs = at.getTime();
  return {
    status: state.status,
    action: actionOf(state),
    cycle: state.cycle,
    fastTrack: state.fastTrack !== null,
    fastTrackReasons: [...(state.fastTrack?.reasons ?? [])],
    benefits: [...state.report.benefits],
    reportedAt: state.steps.reportedAt,
    deadlines: deadlinesOf(state).map((d) => ({
      kind: d.kind,
      cycle: d.cycle,
      startedAt: d.startedAt,
      days: d.days,
      dueAt: d.dueAt,
      paused: d.paused,
      remainingMs: d.remainingMs,
      stoppedAt: d.stoppedAt,
      standing: standingOf(d, atMs),
    })),
    breaches: state.breaches.map((b) => ({ deadline: b.deadline, cycle: b.cycle, dueAt: b.dueAt, breachedAt: b.breachedAt })),
    reopenings: state.reopenings.length,
    amounts: {
      claimedFen: state.report.claimedAmountFen?.toString() ?? null,
      assessedFen: state.assessment?.totalFen.toString() ?? null,
      approvedFen: state.approval?.approvedFen.toString() ?? null,
      paidFen: netPaidFen(state).toString(),
    },
  };
}
