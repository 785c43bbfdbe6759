import type { ClaimEventV1, FollowUpOutcome, PolicyEvent, PolicySnapshot } from '@fpi/contracts';
import { DAY_MS } from './period';

/**
 * Builders of contract-valid events for tests, the benchmark and demo data. Synthetic only: member ids are
 * counters and the one masked ID number is the standard's published example, never a real person's.
 */

/** A deterministic UUID (version-4 layout) from a number and a namespace digit. */
export const syntheticUuid = (n: number, ns = 0): string => `00000000-0000-4${String(ns).padStart(3, '0')}-8000-${String(n).padStart(12, '0')}`;

const MASKED_ID = '1101**********002X';
const iso = (ms: number) => new Date(ms).toISOString();

export interface PolicyScenario {
  /** Distinct small integer: ids derive from it. */
  n: number;
  programmeYear: number;
  villageCode: string;
  channel: 'COUNTER' | 'REFERRER' | 'MOBILE_STOREFRONT' | 'GOVERNMENT_GIFTED';
  referrer?: number | null;
  householdStatus?: PolicySnapshot['householdStatus'];
  insuredPersons?: number;
  /** Payer shares in fen; the premium is their sum. */
  shares?: Partial<Record<'HOUSEHOLD' | 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE' | 'INSURER_SUBSIDY', bigint>>;
  appliedAt: string;
  paidAt?: string | null;
  issuedAt?: string | null;
  deliveredAt?: string | null;
  cancelledAt?: string | null;
  issuanceDeadlineDays?: number;
  deliveryDeadlineDays?: number;
}

export const policyIdOf = (n: number): string => syntheticUuid(n, 1);
export const referrerIdOf = (n: number): string => syntheticUuid(n, 3);

/**
 * The events enrollment publishes over a policy's life, each carrying the whole snapshot as it stood then
 * (applied, one payment per payer, issued, delivered, cancelled), with revisions 1, 2, ...
 */
export function policyEvents(s: PolicyScenario): PolicyEvent[] {
  const shares = Object.entries(s.shares ?? { HOUSEHOLD: 6000n, COUNTY: 4800n }) as [PolicySnapshot['payerShares'][number]['payer'], bigint][];
  const premium = shares.reduce((a, [, v]) => a + v, 0n);
  const issuanceDays = s.issuanceDeadlineDays ?? 3;
  const deliveryDays = s.deliveryDeadlineDays ?? 15;
  const village = s.villageCode;
  const policyId = policyIdOf(s.n);
  const householdId = syntheticUuid(s.n, 2);
  const persons = s.insuredPersons ?? 3;
  const referrerId = s.referrer === undefined || s.referrer === null ? (s.channel === 'REFERRER' ? referrerIdOf(0) : null) : referrerIdOf(s.referrer);
  const snapshot = (state: { status: PolicySnapshot['status']; paid: Map<string, bigint>; fullyPaidAt: string | null; issuedAt: string | null; deliveredAt: string | null; cancelledAt: string | null }): PolicySnapshot => ({
    policyId,
    policyNumber: state.issuedAt ? `PN${s.programmeYear}${String(s.n).padStart(8, '0')}` : null,
    householdId,
    programmeYear: s.programmeYear,
    productCode: `STD-${s.programmeYear}`,
    status: state.status,
    channel: s.channel,
    referrerId,
    region: { countyCode: village.slice(0, 6), townshipCode: village.slice(0, 9), villageCode: village },
    householdStatus: s.householdStatus ?? 'ONE_CHILD',
    vulnerable: ['SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME'].includes(s.householdStatus ?? 'ONE_CHILD'),
    householdMemberCount: persons,
    insuredPersons: persons,
    premiumFen: premium.toString(),
    paidFen: [...state.paid.values()].reduce((a, b) => a + b, 0n).toString(),
    payerShares: shares.map(([payer, amount]) => ({ payer, amountFen: amount.toString(), paidFen: (state.paid.get(payer) ?? 0n).toString() })),
    coverStartsOn: `${s.programmeYear}-01-01`,
    coverEndsOn: `${s.programmeYear}-12-31`,
    coverage: { deathDisabilitySumInsuredFen: '10000000', medicalLimitFen: '500000', medicalDeductibleFen: '10000', medicalReimbursementBp: 8000, hospitalAllowancePerDayFen: '5000', hospitalAllowanceMaxDays: 30 },
    insuredMembers: Array.from({ length: persons }, (_, i) => ({
      memberId: syntheticUuid(s.n * 10 + i, 4),
      relationship: i === 0 ? ('HEAD' as const) : ('CHILD' as const),
      idNumberMasked: MASKED_ID,
      sex: 'FEMALE' as const,
      ageAtCoverStart: 30,
      deathDisabilitySumInsuredFen: (10_000_000n / BigInt(persons)).toString(),
    })),
    issuanceDeadlineDays: issuanceDays,
    deliveryDeadlineDays: deliveryDays,
    timestamps: {
      appliedAt: s.appliedAt,
      premiumFullyPaidAt: state.fullyPaidAt,
      issuanceDueAt: state.fullyPaidAt ? iso(Date.parse(state.fullyPaidAt) + issuanceDays * DAY_MS) : null,
      issuedAt: state.issuedAt,
      deliveryDueAt: state.issuedAt ? iso(Date.parse(state.issuedAt) + deliveryDays * DAY_MS) : null,
      deliveredAt: state.deliveredAt,
      inForceAt: null,
      expiredAt: null,
      cancelledAt: state.cancelledAt,
    },
    renewedFromPolicyId: null,
    renewedToPolicyId: null,
  });

  const state = { status: 'APPLIED' as PolicySnapshot['status'], paid: new Map<string, bigint>(), fullyPaidAt: null as string | null, issuedAt: null as string | null, deliveredAt: null as string | null, cancelledAt: null as string | null };
  const events: PolicyEvent[] = [];
  const envelope = (at: string) => ({
    eventId: syntheticUuid(s.n * 100 + events.length + 1, 5),
    version: 1 as const,
    aggregateType: 'policy' as const,
    aggregateId: policyId,
    revision: events.length + 1,
    occurredAt: at,
    actor: 'synthetic',
  });
  events.push({ ...envelope(s.appliedAt), type: 'PolicyApplied', data: { policy: snapshot(state) } });
  if (s.paidAt) {
    shares.forEach(([payer, amount], i) => {
      state.paid.set(payer, amount);
      const full = i === shares.length - 1;
      if (full) {
        state.fullyPaidAt = s.paidAt as string;
        state.status = 'PAID';
      } else state.status = 'PARTIALLY_PAID';
      events.push({
        ...envelope(s.paidAt as string),
        type: 'PremiumPaymentRecorded',
        data: { policy: snapshot(state), payment: { paymentId: syntheticUuid(s.n * 10 + i, 6), payer, amountFen: amount.toString(), paidAt: s.paidAt as string }, fullyPaid: full },
      });
    });
  }
  if (s.paidAt && s.issuedAt) {
    state.issuedAt = s.issuedAt;
    state.status = 'ISSUED';
    events.push({ ...envelope(s.issuedAt), type: 'PolicyIssued', data: { policy: snapshot(state) } });
    if (s.deliveredAt) {
      state.deliveredAt = s.deliveredAt;
      state.status = 'DELIVERED';
      events.push({ ...envelope(s.deliveredAt), type: 'PolicyDelivered', data: { policy: snapshot(state), delivery: { method: 'IN_PERSON', proofReference: `proof-${s.n}` } } });
    }
  }
  if (s.cancelledAt) {
    state.cancelledAt = s.cancelledAt;
    state.status = 'CANCELLED';
    events.push({ ...envelope(s.cancelledAt), type: 'PolicyCancelled', data: { policy: snapshot(state), reason: 'HOUSEHOLD_REQUEST' } });
  }
  return events;
}

export interface ClaimScenario {
  n: number;
  /** Policy scenario number the claim is registered against (null: never registered). */
  policy: number | null;
  villageCode: string;
  enrolmentChannel?: string;
  memberId?: string;
  reportedAt: string;
  registeredAt?: string;
  /** Documents completed at this instant (omit: complete at registration). */
  documentsCompletedAt?: string | null;
  fastTrack?: boolean;
  fastTrackBreached?: boolean;
  approvedAt?: string;
  approvedFen?: bigint;
  advance?: { at: string; fen: bigint };
  paidAt?: string;
  reversedAt?: string;
  rejectedAt?: string;
  followUp?: { at: string; outcome: FollowUpOutcome };
  closedAt?: string;
  withdrawnAt?: string;
  reopenedAt?: string;
}

export const claimIdOf = (n: number): string => `CLM-${String(n).padStart(8, '0')}`;

/** The lifecycle events the claims service publishes for a scenario, with sequences 0, 1, ... */
export function claimEvents(s: ClaimScenario): ClaimEventV1[] {
  const claimId = claimIdOf(s.n);
  const county = s.villageCode.slice(0, 6);
  const events: ClaimEventV1[] = [];
  const env = <T extends ClaimEventV1['type']>(type: T, at: string) => ({
    eventId: `${claimId}:${events.length}`,
    type,
    version: 1 as const,
    claimId,
    sequence: events.length,
    occurredAt: at,
    actor: { id: 'handler-1', role: 'handler' as const },
    regionCode: county,
  });
  const push = (e: unknown) => events.push(e as ClaimEventV1);
  push({
    ...env('ClaimReported', s.reportedAt),
    data: {
      householdId: s.policy === null ? syntheticUuid(900_000 + s.n, 2) : syntheticUuid(s.policy, 2),
      claimant: { memberId: s.memberId ?? syntheticUuid(s.n, 7), idNumberMasked: MASKED_ID },
      accident: { occurredAt: s.reportedAt, regionCode: county, causeCode: 'FALL' },
      benefits: ['medical'],
      claimedAmountFen: '100000',
      channel: 'phone',
      reporterRelation: 'self',
      documentsProvided: ['claim_form'],
      reportingWindowHours: 48,
      reportedLate: false,
    },
  });
  if (s.registeredAt && s.policy !== null) {
    const missing = s.documentsCompletedAt ? ['medical_invoice'] : [];
    push({
      ...env('ClaimRegistered', s.registeredAt),
      data: {
        policyId: policyIdOf(s.policy),
        policyNumber: `PN${s.policy}`,
        villageCode: s.villageCode,
        enrolmentChannel: s.enrolmentChannel ?? 'COUNTER',
        requiredDocuments: ['claim_form', 'medical_invoice'],
        missingDocuments: missing,
        cycle: 1,
      },
    });
    if (s.fastTrack) push({ ...env('ClaimFastTracked', s.registeredAt), data: { reasons: ['SMALL_MEDICAL'], decisionTargetDays: 3, paymentTargetDays: 3 } });
    if (s.documentsCompletedAt) {
      push({ ...env('ClaimDocumentsRequested', s.registeredAt), data: { noticeId: `N-${s.n}`, documents: ['medical_invoice'] } });
      push({ ...env('ClaimDocumentsCompleted', s.documentsCompletedAt), data: {} });
    }
  }
  if (s.fastTrackBreached) {
    const at = s.approvedAt ?? s.rejectedAt ?? s.reportedAt;
    push({ ...env('ClaimDeadlineBreached', at), data: { deadline: 'fast_track_decision', cycle: 1, dueAt: at, breachedAt: at } });
  }
  if (s.rejectedAt) {
    push({ ...env('ClaimRejected', s.rejectedAt), data: { reasonCode: 'EXCLUDED_CAUSE', stage: 'decision' } });
    push({ ...env('ClaimRejectionNoticeSent', s.rejectedAt), data: { noticeId: `R-${s.n}` } });
  }
  if (s.approvedAt) {
    const approved = s.approvedFen ?? 300_000n;
    push({ ...env('ClaimAssessed', s.approvedAt), data: { benefitLines: [{ benefit: 'medical', rule: 'MEDICAL_SHARED_LIMIT_V1', amountFen: approved.toString(), inputs: { eligibleFen: approved.toString() } }], assessedFen: approved.toString() } });
    push({ ...env('ClaimApproved', s.approvedAt), data: { approvedFen: approved.toString(), fourEyes: false } });
    let rest = approved;
    if (s.advance) {
      push({ ...env('ClaimPartPaidInAdvance', s.advance.at), data: { paymentId: `A-${s.n}`, amountFen: s.advance.fen.toString(), paymentReference: `BANK-A-${s.n}` } });
      rest -= s.advance.fen;
    }
    if (s.paidAt) {
      push({ ...env('ClaimPaymentScheduled', s.paidAt), data: { paymentId: `P-${s.n}`, amountFen: rest.toString() } });
      push({ ...env('ClaimPaid', s.paidAt), data: { paymentId: `P-${s.n}`, amountFen: rest.toString(), paymentReference: `BANK-${s.n}`, fullyPaid: true } });
      if (s.reversedAt) push({ ...env('ClaimPaymentReversed', s.reversedAt), data: { paymentId: `P-${s.n}`, amountFen: rest.toString(), reasonCode: 'BANK_RETURNED' } });
    }
  }
  if (s.withdrawnAt) push({ ...env('ClaimWithdrawn', s.withdrawnAt), data: { reasonCode: 'CLAIMANT_REQUEST' } });
  if (s.followUp) push({ ...env('ClaimFollowUpRecorded', s.followUp.at), data: { attempt: 1, outcome: s.followUp.outcome, completed: true } });
  if (s.closedAt) push({ ...env('ClaimClosed', s.closedAt), data: { outcome: s.rejectedAt ? 'rejected' : 'paid' } });
  if (s.reopenedAt) push({ ...env('ClaimReopened', s.reopenedAt), data: { reopenId: `RO-${s.n}`, reason: 'appeal', cycle: 2 } });
  return events;
}

/**
 * One unit of a synthetic programme (for benchmarks and fault scenarios): five policies and one claim,
 * each as its own stream of events. Policies vary in channel, referrer, persons and timeliness (one in
 * twenty never issued, one in ten never delivered); one claim in ten is rejected, one in three
 * fast-tracked, and the follow-up outcomes take turns. Unit `u` happens on day `u % 300` of 2021.
 */
export function syntheticProgrammeUnit(u: number): (PolicyEvent | ClaimEventV1)[][] {
  const streams: (PolicyEvent | ClaimEventV1)[][] = [];
  const base = Date.UTC(2021, 0, 1) + (u % 300) * DAY_MS;
  const at = (days: number, hours = 0) => iso(base + days * DAY_MS + hours * 3_600_000);
  const village = (k: number) => `4101${String(1 + (k % 10)).padStart(2, '0')}${String(1 + ((k >> 3) % 10)).padStart(3, '0')}${String(1 + ((k >> 5) % 20)).padStart(3, '0')}`;
  for (let i = 0; i < 5; i++) {
    const n = u * 5 + i + 1;
    streams.push(
      policyEvents({
        n,
        programmeYear: 2021,
        villageCode: village(n),
        channel: (['COUNTER', 'REFERRER', 'MOBILE_STOREFRONT', 'COUNTER'] as const)[n % 4] ?? 'COUNTER',
        referrer: n % 4 === 1 ? n % 480 : null,
        insuredPersons: 2 + (n % 4),
        appliedAt: at(0),
        paidAt: at(1),
        issuedAt: n % 20 === 0 ? null : at(1 + (n % 5)),
        deliveredAt: n % 10 === 0 ? null : at(6 + (n % 15)),
      }),
    );
  }
  const p = u * 5 + 1;
  streams.push(
    claimEvents({
      n: u + 1,
      policy: p,
      villageCode: village(p),
      reportedAt: at(30, 1),
      registeredAt: at(30, 2),
      documentsCompletedAt: u % 2 === 0 ? at(32) : null,
      fastTrack: u % 3 === 0,
      approvedAt: u % 10 === 0 ? undefined : at(34),
      paidAt: u % 10 === 0 ? undefined : at(36),
      rejectedAt: u % 10 === 0 ? at(34) : undefined,
      followUp: { at: at(40), outcome: (['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const)[u % 4] ?? 'satisfied' },
      closedAt: at(41),
    }),
  );
  return streams;
}

/**
 * The synthetic programme's events in emission order until `total`, one wave of `unitsPerWave` units at a
 * time (a unit is about 30 events): the units of a wave side by side (event 1 of every aggregate, then event
 * 2, ...), as enrolment and claims happen over time, the harsher case for a consumer (a batch touches many
 * rows). Each aggregate's events keep their order. The last wave is cut at `total`, so it holds only the
 * early events of its aggregates: a total of many whole waves gives whole lifecycles.
 */
export function* syntheticEventWaves(total: number, unitsPerWave: number): Generator<(PolicyEvent | ClaimEventV1)[]> {
  let emitted = 0;
  for (let first = 0; emitted < total; first += unitsPerWave) {
    const streams = Array.from({ length: unitsPerWave }, (_, k) => syntheticProgrammeUnit(first + k)).flat();
    const out: (PolicyEvent | ClaimEventV1)[] = [];
    for (let step = 0; streams.some((s) => s.length > step); step++) {
      for (const s of streams) {
        const e = s[step];
        if (e && emitted < total) {
          out.push(e);
          emitted++;
        }
      }
    }
    yield out;
  }
}
