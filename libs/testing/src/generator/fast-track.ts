import type { Benefit, HouseholdStatus, PlannedClaim, PlannedHousehold } from './plan';

/**
 * The green channel (绿色快速通道) as the programme publishes it, read from a plan alone: which planned
 * claims the claims service fast-tracks, when, and whether they met its targets. The ground truth's
 * fast-track figures and the plan's quick handling of those claims both rest on this; it never looks at
 * the services' code or state, only at the published rules and their defaults:
 * - a claim is fast-tracked when it meets a criterion, judged at registration on the documents handed in
 *   with the report and, if documents were missing then, again when the last of them arrives:
 *   small medical (medical benefit only, a claimed amount below FAST_TRACK_SMALL_MEDICAL_BELOW_FEN, the
 *   invoices in), accidental death (the death certificate in), or a vulnerable household (特扶, 计生特殊家庭,
 *   低保/脱贫: the statuses SPECIAL_SUPPORT, SPECIAL_FAMILY, LOW_INCOME), whatever its documents;
 * - decision target: FAST_TRACK_DECISION_DAYS (24-hour periods) of running time on the claim's clock, which
 *   starts at registration and stops while requested documents are awaited; met when the approval or
 *   rejection comes at or before the due instant (a withdrawal stops the clock too, but decides nothing);
 * - payment target: FAST_TRACK_PAYMENT_DAYS from the approval; met when the approved amount is paid in full
 *   at or before the due instant;
 * - a target still open after its due instant at the reporting instant counts as missed.
 */
export const FAST_TRACK_RULES = {
  /** FAST_TRACK_SMALL_MEDICAL_BELOW_FEN: 5,000 yuan. */
  smallMedicalBelowFen: 500_000n,
  /** FAST_TRACK_DECISION_DAYS. */
  decisionDays: 3,
  /** FAST_TRACK_PAYMENT_DAYS. */
  paymentDays: 3,
  vulnerableStatuses: ['SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME'] as readonly HouseholdStatus[],
} as const;

export type FastTrackCriterion = 'SMALL_MEDICAL' | 'ACCIDENTAL_DEATH' | 'VULNERABLE_HOUSEHOLD';

const DAY = 86_400_000;

/** The criteria a claim meets with these documents in hand (empty: none). */
export function fastTrackCriteria(claim: { benefit: Benefit; claimedAmountFen: bigint | null }, documents: readonly string[], status: HouseholdStatus): FastTrackCriterion[] {
  const met: FastTrackCriterion[] = [];
  if (claim.benefit === 'medical' && claim.claimedAmountFen !== null && claim.claimedAmountFen < FAST_TRACK_RULES.smallMedicalBelowFen && documents.includes('medical_invoice')) {
    met.push('SMALL_MEDICAL');
  }
  if (claim.benefit === 'death' && documents.includes('death_certificate')) met.push('ACCIDENTAL_DEATH');
  if (FAST_TRACK_RULES.vulnerableStatuses.includes(status)) met.push('VULNERABLE_HOUSEHOLD');
  return met;
}

export interface PlannedFastTrack {
  /** When the claim entered the green channel. */
  at: string;
  /** The decision (approval or rejection) instant, or null: none planned (withdrawn, or still open). */
  decidedAt: string | null;
  decisionDueMs: number;
  /** Null without an approval. */
  paymentDueMs: number | null;
}

/** When and how a planned claim goes through the green channel; null when it never enters it. */
export function plannedFastTrack(c: PlannedClaim, h: PlannedHousehold): PlannedFastTrack | null {
  let at: string | null = null;
  // Registration happens in the hour of the report, on the documents handed in with it.
  if (fastTrackCriteria(c, c.documentsAtReport, h.status).length > 0) at = c.reportedAt;
  else if (c.documentsRequested.length > 0 && fastTrackCriteria(c, [...c.documentsAtReport, ...c.documentsRequested], h.status).length > 0) at = c.documentsCompletedAt;
  if (at === null) return null;
  // The clock runs from registration; it stands still from the documents notice until they are all in.
  const target = FAST_TRACK_RULES.decisionDays * DAY;
  const started = Date.parse(c.reportedAt);
  let decisionDueMs = started + target;
  if (c.documentsRequestedAt !== null) {
    const ranBefore = Date.parse(c.documentsRequestedAt) - started;
    if (ranBefore < target) decisionDueMs = Date.parse(c.documentsCompletedAt) + (target - ranBefore);
  }
  const decidedAt = c.outcome === 'paid' ? c.approvedAt : c.outcome === 'rejected' ? c.closedAt : null;
  const paymentDueMs = c.approvedAt === null ? null : Date.parse(c.approvedAt) + FAST_TRACK_RULES.paymentDays * DAY;
  return { at, decidedAt, decisionDueMs, paymentDueMs };
}

/**
 * Whether a fast-tracked claim missed a target as of `asOfMs`: its step came after the due instant, or had
 * not come by `asOfMs` although the due instant had passed. A withdrawal stops the decision clock.
 */
export function fastTrackMissed(c: PlannedClaim, f: PlannedFastTrack, asOfMs: number): boolean {
  const done = (t: string | null): number | null => (t !== null && Date.parse(t) <= asOfMs ? Date.parse(t) : null);
  const missed = (stoppedMs: number | null, dueMs: number) => (stoppedMs ?? asOfMs) > dueMs;
  const decisionStopped = done(f.decidedAt) ?? (c.outcome === 'withdrawn' ? done(c.withdrawnAt) : null);
  if (missed(decisionStopped, f.decisionDueMs)) return true;
  const approved = done(c.approvedAt) !== null;
  return approved && f.paymentDueMs !== null && missed(done(c.paidAt), f.paymentDueMs);
}
