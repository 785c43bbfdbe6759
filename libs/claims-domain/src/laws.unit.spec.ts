import { CLAIM_BENEFITS, CLAIM_DOCUMENTS, DEADLINE_KINDS, validateClaimEventV1, validateSettlementEventV1, Topics, type ClaimBenefit } from '@fpi/contracts';
import fc from 'fast-check';
import { maxPayableFen, type AssessmentInput } from './benefits';
import { deserializeClaimEvent, serializeClaimEvent } from './codec';
import type { ClaimCommand } from './commands';
import { claimDecider } from './decide';
import { isClaimError } from './errors';
import { CLAIM_EVENT_TYPES, type Actor, type ClaimEvent } from './events';
import { publicMessages } from './public-events';
import { evolve, initialState, netPaidFen, type ClaimState } from './state';
import { T0, allDocuments, cmd, coverage, handler, handler2, recordedSharesCoverage, supervisor } from './testing/fixtures';
import { HOUR_MS, addMs } from './time';

/** One generated step: how long after the previous one, and numbers from which a command is built. */
interface Step {
  hours: number;
  happy: boolean;
  kind: number;
  a: number;
  b: number;
  c: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  hours: fc.integer({ min: 0, max: 96 }),
  happy: fc.nat(3).map((n) => n > 0), // three in four steps follow the happy path
  kind: fc.nat(16),
  a: fc.nat(1_000_000),
  b: fc.nat(1_000_000),
  c: fc.nat(1_000),
});

const actors: Actor[] = [handler, handler2, supervisor];
const benefitsOf = (a: number): ClaimBenefit[] => CLAIM_BENEFITS.filter((_, i) => ((a % 15) + 1) & (1 << i));

function registrationCoverage(a: number) {
  switch (a % 10) {
    case 4:
      return recordedSharesCoverage();
    case 5:
      return coverage({ householdVulnerable: true });
    case 6:
      return coverage({ insuredMemberIds: ['m-9'] });
    case 7:
      return coverage({ coverStart: '2025-06-01T00:00:00.000Z' });
    case 8:
      return null;
    case 9:
      return coverage({ status: 'cancelled', cancelledAt: '2025-02-01T00:00:00.000Z' });
    default:
      return coverage();
  }
}

function inputsFor(benefits: readonly ClaimBenefit[], { a, b, c }: Step): AssessmentInput[] {
  return benefits.map((benefit): AssessmentInput => {
    switch (benefit) {
      case 'death':
        return { benefit };
      case 'disability':
        return { benefit, grade: (a % 10) + 1 };
      case 'medical': {
        const cost = BigInt(b + 1);
        return { benefit, eligibleCostFen: cost, otherPayersFen: (cost * BigInt(c % 4)) / 4n };
      }
      case 'allowance':
        return { benefit, days: (a % 40) + 1 };
    }
  });
}

/** Mostly the next step a handler would take, sometimes any command at all (most of which must then be refused). */
function commandFor(state: ClaimState, s: Step, now: string): ClaimCommand {
  const who = actors[s.c % actors.length];
  const benefits = state.status === 'empty' ? benefitsOf(s.a) : state.report.benefits;
  const paymentId = `pay-${s.a % 3}`;
  const report = () =>
    cmd.report({ benefits, claimedAmountFen: s.b % 3 === 0 ? null : BigInt(s.b + 1), documentsProvided: s.c % 2 ? allDocuments(benefits) : ['claim_form'] }, now, who);
  const all: (() => ClaimCommand)[] = [
    report,
    () => cmd.register(registrationCoverage(s.a), now, who),
    () => cmd.requestDocuments(`n-${s.a % 2}`, now, s.b % 2 ? ['discharge_summary'] : undefined, who),
    () => cmd.receive(s.b % 3 === 0 ? [CLAIM_DOCUMENTS[s.a % CLAIM_DOCUMENTS.length]] : [...CLAIM_DOCUMENTS], now, who),
    () => cmd.assess(inputsFor(benefits, s), now, who, (s.c % 3 === 0 ? recordedSharesCoverage : coverage)({ medicalRemainingFen: BigInt(s.a % 900_000) })),
    () => cmd.approve(s.a % 4 === 0 ? BigInt(s.b) : undefined, now, who),
    () => cmd.reject(s.a % 2 ? 'EXCLUDED_CAUSE' : 'NOT_AN_ACCIDENT', now, who),
    () => cmd.sendNotice(`rn-${s.a % 2}`, now, who),
    () => cmd.payPart(BigInt((s.b % 600_000) + 1), `adv-${s.a % 2}`, now, who),
    () => cmd.schedule(paymentId, now, who),
    () => cmd.pay(state.status === 'payment_scheduled' ? (state.payments.at(-1)?.paymentId ?? paymentId) : paymentId, `BANK-${s.a % 2}`, now, who),
    () => cmd.reverse(state.status !== 'empty' && state.payments.length > 0 ? state.payments[s.a % state.payments.length].paymentId : paymentId, now, who),
    () => cmd.followUp(s.a % 3 === 0 ? 'satisfied' : 'unreachable', `call-${s.b % 4}`, now, who),
    () => cmd.close(now, who),
    () => cmd.withdraw(now, who),
    () => cmd.reopen(s.a % 2 ? 'appeal' : 'reconsideration', `r-${s.b % 2}`, now, who),
    () => cmd.breach(DEADLINE_KINDS[s.a % DEADLINE_KINDS.length], now, who),
  ];
  const [report_, register, request, receive, assess, approve, reject, notice, payPart, schedule, pay, reverse, followUp, close, , reopen] = all;
  if (!s.happy) return all[s.kind % all.length]();
  switch (state.status) {
    case 'empty':
      return report_();
    case 'reported':
      return register();
    case 'registered':
      return s.a % 2 ? request() : receive();
    case 'awaiting_documents':
      return receive();
    case 'documents_complete':
      return [assess, assess, payPart, reject][s.b % 4]();
    case 'assessed':
      return s.b % 5 ? approve() : reject();
    case 'approved':
      return schedule();
    case 'payment_scheduled':
      return pay();
    case 'paid':
      return s.b % 6 ? followUp() : reverse();
    case 'followed_up':
      return close();
    case 'rejected':
      return [notice, close, reopen][s.b % 3]();
    case 'closed':
    case 'withdrawn':
      return reopen();
  }
}

interface Run {
  history: ClaimEvent[];
  state: ClaimState;
  visited: Set<string>;
}

function checkMoney(state: ClaimState): void {
  if (state.status === 'empty') return;
  const paid = netPaidFen(state);
  expect(state.payments.every((p) => p.amountFen > 0n)).toBe(true);
  expect(paid >= 0n).toBe(true);
  if (state.assessment) expect(paid <= state.assessment.totalFen).toBe(true);
  if (state.approval) {
    expect(paid <= state.approval.approvedFen).toBe(true);
    expect(state.approval.approvedFen <= (state.assessment?.totalFen ?? -1n)).toBe(true);
  }
  if (!state.assessment && state.coverage) expect(paid <= maxPayableFen(state.coverage, state.report.claimant.memberId, state.report.benefits)).toBe(true);
  if (state.status === 'rejected' || (state.status === 'closed' && state.closure.outcome === 'rejected')) expect(paid).toBe(0n);
}

/** After a rejection, until a reopening, no money is scheduled or paid. */
function nothingPaidAfterRejection(history: readonly ClaimEvent[]): void {
  let rejected = false;
  for (const event of history) {
    if (event.type === 'ClaimRejected') rejected = true;
    if (event.type === 'ClaimReopened') rejected = false;
    if (rejected) expect(['ClaimPaid', 'ClaimPartPaidInAdvance', 'ClaimPaymentScheduled', 'ClaimApproved']).not.toContain(event.type);
  }
}

function run(steps: readonly Step[]): Run {
  let state = initialState();
  const history: ClaimEvent[] = [];
  const visited = new Set<string>();
  let now = addMs(T0, 10 * HOUR_MS);
  for (const s of steps) {
    now = addMs(now, s.hours * HOUR_MS);
    const command = commandFor(state, s, now);
    let events: ClaimEvent[];
    try {
      events = claimDecider.decide(command, state);
    } catch (e) {
      // Broken rules are coded domain errors, never a crash.
      if (!isClaimError(e)) throw e;
      continue;
    }
    const after = events.reduce(evolve, state);
    // A repeated command has no effect.
    expect(claimDecider.decide(command, after)).toEqual([]);
    for (const event of events) expect(deserializeClaimEvent(serializeClaimEvent(event))).toEqual(event);
    history.push(...events);
    state = after;
    visited.add(state.status);
    checkMoney(state);
  }
  return { history, state, visited };
}

describe('decider laws (random command sequences)', () => {
  const sequences = fc.array(step, { minLength: 1, maxLength: 40 });

  it('paid <= approved <= assessed, nothing paid after rejection, retries have no effect, errors are coded', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { history } = run(steps);
        nothingPaidAfterRejection(history);
      }),
      { numRuns: 300 },
    );
  });

  it('the state is a pure fold of the history, and evolve survives any order of events', () => {
    fc.assert(
      fc.property(sequences, fc.nat(), (steps, seed) => {
        const { history, state } = run(steps);
        expect(history.reduce(evolve, initialState())).toEqual(state);
        const shuffled = history
          .map((event, i) => ({ event, key: (i * 7919 + seed) % 101 }))
          .sort((x, y) => x.key - y.key)
          .map(({ event }) => event);
        expect(() => shuffled.reduce(evolve, initialState())).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('records each deadline at most once per cycle', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const keys = run(steps).history.flatMap((e) => (e.type === 'ClaimDeadlineBreached' ? [`${e.data.deadline}@${e.data.cycle}`] : []));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 200 },
    );
  });

  it('publishes only schema-valid contract events', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { history } = run(steps);
        const stream = history.map((event, revision) => ({ event, eventId: `e-${revision}`, revision }));
        for (const message of publicMessages(stream)) {
          const result = message.topic === Topics.claimEvents ? validateClaimEventV1(message.value) : validateSettlementEventV1(message.value);
          expect(result).toEqual({ valid: true });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('exercises every status and every event type (so the laws above are not vacuous)', () => {
    const statuses = new Set<string>();
    const types = new Set<string>();
    fc.assert(
      fc.property(sequences, (steps) => {
        const { history, visited } = run(steps);
        visited.forEach((s) => statuses.add(s));
        history.forEach((e) => types.add(e.type));
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...statuses].sort()).toEqual(
      ['approved', 'assessed', 'awaiting_documents', 'closed', 'documents_complete', 'followed_up', 'paid', 'payment_scheduled', 'registered', 'rejected', 'reported', 'withdrawn'].sort(),
    );
    expect([...types].sort()).toEqual([...CLAIM_EVENT_TYPES].sort());
  });
});
