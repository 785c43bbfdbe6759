import {
  evolve,
  initialState,
  msOf,
  netPaidFen,
  nextDeadline,
  type Actor,
  type ClaimEvent,
  type ClaimState,
  type ExistingClaim,
  type Fen,
  type Instant,
  type NextDeadline,
} from '@fpi/claims-domain';
import type { ClaimBenefit, FastTrackReason } from '@fpi/contracts';
import type { QueueAction } from '../queue.vocabulary';

/**
 * The pure half of the claims read models: what the projection remembers about one claim between events,
 * how one event changes it, and what the queue derives from it. No I/O, no clock: the same events give
 * the same rows, which is what makes redelivery harmless and a rebuild identical.
 */

/** One event of a claim stream as the projection receives it. */
export interface StreamEvent {
  claimId: string;
  /** 0-based revision within the claim's stream: the per-claim idempotency key. */
  revision: number;
  /** Null for an event type this build does not know (a newer writer during a rolling deploy): only the revision advances. */
  event: ClaimEvent | null;
}

/** What the projection keeps per claim (table `queue_claim_states`): enough to apply the next event. */
export interface ClaimRow {
  claimId: string;
  /** Last stream revision applied; events at or below it are replays and change nothing. */
  revision: number;
  /** The claim folded by the domain's own `evolve`, minus personal data no read model needs (see `withoutPersonalData`). */
  state: ExistingClaim;
  lastEventAt: Instant;
  /** Time of the last step someone took; a deadline sweep recording a breach is not a step. */
  lastStepAt: Instant;
  lastActor: Actor;
}

/**
 * The reporter's name and phone, the accident's place and description and the rejection note are personal
 * or free text (PIPL Art. 28); neither `evolve` nor the deadline rules read them, so the read model does not
 * copy them out of the event store.
 */
export function withoutPersonalData(state: ExistingClaim): ExistingClaim {
  const { report, rejection } = state;
  if (report.reporter.name === '' && report.reporter.phone === null && report.accident.place === '' && report.accident.description === '' && (rejection?.note ?? '') === '') {
    return state;
  }
  return {
    ...state,
    report: {
      ...report,
      reporter: { relation: report.reporter.relation, name: '', phone: null },
      accident: { ...report.accident, place: '', description: '' },
    },
    rejection: rejection && { ...rejection, note: '' },
  } as ExistingClaim;
}

const isStep = (event: ClaimEvent): boolean => event.type !== 'ClaimDeadlineBreached';

/**
 * Applies one event. Returns `row` itself (same reference) when the event changes nothing: a replay
 * (revision at or below the applied one) or a gap (a revision missing in between, which the writer heals by
 * re-reading the stream). Never throws, like the domain's `evolve`.
 */
export function evolveClaimRow(row: ClaimRow | null, e: StreamEvent): ClaimRow | null {
  if (row === null) {
    if (e.revision !== 0 || e.event === null) return null;
    const state = evolve(initialState(), e.event);
    if (state.status === 'empty') return null;
    const { at, by } = e.event.data;
    return { claimId: e.claimId, revision: 0, state: withoutPersonalData(state), lastEventAt: at, lastStepAt: at, lastActor: by };
  }
  if (e.revision !== row.revision + 1) return row;
  if (e.event === null) return { ...row, revision: e.revision };
  const state: ClaimState = evolve(row.state, e.event);
  if (state.status === 'empty') return row;
  const { at, by } = e.event.data;
  const step = isStep(e.event);
  return {
    ...row,
    revision: e.revision,
    state: withoutPersonalData(state),
    lastEventAt: at,
    lastStepAt: step ? at : row.lastStepAt,
    lastActor: step ? by : row.lastActor,
  };
}

/** True when the event cannot be applied because revisions before it are missing. */
export const isGap = (row: ClaimRow | null, e: StreamEvent): boolean => (row === null ? e.revision > 0 : e.revision > row.revision + 1);

/** The next step a claim waits for; null when nothing is left to do. */
export function actionOf(state: ExistingClaim): QueueAction | null {
  switch (state.status) {
    case 'reported':
      return 'register';
    case 'registered':
      // Registered with documents complete moves straight on (the decider completes them at once), so
      // "registered" means documents are missing and the single notice has not gone out yet.
      return 'request_documents';
    case 'awaiting_documents':
      return 'receive_documents';
    case 'documents_complete':
      return 'assess';
    case 'assessed':
      return 'approve';
    case 'approved':
      return 'schedule_payment';
    case 'payment_scheduled':
      return 'record_payment';
    case 'paid':
      return 'follow_up';
    case 'followed_up':
      return 'close';
    case 'rejected':
      // Art. 24: the family must be told why before the file may be closed.
      return state.rejection.noticeSentAt === null ? 'send_rejection_notice' : 'close';
    case 'closed':
    case 'withdrawn':
      return null;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

const REGION_CODE = /^\d{6}$/;
const VILLAGE_CODE = /^\d{12}$/;

/**
 * The region a claim is scoped by: the insured household's county from the policy, or, before registration
 * (no policy known yet), the county where the accident happened. The same rule as the claims API's
 * `claimRegion` (shared/claim-view.ts), so a claim the queue shows is never one the claims API answers 404
 * for; a unit test holds the two together. A claim reported in one county for a household of another moves
 * at registration.
 */
export function claimRegionOf(state: ExistingClaim): string {
  const county = state.coverage?.regionCode;
  return typeof county === 'string' && REGION_CODE.test(county) ? county : state.report.accident.regionCode;
}

/** The household's village (12 digits) when the policy names one: it narrows lists to a township or village. */
export function claimVillageOf(state: ExistingClaim): string | null {
  const village = state.coverage?.villageCode;
  return typeof village === 'string' && VILLAGE_CODE.test(village) && village.startsWith(claimRegionOf(state)) ? village : null;
}

// Queue order as one integer, so a keyset cursor and one btree serve "fast-track first, then earliest due".
// Layout: group (fast track 0, other 1) x 2^46 + tier x 2^44 + key, where tier 0 = a running clock keyed by
// its due instant, 1 = paused keyed by the running time left, 2 = no clock keyed by the report time. Every
// part stays below 2^53, so JavaScript numbers carry it exactly.
const TIER_SPAN = 2 ** 44;
const GROUP_SPAN = 2 ** 46;
const clampKey = (ms: number): number => Math.min(Math.max(Math.floor(ms), 0), TIER_SPAN - 1);

export function queueRankOf(fastTrack: boolean, deadline: NextDeadline | null, reportedAt: Instant): number {
  const group = fastTrack ? 0 : 1;
  if (deadline?.dueAt) return group * GROUP_SPAN + clampKey(msOf(deadline.dueAt));
  if (deadline?.paused) return group * GROUP_SPAN + TIER_SPAN + clampKey(deadline.remainingMs ?? 0);
  return group * GROUP_SPAN + 2 * TIER_SPAN + clampKey(msOf(reportedAt));
}

/** The queue's columns of one claim (table `queue_claims`), all derived from the row. */
export interface QueueFields {
  claimId: string;
  revision: number;
  status: ExistingClaim['status'];
  action: QueueAction | null;
  fastTrack: boolean;
  fastTrackReasons: FastTrackReason[];
  benefits: ClaimBenefit[];
  regionCode: string;
  cityCode: string;
  countyCode: string;
  townshipCode: string | null;
  villageCode: string | null;
  deadline: NextDeadline | null;
  queueRank: number;
  cycle: number;
  reportedAt: Instant;
  lastEventAt: Instant;
  lastStepAt: Instant;
  lastActor: Actor;
  /** Who assessed the current cycle: a four-eyes approval must come from someone else. */
  assessedBy: string | null;
  claimedFen: Fen | null;
  assessedFen: Fen | null;
  approvedFen: Fen | null;
  paidFen: Fen;
  breachCount: number;
  reopenCount: number;
}

export function queueFieldsOf(row: ClaimRow): QueueFields {
  const { state } = row;
  const action = actionOf(state);
  const deadline = action === null ? null : nextDeadline(state);
  const fastTrack = state.fastTrack !== null;
  const regionCode = claimRegionOf(state);
  const villageCode = claimVillageOf(state);
  return {
    claimId: row.claimId,
    revision: row.revision,
    status: state.status,
    action,
    fastTrack,
    fastTrackReasons: state.fastTrack?.reasons ?? [],
    benefits: state.report.benefits,
    regionCode,
    cityCode: regionCode.slice(0, 4),
    countyCode: regionCode.slice(0, 6),
    townshipCode: villageCode === null ? null : villageCode.slice(0, 9),
    villageCode,
    deadline,
    queueRank: queueRankOf(fastTrack, deadline, state.steps.reportedAt),
    cycle: state.cycle,
    reportedAt: state.steps.reportedAt,
    lastEventAt: row.lastEventAt,
    lastStepAt: row.lastStepAt,
    lastActor: row.lastActor,
    assessedBy: state.assessment?.by.id ?? null,
    claimedFen: state.report.claimedAmountFen,
    assessedFen: state.assessment?.totalFen ?? null,
    approvedFen: state.approval?.approvedFen ?? null,
    paidFen: netPaidFen(state),
    breachCount: state.breaches.length,
    reopenCount: state.reopenings.length,
  };
}
