import {
  claimEventMessage,
  settlementMessage,
  type BenefitLineV1,
  type ClaimEventV1,
  type ContractMessage,
  type SettlementEnvelopeV1,
  type SettlementEventV1,
} from '@fpi/contracts';
import type { BenefitLine } from './benefits';
import type { ClaimEvent } from './events';
import { evolve, initialState, netPaidFen, type ClaimState, type ExistingClaim } from './state';

/** A claim event as read back from the store: its id (the CloudEvents id) and revision in the claim stream. */
export interface RecordedClaimEvent {
  event: ClaimEvent;
  eventId: string;
  revision: number;
}

export interface PublicClaimEvents {
  /** For `fpi.claims.events.v1`: every domain event has one. */
  claimEvent: ClaimEventV1;
  /** For `fpi.claims.settlements.v1`: payments, reversals and final rejections only. */
  settlement: SettlementEventV1 | null;
}

const fen = (value: bigint): string => value.toString();
const fenOrNull = (value: bigint | null | undefined): string | null => (value === null || value === undefined ? null : value.toString());

function publicLine(line: BenefitLine): BenefitLineV1 {
  const inputs = Object.fromEntries(Object.entries(line.inputs).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
  return { benefit: line.benefit, rule: line.rule, amountFen: fen(line.amountFen), inputs };
}

const regionOf = (claim: ExistingClaim): string => claim.coverage?.regionCode ?? claim.report.accident.regionCode;

/** The lifecycle event's data: only what read models need; no names, phones, free text or full ID numbers. */
function lifecycleEvent({ event, eventId, revision }: RecordedClaimEvent, claim: ExistingClaim): ClaimEventV1 {
  const base = {
    eventId,
    version: 1 as const,
    claimId: event.data.claimId,
    sequence: revision,
    occurredAt: event.data.at,
    actor: { ...event.data.by },
    regionCode: regionOf(claim),
  };
  switch (event.type) {
    case 'ClaimReported': {
      const d = event.data;
      return {
        ...base,
        type: 'ClaimReported',
        data: {
          householdId: d.householdId,
          claimant: { ...d.claimant },
          accident: { occurredAt: d.accident.occurredAt, regionCode: d.accident.regionCode, causeCode: d.accident.causeCode },
          benefits: [...d.benefits],
          claimedAmountFen: fenOrNull(d.claimedAmountFen),
          channel: d.channel,
          reporterRelation: d.reporter.relation,
          documentsProvided: [...d.documentsProvided],
          reportingWindowHours: d.reportingWindowHours,
          reportedLate: d.reportedLate,
        },
      };
    }
    case 'ClaimRegistered': {
      const { coverage, requiredDocuments, missingDocuments, cycle } = event.data;
      return {
        ...base,
        type: 'ClaimRegistered',
        data: {
          policyId: coverage.policyId,
          policyNumber: coverage.policyNumber,
          villageCode: coverage.villageCode,
          enrolmentChannel: coverage.channel,
          requiredDocuments: [...requiredDocuments],
          missingDocuments: [...missingDocuments],
          cycle,
        },
      };
    }
    case 'ClaimFastTracked': {
      const { reasons, decisionTargetDays, paymentTargetDays } = event.data;
      return { ...base, type: 'ClaimFastTracked', data: { reasons: [...reasons], decisionTargetDays, paymentTargetDays } };
    }
    case 'ClaimDocumentsRequested':
      return { ...base, type: 'ClaimDocumentsRequested', data: { noticeId: event.data.noticeId, documents: [...event.data.documents] } };
    case 'ClaimDocumentsReceived':
      return { ...base, type: 'ClaimDocumentsReceived', data: { documents: [...event.data.documents] } };
    case 'ClaimDocumentsCompleted':
      return { ...base, type: 'ClaimDocumentsCompleted', data: {} };
    case 'ClaimAssessed':
      return { ...base, type: 'ClaimAssessed', data: { benefitLines: event.data.lines.map(publicLine), assessedFen: fen(event.data.totalFen) } };
    case 'ClaimApproved':
      return { ...base, type: 'ClaimApproved', data: { approvedFen: fen(event.data.approvedFen), fourEyes: event.data.fourEyes } };
    case 'ClaimRejected':
      return { ...base, type: 'ClaimRejected', data: { reasonCode: event.data.reasonCode, stage: event.data.stage } };
    case 'ClaimRejectionNoticeSent':
      return { ...base, type: 'ClaimRejectionNoticeSent', data: { noticeId: event.data.noticeId } };
    case 'ClaimPartPaidInAdvance': {
      const { paymentId, amountFen, paymentReference } = event.data;
      return { ...base, type: 'ClaimPartPaidInAdvance', data: { paymentId, amountFen: fen(amountFen), paymentReference } };
    }
    case 'ClaimPaymentScheduled':
      return { ...base, type: 'ClaimPaymentScheduled', data: { paymentId: event.data.paymentId, amountFen: fen(event.data.amountFen) } };
    case 'ClaimPaid': {
      const { paymentId, amountFen, paymentReference } = event.data;
      return { ...base, type: 'ClaimPaid', data: { paymentId, amountFen: fen(amountFen), paymentReference, fullyPaid: isFullyPaid(claim) } };
    }
    case 'ClaimPaymentReversed': {
      const { paymentId, amountFen, reasonCode } = event.data;
      return { ...base, type: 'ClaimPaymentReversed', data: { paymentId, amountFen: fen(amountFen), reasonCode } };
    }
    case 'ClaimFollowUpRecorded': {
      const { attempt, outcome, completed } = event.data;
      return { ...base, type: 'ClaimFollowUpRecorded', data: { attempt, outcome, completed } };
    }
    case 'ClaimClosed':
      return { ...base, type: 'ClaimClosed', data: { outcome: event.data.outcome } };
    case 'ClaimWithdrawn':
      return { ...base, type: 'ClaimWithdrawn', data: { reasonCode: event.data.reasonCode } };
    case 'ClaimReopened': {
      const { reopenId, reason, cycle } = event.data;
      return { ...base, type: 'ClaimReopened', data: { reopenId, reason, cycle } };
    }
    case 'ClaimDeadlineBreached': {
      const { deadline, cycle, dueAt, breachedAt } = event.data;
      return { ...base, type: 'ClaimDeadlineBreached', data: { deadline, cycle, dueAt, breachedAt } };
    }
    default: {
      const unknown: never = event;
      throw new TypeError(`unmapped claim event ${(unknown as { type: string }).type}`);
    }
  }
}

const isFullyPaid = (claim: ExistingClaim): boolean => claim.approval !== null && netPaidFen(claim) >= claim.approval.approvedFen;

function settlementEnvelope<T extends SettlementEventV1['type']>(type: T, recorded: RecordedClaimEvent, claim: ExistingClaim): SettlementEnvelopeV1<T> {
  const { report, coverage, fastTrack, assessment, approval } = claim;
  return {
    eventId: recorded.eventId,
    type,
    version: 1,
    claimId: claim.claimId,
    sequence: recorded.revision,
    occurredAt: recorded.event.data.at,
    policyNumber: coverage?.policyNumber ?? null,
    claimant: { ...report.claimant },
    regionCode: regionOf(claim),
    villageCode: coverage?.villageCode ?? null,
    channel: report.channel,
    enrolmentChannel: coverage?.channel ?? null,
    benefits: [...report.benefits],
    fastTrack: fastTrack !== null,
    fastTrackReasons: [...(fastTrack?.reasons ?? [])],
    benefitLines: (assessment?.lines ?? []).map(publicLine),
    amounts: {
      claimedFen: fenOrNull(report.claimedAmountFen),
      assessedFen: fenOrNull(assessment?.totalFen),
      approvedFen: fenOrNull(approval?.approvedFen),
      paidFen: fen(netPaidFen(claim)),
    },
    steps: { ...claim.steps },
    deadlineBreaches: claim.breaches.map(({ deadline, cycle, dueAt, breachedAt }) => ({ deadline, cycle, dueAt, breachedAt })),
  };
}

function settlementOf(recorded: RecordedClaimEvent, claim: ExistingClaim): SettlementEventV1 | null {
  const { event } = recorded;
  switch (event.type) {
    case 'ClaimPaid':
    case 'ClaimPartPaidInAdvance': {
      const { paymentId, amountFen, paymentReference, at } = event.data;
      const payment = { paymentId, amountFen: fen(amountFen), paymentReference, paidAt: at, advance: event.type === 'ClaimPartPaidInAdvance' };
      return { ...settlementEnvelope('ClaimSettled', recorded, claim), payment, fullyPaid: isFullyPaid(claim) };
    }
    case 'ClaimApproved':
      // Approval of an amount already paid in full in advance settles the claim without a new payment.
      return claim.status === 'paid' ? { ...settlementEnvelope('ClaimSettled', recorded, claim), payment: null, fullyPaid: true } : null;
    case 'ClaimPaymentReversed': {
      const { paymentId, amountFen, paymentReference, reasonCode, at } = event.data;
      return {
        ...settlementEnvelope('ClaimPaymentReversed', recorded, claim),
        reversal: { paymentId, amountFen: fen(amountFen), paymentReference, reversedAt: at, reasonCode },
      };
    }
    case 'ClaimClosed': {
      const { rejection } = claim;
      if (event.data.outcome !== 'rejected' || rejection === null) return null;
      const { reasonCode, stage, at, noticeSentAt } = rejection;
      return { ...settlementEnvelope('ClaimFinallyRejected', recorded, claim), rejection: { reasonCode, stage, rejectedAt: at, noticeSentAt } };
    }
    default:
      return null;
  }
}

/**
 * The public events for one recorded domain event, given the claim's state after it. Pure, so the relay in
 * the application only folds the stream, calls this and publishes.
 */
export function toPublicEvents(recorded: RecordedClaimEvent, stateAfter: ClaimState): PublicClaimEvents {
  if (stateAfter.status === 'empty') throw new TypeError(`claim state is empty after ${recorded.event.type}`);
  return { claimEvent: lifecycleEvent(recorded, stateAfter), settlement: settlementOf(recorded, stateAfter) };
}

export type PublicClaimMessage = ContractMessage<ClaimEventV1> | ContractMessage<SettlementEventV1>;

/**
 * Folds a claim stream (in revision order, from its start) and returns the Kafka messages for the events
 * from `fromRevision` on: each lifecycle event, followed by its settlement event where there is one.
 */
export function publicMessages(stream: readonly RecordedClaimEvent[], fromRevision = 0): PublicClaimMessage[] {
  const messages: PublicClaimMessage[] = [];
  let state: ClaimState = initialState();
  for (const recorded of stream) {
    state = evolve(state, recorded.event);
    if (recorded.revision < fromRevision) continue;
    const { claimEvent, settlement } = toPublicEvents(recorded, state);
    messages.push(claimEventMessage(claimEvent));
    if (settlement) messages.push(settlementMessage(settlement));
  }
  return messages;
}
