import type { ClaimBenefit, ClaimDocument } from '@fpi/contracts';
import { requiredDocuments, type AssessmentInput } from '../benefits';
import type * as C from '../commands';
import type { CoverageSnapshot, MemberShare } from '../coverage';
import { claimDecider, type ClaimDecider } from '../decide';
import type { Actor, ClaimEvent } from '../events';
import { evolve, initialState, type ClaimState } from '../state';
import { DAY_MS, HOUR_MS, instantOf, msOf } from '../time';

/** Synthetic, valid-format resident ID (the GB 11643 example), never a real person's. */
export const RAW_ID = '11010519491231002X';
export const MASKED_ID = '1101**********002X';

/** The accident happens at T0; every other time is an offset from it. */
export const T0 = '2025-03-01T02:00:00.000Z';
export const after = (days: number, hours = 0): string => instantOf(msOf(T0) + days * DAY_MS + hours * HOUR_MS);

export const handler: Actor = { id: 'handler-1', role: 'handler' };
export const handler2: Actor = { id: 'handler-2', role: 'handler' };
export const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const system: Actor = { id: 'deadline-sweeper', role: 'system' };
export const integrator: Actor = { id: 'insurer-core', role: 'integrator' };

export const CLAIM_ID = 'c-0001';

/**
 * A household of four with 100,000 yuan sum insured (25,000 each), 10,000 yuan medical limit, 90 % after a
 * 100 yuan deductible. Shaped like the snapshots of older events: no recorded member shares (equal split).
 */
export function coverage(overrides: Partial<CoverageSnapshot> = {}): CoverageSnapshot {
  return {
    policyId: 'p-1',
    policyNumber: 'PN-2025-0001',
    status: 'in_force',
    cancelledAt: null,
    coverStart: '2025-01-01T00:00:00.000Z',
    coverEnd: '2026-01-01T00:00:00.000Z',
    insuredMemberIds: ['m-1', 'm-2', 'm-3', 'm-4'],
    benefits: ['death', 'disability', 'medical', 'allowance'],
    householdSumInsuredFen: 10_000_000n,
    medicalLimitFen: 1_000_000n,
    medicalRemainingFen: 800_000n,
    medicalDeductibleFen: 10_000n,
    medicalRatioBp: 9_000,
    allowanceDailyRateFen: 5_000n,
    allowanceCapFen: 150_000n,
    regionCode: '110105',
    villageCode: '110105001001',
    householdVulnerable: false,
    channel: 'mobile_storefront',
    ...overrides,
  };
}

/**
 * The shares the policy records for a household of three with 100,000 yuan: enrollment splits the sum
 * equally and gives the fen that does not divide to the first member, so m-1 (the claimant of `cmd.report`)
 * holds 33,333.34 yuan and the others 33,333.33; the three add up to the household sum.
 */
export const UNEVEN_SHARES: MemberShare[] = [
  { memberId: 'm-1', shareFen: 3_333_334n },
  { memberId: 'm-2', shareFen: 3_333_333n },
  { memberId: 'm-3', shareFen: 3_333_333n },
];

/** That household as the claims service's policy view now records it: every insured member's share included. */
export const recordedSharesCoverage = (overrides: Partial<CoverageSnapshot> = {}): CoverageSnapshot =>
  coverage({ insuredMemberIds: ['m-1', 'm-2', 'm-3'], memberShares: UNEVEN_SHARES, ...overrides });

type ReportData = C.ReportClaim['data'];

const meta = (now: string, actor: Actor) => ({ now, actor });

/** Command builders: data first, then when (default: a plausible time) and who. */
export const cmd = {
  report: (data: Partial<ReportData> = {}, now = after(0, 10), actor: Actor = handler): C.ReportClaim => ({
    type: 'ReportClaim',
    data: {
      claimId: CLAIM_ID,
      householdId: 'h-1',
      claimant: { memberId: 'm-1', idNumber: RAW_ID },
      accident: { occurredAt: T0, place: 'village road', regionCode: '110105', causeCode: 'traffic', description: 'hit by a motorbike' },
      benefits: ['medical'],
      claimedAmountFen: 800_000n,
      channel: 'phone',
      reporter: { relation: 'self', name: '张三', phone: '13812345678' },
      documentsProvided: ['claim_form', 'id_document'],
      ...data,
    },
    metadata: meta(now, actor),
  }),
  register: (cov: CoverageSnapshot | null = coverage(), now = after(1), actor: Actor = handler): C.RegisterClaim => ({
    type: 'RegisterClaim',
    data: { coverage: cov },
    metadata: meta(now, actor),
  }),
  requestDocuments: (noticeId = 'n-1', now = after(1, 1), additional?: ClaimDocument[], actor: Actor = handler): C.RequestDocuments => ({
    type: 'RequestDocuments',
    data: additional ? { noticeId, additional } : { noticeId },
    metadata: meta(now, actor),
  }),
  receive: (documents: ClaimDocument[], now = after(5), actor: Actor = handler): C.ReceiveDocuments => ({
    type: 'ReceiveDocuments',
    data: { documents },
    metadata: meta(now, actor),
  }),
  assess: (inputs: AssessmentInput[], now = after(7), actor: Actor = handler, cov: CoverageSnapshot = coverage()): C.AssessClaim => ({
    type: 'AssessClaim',
    data: { coverage: cov, inputs },
    metadata: meta(now, actor),
  }),
  approve: (approvedFen?: bigint, now = after(8), actor: Actor = supervisor): C.ApproveClaim => ({
    type: 'ApproveClaim',
    data: approvedFen === undefined ? {} : { approvedFen },
    metadata: meta(now, actor),
  }),
  reject: (reasonCode: C.RejectClaim['data']['reasonCode'] = 'EXCLUDED_CAUSE', now = after(8), actor: Actor = supervisor): C.RejectClaim => ({
    type: 'RejectClaim',
    data: { reasonCode, note: 'drunk driving' },
    metadata: meta(now, actor),
  }),
  sendNotice: (noticeId = 'rn-1', now = after(9), actor: Actor = handler): C.SendRejectionNotice => ({
    type: 'SendRejectionNotice',
    data: { noticeId },
    metadata: meta(now, actor),
  }),
  payPart: (amountFen: bigint, paymentId = 'adv-1', now = after(7), actor: Actor = supervisor): C.PayDeterminedPart => ({
    type: 'PayDeterminedPart',
    data: { paymentId, amountFen, paymentReference: `ref-${paymentId}`, basis: 'invoices already verified' },
    metadata: meta(now, actor),
  }),
  schedule: (paymentId = 'pay-1', now = after(8, 1), actor: Actor = handler): C.SchedulePayment => ({
    type: 'SchedulePayment',
    data: { paymentId },
    metadata: meta(now, actor),
  }),
  pay: (paymentId = 'pay-1', paymentReference = 'BANK-0001', now = after(9), actor: Actor = integrator): C.RecordPayment => ({
    type: 'RecordPayment',
    data: { paymentId, paymentReference },
    metadata: meta(now, actor),
  }),
  reverse: (paymentId = 'pay-1', now = after(11), actor: Actor = integrator): C.ReversePayment => ({
    type: 'ReversePayment',
    data: { paymentId, reasonCode: 'BANK_RETURNED' },
    metadata: meta(now, actor),
  }),
  followUp: (outcome: C.RecordFollowUp['data']['outcome'] = 'satisfied', attemptId = 'call-1', now = after(12), actor: Actor = handler): C.RecordFollowUp => ({
    type: 'RecordFollowUp',
    data: { attemptId, outcome },
    metadata: meta(now, actor),
  }),
  close: (now = after(13), actor: Actor = handler): C.CloseClaim => ({ type: 'CloseClaim', data: {}, metadata: meta(now, actor) }),
  withdraw: (now = after(3), actor: Actor = handler): C.WithdrawClaim => ({
    type: 'WithdrawClaim',
    data: { reasonCode: 'CLAIMANT_REQUEST', note: 'family settled with the other driver' },
    metadata: meta(now, actor),
  }),
  reopen: (reason: C.ReopenClaim['data']['reason'] = 'appeal', reopenId = 'appeal-1', now = after(20), actor: Actor = supervisor): C.ReopenClaim => ({
    type: 'ReopenClaim',
    data: { reopenId, reason, note: 'new police report' },
    metadata: meta(now, actor),
  }),
  breach: (deadline: C.RecordDeadlineBreach['data']['deadline'], now: string, actor: Actor = system): C.RecordDeadlineBreach => ({
    type: 'RecordDeadlineBreach',
    data: { deadline },
    metadata: meta(now, actor),
  }),
};

/** Every document the benefits need: what completes a claim. */
export const allDocuments = (benefits: ClaimBenefit[]): ClaimDocument[] => requiredDocuments(benefits);

/** Runs commands through the decider and returns the whole history (throws on the first broken rule). */
export function play(commands: readonly C.ClaimCommand[], decider: ClaimDecider = claimDecider, history: readonly ClaimEvent[] = []): ClaimEvent[] {
  const events = [...history];
  let state: ClaimState = events.reduce(evolve, initialState());
  for (const command of commands) {
    const produced = decider.decide(command, state);
    state = produced.reduce(evolve, state);
    events.push(...produced);
  }
  return events;
}

export const stateOf = (events: readonly ClaimEvent[]): ClaimState => events.reduce(evolve, initialState());

/** Medical claim registered, documents requested at once and completed on day 5. */
export const medicalDocumentsComplete = (): ClaimEvent[] =>
  play([cmd.report(), cmd.register(), cmd.requestDocuments(), cmd.receive(allDocuments(['medical']))]);

/** The same claim assessed at 5,000 yuan eligible cost, 1,000 yuan paid by basic medical insurance. */
export const medicalAssessed = (): ClaimEvent[] =>
  play([cmd.assess([{ benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n }])], claimDecider, medicalDocumentsComplete());

/**
 * Histories that together contain every event type and every path the public mapping distinguishes:
 * fast-tracked death, Art. 25 advance with a returned payment, a late decision rejected then reopened on
 * appeal and paid, a death paid from the share the policy records, a claim with no policy, a withdrawal,
 * and a claim paid in full in advance.
 */
export function sampleHistories(): Record<string, ClaimEvent[]> {
  const medical = { benefit: 'medical' as const, eligibleCostFen: 500_000n, otherPayersFen: 100_000n };
  return {
    fastTrackedDeath: play([
      cmd.report({ benefits: ['death'], claimedAmountFen: null, documentsProvided: ['death_certificate'] }),
      cmd.register(coverage(), after(1)),
      cmd.requestDocuments('n-1', after(1, 1)),
      cmd.receive(allDocuments(['death']), after(2)),
      cmd.assess([{ benefit: 'death' }], after(2, 12), handler),
      cmd.approve(undefined, after(3), supervisor),
      cmd.schedule('pay-1', after(3, 1)),
      cmd.pay('pay-1', 'BANK-0001', after(4)),
      cmd.followUp('satisfied', 'call-1', after(6)),
      cmd.close(after(7)),
    ]),
    advanceThenReturned: play([
      cmd.report(),
      cmd.register(),
      cmd.requestDocuments(),
      cmd.receive(allDocuments(['medical'])),
      cmd.payPart(100_000n, 'adv-1', after(6)),
      cmd.assess([medical]),
      cmd.approve(),
      cmd.schedule('pay-1'),
      cmd.pay('pay-1', 'BANK-0001', after(9)),
      cmd.reverse('pay-1', after(11)),
      cmd.schedule('pay-2', after(11, 1)),
      cmd.pay('pay-2', 'BANK-0002', after(12)),
      cmd.followUp('unreachable', 'call-1', after(13)),
      cmd.followUp('unreachable', 'call-2', after(14)),
      cmd.followUp('unreachable', 'call-3', after(15)),
      cmd.close(after(16)),
    ]),
    rejectedLateThenAppealed: play([
      cmd.report(),
      cmd.register(),
      cmd.receive(allDocuments(['medical']), after(2)),
      cmd.breach('decision', after(33)),
      cmd.reject('EXCLUDED_CAUSE', after(34)),
      cmd.sendNotice('rn-1', after(35)),
      cmd.close(after(36)),
      cmd.reopen('appeal', 'appeal-1', after(50)),
      cmd.assess([medical], after(52)),
      cmd.approve(undefined, after(53)),
      cmd.schedule('pay-1', after(53)),
      cmd.pay('pay-1', 'BANK-0001', after(54)),
    ]),
    recordedShareDeath: play([
      cmd.report({ benefits: ['death'], claimedAmountFen: null, documentsProvided: allDocuments(['death']) }),
      cmd.register(recordedSharesCoverage(), after(1)),
      cmd.assess([{ benefit: 'death' }], after(2), handler, recordedSharesCoverage()),
      cmd.approve(undefined, after(3), supervisor),
      cmd.schedule('pay-1', after(3, 1)),
      cmd.pay('pay-1', 'BANK-0001', after(4)),
    ]),
    noPolicy: play([cmd.report(), cmd.register(null), cmd.sendNotice('rn-1', after(2)), cmd.close(after(3))]),
    withdrawn: play([cmd.report(), cmd.register(), cmd.withdraw(after(3))]),
    paidInFullInAdvance: play([
      cmd.report({ documentsProvided: allDocuments(['medical']) }),
      cmd.register(),
      cmd.payPart(351_000n, 'adv-1', after(3)),
      cmd.assess([medical], after(4)),
      cmd.approve(undefined, after(5)),
    ]),
  };
}
