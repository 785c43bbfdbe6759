import {
  claimDecider,
  evolve,
  initialState,
  instantOf,
  msOf,
  requiredDocuments,
  type Actor,
  type AssessmentInput,
  type ClaimCommand,
  type ClaimEvent,
  type ClaimState,
  type CoverageSnapshot,
} from '@fpi/claims-domain';
import type { ClaimBenefit, ClaimDocument, DeadlineKind } from '@fpi/contracts';
import type { StreamEvent } from '../projection/claim-row';

/**
 * Claim histories for the read-model tests and the benchmark, produced by the real decider (so they are
 * histories the write side can actually produce), with regions and people chosen for these tests. All
 * personal data here is synthetic: a format-valid ID number that belongs to no one, a made-up name.
 */

export const T0 = '2025-03-01T02:00:00.000Z';
const DAY = 86_400_000;
const HOUR = 3_600_000;
export const day = (days: number, hours = 0, from = T0): string => instantOf(msOf(from) + days * DAY + hours * HOUR);

export const HANDLER_A: Actor = { id: 'handler-a', role: 'handler' };
export const HANDLER_B: Actor = { id: 'handler-b', role: 'handler' };
export const SUPERVISOR: Actor = { id: 'supervisor-s', role: 'supervisor' };
export const BANK: Actor = { id: 'bank-core', role: 'integrator' };
export const SWEEPER: Actor = { id: 'deadline-sweeper', role: 'system' };

/** Synthetic personal data: it must never come out of a read model or an export. */
export const PERSONAL = { idNumber: '449901199001010021', name: '测试王五', phone: '13900001234', place: '测试村东口', description: '骑车摔伤 13900001234' };

export const VILLAGE = '330102001001';
export const OTHER_VILLAGE = '330106002003';

export function coverageFor(village: string, overrides: Partial<CoverageSnapshot> = {}): CoverageSnapshot {
  return {
    policyId: `pol-${village}`,
    policyNumber: `PN-${village}`,
    status: 'in_force',
    cancelledAt: null,
    coverStart: '2025-01-01T00:00:00.000Z',
    coverEnd: '2026-01-01T00:00:00.000Z',
    insuredMemberIds: ['m-1', 'm-2', 'm-3'],
    benefits: ['death', 'disability', 'medical', 'allowance'],
    householdSumInsuredFen: 9_000_000n,
    medicalLimitFen: 1_000_000n,
    medicalRemainingFen: 1_000_000n,
    medicalDeductibleFen: 10_000n,
    medicalRatioBp: 9_000,
    allowanceDailyRateFen: 5_000n,
    allowanceCapFen: 150_000n,
    regionCode: village.slice(0, 6),
    villageCode: village,
    householdVulnerable: false,
    channel: 'counter',
    ...overrides,
  };
}

export interface ReportOptions {
  benefits?: ClaimBenefit[];
  claimedAmountFen?: bigint | null;
  documentsProvided?: ClaimDocument[];
  at?: string;
  by?: Actor;
}

/** Drives the decider one command at a time and keeps every event it decides. */
export class ClaimStory {
  readonly events: ClaimEvent[] = [];
  private state: ClaimState = initialState();

  constructor(
    readonly claimId: string,
    readonly village = VILLAGE,
  ) {}

  private run(type: ClaimCommand['type'], data: object, at: string, by: Actor): this {
    const produced = claimDecider.decide({ type, data, metadata: { now: at, actor: by } } as ClaimCommand, this.state);
    for (const e of produced) this.state = evolve(this.state, e);
    this.events.push(...produced);
    return this;
  }

  report(o: ReportOptions = {}): this {
    return this.run(
      'ReportClaim',
      {
        claimId: this.claimId,
        householdId: `hh-${this.claimId}`,
        claimant: { memberId: 'm-1', idNumber: PERSONAL.idNumber },
        accident: { occurredAt: T0, place: PERSONAL.place, regionCode: this.village.slice(0, 6), causeCode: 'fall', description: PERSONAL.description },
        benefits: o.benefits ?? ['medical'],
        claimedAmountFen: o.claimedAmountFen === undefined ? 800_000n : o.claimedAmountFen,
        channel: 'phone',
        reporter: { relation: 'self', name: PERSONAL.name, phone: PERSONAL.phone },
        documentsProvided: o.documentsProvided ?? ['claim_form', 'id_document'],
      },
      o.at ?? day(0, 10),
      o.by ?? HANDLER_A,
    );
  }
  register(at = day(1), by = HANDLER_A, cov: CoverageSnapshot | null = coverageFor(this.village)): this {
    return this.run('RegisterClaim', { coverage: cov }, at, by);
  }
  requestDocuments(at = day(1, 1), by = HANDLER_A): this {
    return this.run('RequestDocuments', { noticeId: `n-${this.claimId}` }, at, by);
  }
  receive(documents: ClaimDocument[], at = day(4), by = HANDLER_A): this {
    return this.run('ReceiveDocuments', { documents }, at, by);
  }
  receiveAll(benefits: ClaimBenefit[] = ['medical'], at = day(4), by = HANDLER_A): this {
    return this.receive(requiredDocuments(benefits), at, by);
  }
  assess(inputs: AssessmentInput[] = [MEDICAL], at = day(5), by = HANDLER_A): this {
    return this.run('AssessClaim', { coverage: coverageFor(this.village), inputs }, at, by);
  }
  approve(at = day(6), by = SUPERVISOR, approvedFen?: bigint): this {
    return this.run('ApproveClaim', approvedFen === undefined ? {} : { approvedFen }, at, by);
  }
  reject(at = day(6), by = SUPERVISOR): this {
    return this.run('RejectClaim', { reasonCode: 'EXCLUDED_CAUSE', note: `醉酒 ${PERSONAL.phone}` }, at, by);
  }
  sendNotice(at = day(7), by = HANDLER_A): this {
    return this.run('SendRejectionNotice', { noticeId: `rn-${this.claimId}` }, at, by);
  }
  payPart(amountFen: bigint, at = day(3), by = SUPERVISOR, paymentId = 'adv-1'): this {
    return this.run('PayDeterminedPart', { paymentId, amountFen, paymentReference: `REF-${paymentId}`, basis: 'invoices verified' }, at, by);
  }
  schedule(paymentId = 'pay-1', at = day(6, 2), by = HANDLER_B): this {
    return this.run('SchedulePayment', { paymentId }, at, by);
  }
  pay(paymentId = 'pay-1', at = day(7), by = BANK): this {
    return this.run('RecordPayment', { paymentId, paymentReference: `BANK-${paymentId}` }, at, by);
  }
  reverse(paymentId = 'pay-1', at = day(8), by = BANK): this {
    return this.run('ReversePayment', { paymentId, reasonCode: 'BANK_RETURNED' }, at, by);
  }
  followUp(outcome: 'satisfied' | 'unreachable' = 'satisfied', attemptId = 'call-1', at = day(9), by = HANDLER_A): this {
    return this.run('RecordFollowUp', { attemptId, outcome }, at, by);
  }
  close(at = day(10), by = HANDLER_A): this {
    return this.run('CloseClaim', {}, at, by);
  }
  withdraw(at = day(3), by = HANDLER_A): this {
    return this.run('WithdrawClaim', { reasonCode: 'CLAIMANT_REQUEST', note: 'settled' }, at, by);
  }
  reopen(at = day(20), by = SUPERVISOR): this {
    return this.run('ReopenClaim', { reopenId: `appeal-${this.claimId}`, reason: 'appeal', note: 'new evidence' }, at, by);
  }
  breach(deadline: DeadlineKind, at: string, by = SWEEPER): this {
    return this.run('RecordDeadlineBreach', { deadline }, at, by);
  }

  /** The history as the subscription delivers it. */
  get stream(): StreamEvent[] {
    return asStream(this.events);
  }
}

export const MEDICAL: AssessmentInput = { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n };

/** A claim's events as the subscription delivers them: revisions 0, 1, 2, ... of one stream. */
export const asStream = (events: readonly ClaimEvent[]): StreamEvent[] =>
  events.map((event, revision) => ({ claimId: event.data.claimId, revision, event }));

/**
 * A small medical claim with the invoice in (green channel: decision target 3 days) that waits for the
 * missing documents (clocks paused), then is assessed, approved and paid.
 */
export const fastTrackedMedical = (claimId = 'c-fast', village = VILLAGE): ClaimStory =>
  new ClaimStory(claimId, village)
    .report({ claimedAmountFen: 300_000n, documentsProvided: ['claim_form', 'id_document', 'medical_invoice'] })
    .register(day(1))
    .requestDocuments(day(1, 1))
    .receiveAll(['medical'], day(4))
    .assess([MEDICAL], day(6), HANDLER_A)
    .approve(day(6, 6), SUPERVISOR)
    .schedule('pay-1', day(6, 7), HANDLER_B)
    .pay('pay-1', day(7));

/** The 30-day decision deadline passes; a sweep records the breach; the claim is rejected late, then the notice goes out. */
export const breachedThenRejected = (claimId = 'c-late', village = VILLAGE): ClaimStory =>
  new ClaimStory(claimId, village).report().register(day(1)).receiveAll(['medical'], day(2)).breach('decision', day(33)).reject(day(34)).sendNotice(day(35));

/**
 * Thirty events on one claim (the benchmark's long timeline): documents arrive one at a time, two parts are
 * paid in advance, a payment is returned by the bank and paid again after the payment deadline (a breach),
 * three follow-up calls go unanswered.
 */
export function thirtyEventClaim(claimId = 'c-30', village = VILLAGE): ClaimStory {
  const story = new ClaimStory(claimId, village).report({ benefits: ['medical', 'allowance'], claimedAmountFen: 900_000n, documentsProvided: [] });
  const extra: ClaimDocument[] = ['death_certificate', 'household_deregistration', 'beneficiary_relationship', 'disability_assessment'];
  extra.forEach((d, i) => story.receive([d], day(0, 10 + i * 0.25)));
  story.register(day(0, 12)).requestDocuments(day(0, 13));
  requiredDocuments(['medical', 'allowance']).forEach((d, i) => story.receive([d], day(1, i)));
  return story
    .payPart(50_000n, day(3), SUPERVISOR, 'adv-1')
    .payPart(50_000n, day(3, 2), SUPERVISOR, 'adv-2')
    .assess([MEDICAL, { benefit: 'allowance', days: 5 }], day(4))
    .approve(day(5))
    .schedule('pay-1', day(5, 2))
    .pay('pay-1', day(6))
    .reverse('pay-1', day(8))
    .schedule('pay-2', day(8, 2))
    .pay('pay-2', day(16))
    .followUp('unreachable', 'call-1', day(17))
    .followUp('unreachable', 'call-2', day(18))
    .followUp('unreachable', 'call-3', day(19))
    .close(day(20));
}
