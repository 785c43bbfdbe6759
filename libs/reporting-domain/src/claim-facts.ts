import type { ClaimEventV1, FollowUpOutcome } from '@fpi/contracts';
import { parseFen, type Fen } from './fen';
import { instant } from './period';

/** One payment movement on a claim: advance (先予支付) and regular payments add, reversals subtract. */
export interface PaymentMovement {
  paymentId: string;
  kind: 'advance' | 'payment' | 'reversal';
  /** Signed: a reversal is negative. */
  amountFen: Fen;
  at: string;
}

export type ClaimFactStatus =
  | 'reported'
  | 'registered'
  | 'documents_complete'
  | 'assessed'
  | 'approved'
  | 'paid'
  | 'rejected'
  | 'withdrawn';

/**
 * One row per claim: everything the programme's figures need, and nothing personal (the claimant appears
 * only as the enrolment member id, which counts "persons paid" without naming anyone).
 */
export interface ClaimFact {
  claimId: string;
  /** Sequence of the last event applied: the revision guard. */
  revision: number;
  lastEventId: string;
  householdId: string | null;
  claimantMemberId: string | null;
  policyId: string | null;
  /** Village code (12) once registered with one, else the county code (6) of the event envelope. */
  regionCode: string;
  claimChannel: string | null;
  /** Channel the policy was sold through, upper case like enrolment's own codes. */
  enrolmentChannel: string | null;
  status: ClaimFactStatus;
  reportedAt: string | null;
  registeredAt: string | null;
  documentsCompletedAt: string | null;
  assessedFen: Fen | null;
  approvedFen: Fen | null;
  approvedAt: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  /** Net of reversals. */
  paidFen: Fen;
  payments: PaymentMovement[];
  /** When the approved amount was paid in full (cleared by a reversal, set again by the next full payment). */
  fullyPaidAt: string | null;
  closedAt: string | null;
  closureOutcome: string | null;
  withdrawnAt: string | null;
  reopenCount: number;
  fastTrack: boolean;
  fastTrackedAt: string | null;
  /** A fast-track decision or payment target was missed (the claims service publishes the breach). */
  fastTrackBreached: boolean;
  deadlineBreaches: number;
  followUpOutcome: FollowUpOutcome | null;
  followUpAt: string | null;
  followUpAttempts: number;
  lastEventAt: string;
}

const initial = (e: ClaimEventV1): ClaimFact => ({
  claimId: e.claimId,
  revision: -1,
  lastEventId: '',
  householdId: null,
  claimantMemberId: null,
  policyId: null,
  regionCode: e.regionCode,
  claimChannel: null,
  enrolmentChannel: null,
  status: 'reported',
  reportedAt: null,
  registeredAt: null,
  documentsCompletedAt: null,
  assessedFen: null,
  approvedFen: null,
  approvedAt: null,
  rejectedAt: null,
  rejectionReason: null,
  paidFen: 0n,
  payments: [],
  fullyPaidAt: null,
  closedAt: null,
  closureOutcome: null,
  withdrawnAt: null,
  reopenCount: 0,
  fastTrack: false,
  fastTrackedAt: null,
  fastTrackBreached: false,
  deadlineBreaches: 0,
  followUpOutcome: null,
  followUpAt: null,
  followUpAttempts: 0,
  lastEventAt: e.occurredAt,
});

// Amounts were validated against the contract schema before evolve sees them; 0 is the safe reading of garbage.
const fen = (s: string | null): Fen | null => (s === null ? null : parseFen(s) ?? 0n);

/** Keeps the envelope's county unless a more precise code of the same county is already known. */
const regionOf = (row: ClaimFact, envelopeRegion: string): string =>
  row.regionCode.startsWith(envelopeRegion) ? row.regionCode : envelopeRegion;

/**
 * Applies one claim lifecycle event to the claim's row. Pure and total: it never throws, and an event whose
 * sequence is not above the row's revision (a duplicate, a redelivery after a rebalance, a replay) returns
 * the row unchanged, which is what makes at-least-once delivery safe.
 */
export function evolveClaimFact(row: ClaimFact | null, event: ClaimEventV1): ClaimFact | null {
  if (row !== null && event.sequence <= row.revision) return row;
  const e = { ...event, occurredAt: instant(event.occurredAt) } as ClaimEventV1;
  const base = row ?? initial(e);
  const r: ClaimFact = { ...base, revision: e.sequence, lastEventId: e.eventId, lastEventAt: e.occurredAt, regionCode: regionOf(base, e.regionCode) };
  switch (e.type) {
    case 'ClaimReported':
      return {
        ...r,
        householdId: e.data.householdId,
        claimantMemberId: e.data.claimant.memberId,
        claimChannel: e.data.channel,
        reportedAt: e.occurredAt,
      };
    case 'ClaimRegistered': {
      // Documents provided with the report are complete at registration when nothing is missing.
      const complete = e.data.missingDocuments.length === 0 ? (r.documentsCompletedAt ?? e.occurredAt) : r.documentsCompletedAt;
      return {
        ...r,
        policyId: e.data.policyId,
        regionCode: e.data.villageCode !== null && e.data.villageCode.startsWith(e.regionCode) ? e.data.villageCode : r.regionCode,
        enrolmentChannel: e.data.enrolmentChannel.toUpperCase(),
        registeredAt: e.occurredAt,
        documentsCompletedAt: complete,
        status: complete !== null ? 'documents_complete' : 'registered',
      };
    }
    case 'ClaimFastTracked':
      return { ...r, fastTrack: true, fastTrackedAt: r.fastTrackedAt ?? e.occurredAt };
    case 'ClaimDocumentsRequested':
      return { ...r, documentsCompletedAt: null, status: 'registered' };
    case 'ClaimDocumentsReceived':
      return r;
    case 'ClaimDocumentsCompleted':
      return { ...r, documentsCompletedAt: e.occurredAt, status: 'documents_complete' };
    case 'ClaimAssessed':
      return { ...r, assessedFen: fen(e.data.assessedFen), status: 'assessed' };
    case 'ClaimApproved':
      return { ...r, approvedFen: fen(e.data.approvedFen), approvedAt: e.occurredAt, status: 'approved' };
    case 'ClaimRejected':
      return { ...r, rejectedAt: e.occurredAt, rejectionReason: e.data.reasonCode, status: 'rejected' };
    case 'ClaimRejectionNoticeSent':
      return r;
    case 'ClaimPartPaidInAdvance':
      return pay(r, { paymentId: e.data.paymentId, kind: 'advance', amountFen: fen(e.data.amountFen) ?? 0n, at: e.occurredAt }, false);
    case 'ClaimPaymentScheduled':
      return r;
    case 'ClaimPaid':
      return pay(r, { paymentId: e.data.paymentId, kind: 'payment', amountFen: fen(e.data.amountFen) ?? 0n, at: e.occurredAt }, e.data.fullyPaid);
    case 'ClaimPaymentReversed': {
      const amount = fen(e.data.amountFen) ?? 0n;
      return {
        ...pay(r, { paymentId: e.data.paymentId, kind: 'reversal', amountFen: -amount, at: e.occurredAt }, false),
        fullyPaidAt: null,
        status: 'approved',
      };
    }
    case 'ClaimFollowUpRecorded':
      // Only a completed follow-up is an answer; an unanswered attempt just counts the calls.
      return e.data.completed
        ? { ...r, followUpOutcome: e.data.outcome, followUpAt: e.occurredAt, followUpAttempts: Math.max(r.followUpAttempts, e.data.attempt) }
        : { ...r, followUpAttempts: Math.max(r.followUpAttempts, e.data.attempt) };
    case 'ClaimClosed':
      return { ...r, closedAt: e.occurredAt, closureOutcome: e.data.outcome };
    case 'ClaimWithdrawn':
      return { ...r, withdrawnAt: e.occurredAt, status: 'withdrawn' };
    case 'ClaimReopened':
      // The rejection is no longer final and the earlier follow-up asked about a decision that is being redone.
      return {
        ...r,
        reopenCount: r.reopenCount + 1,
        rejectedAt: null,
        rejectionReason: null,
        closedAt: null,
        closureOutcome: null,
        followUpOutcome: null,
        followUpAt: null,
        followUpAttempts: 0,
        status: r.documentsCompletedAt !== null ? 'documents_complete' : r.registeredAt !== null ? 'registered' : 'reported',
      };
    case 'ClaimDeadlineBreached':
      return {
        ...r,
        deadlineBreaches: r.deadlineBreaches + 1,
        fastTrackBreached: r.fastTrackBreached || e.data.deadline === 'fast_track_decision' || e.data.deadline === 'fast_track_payment',
      };
    default: {
      // A newer event type this build does not know: keep the revision so that its successors still apply.
      const unknown: never = e;
      void unknown;
      return r;
    }
  }
}

function pay(r: ClaimFact, m: PaymentMovement, fullyPaid: boolean): ClaimFact {
  const paidFen = r.paidFen + m.amountFen;
  return {
    ...r,
    payments: [...r.payments, m],
    paidFen,
    fullyPaidAt: fullyPaid ? m.at : r.fullyPaidAt,
    status: fullyPaid ? 'paid' : r.status,
  };
}

/** Whether the claim has a decision (approved or rejected) for the fast-track timeliness rate. */
export const isDecided = (c: ClaimFact): boolean => c.approvedAt !== null || c.rejectedAt !== null;
