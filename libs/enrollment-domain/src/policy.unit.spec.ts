import { EnrollmentError } from './errors';
import { applyForPolicy, decide, evolve, type CommandMetadata, type Policy, type PolicyChange, type PolicyCommand } from './policy';

const applied = (): Policy =>
  applyForPolicy(
    {
      policyId: 'p-1',
      householdId: 'h-1',
      programmeYear: 2025,
      productCode: 'STD-60',
      channel: 'REFERRER',
      referrerId: 'r-1',
      premiumFen: 6000n,
      payerShares: [
        { payer: 'COUNTY', amountFen: 3000n },
        { payer: 'HOUSEHOLD', amountFen: 3000n },
      ],
      issuanceDeadlineDays: 3,
      deliveryDeadlineDays: 15,
      coverStartsOn: '2025-03-01',
      coverEndsOn: '2025-12-31',
    },
    { now: new Date('2025-02-10T02:00:00Z'), actor: 'clerk-1' },
  );

const at = (iso: string, actor = 'clerk-1'): CommandMetadata => ({ now: new Date(iso), actor });
const pay = (payer: 'COUNTY' | 'HOUSEHOLD', amountFen: bigint, reference: string): PolicyCommand => ({ type: 'RecordPremiumPayment', paymentId: `pay-${reference}`, payer, amountFen, reference });

/** Scenario helper in the style of a decider specification: given commands, when one more, then changes or an error. */
function given(...steps: [PolicyCommand, CommandMetadata][]) {
  const state = steps.reduce((p, [c, m]) => decide(c, p, m).reduce(evolve, p), applied());
  return {
    state,
    when(command: PolicyCommand, meta: CommandMetadata = at('2025-02-20T00:00:00Z')) {
      const run = () => decide(command, state, meta);
      return {
        then(check: (changes: PolicyChange[], next: Policy) => void) {
          const changes = run();
          check(changes, changes.reduce(evolve, state));
        },
        thenThrows(code: string) {
          expect(run).toThrow(EnrollmentError);
          try {
            run();
          } catch (e) {
            expect((e as EnrollmentError).code).toBe(code);
          }
        },
      };
    },
  };
}

const paidInFull: [PolicyCommand, CommandMetadata][] = [
  [pay('COUNTY', 3000n, 'gov-1'), at('2025-02-11T00:00:00Z')],
  [pay('HOUSEHOLD', 3000n, 'hh-1'), at('2025-02-12T00:00:00Z')],
];
const issued: [PolicyCommand, CommandMetadata][] = [...paidInFull, [{ type: 'IssuePolicy', policyNumber: 'PN-0001' }, at('2025-02-13T00:00:00Z', 'insurer-1')]];

describe('policy lifecycle', () => {
  it('starts APPLIED at revision 1 with the applicant and time', () => {
    const p = applied();
    expect(p).toMatchObject({ status: 'APPLIED', revision: 1, appliedBy: 'clerk-1', appliedAt: new Date('2025-02-10T02:00:00Z') });
  });

  it('is partially paid after one payer, fully paid when the payments reach the premium; the issuance clock starts then', () => {
    given([pay('COUNTY', 1000n, 'gov-1'), at('2025-02-11T00:00:00Z')])
      .when(pay('COUNTY', 2000n, 'gov-2'), at('2025-02-11T06:00:00Z'))
      .then((changes, next) => {
        expect(changes).toHaveLength(1);
        expect(next).toMatchObject({ status: 'PARTIALLY_PAID', revision: 3, premiumFullyPaidAt: null });
      });
    given(...paidInFull).when(pay('HOUSEHOLD', 1n, 'x')).thenThrows('ENROLLMENT.POLICY_ALREADY_PAID');
    const p = given(...paidInFull).state;
    expect(p).toMatchObject({ status: 'PAID', premiumFullyPaidAt: new Date('2025-02-12T00:00:00Z'), issuanceDueAt: new Date('2025-02-15T00:00:00Z'), revision: 3 });
  });

  it('refuses a payment above the payer\'s outstanding share, and a payer without a share', () => {
    given([pay('COUNTY', 2000n, 'gov-1'), at('2025-02-11T00:00:00Z')]).when(pay('COUNTY', 1001n, 'gov-2')).thenThrows('ENROLLMENT.PAYMENT_EXCEEDS_SHARE');
    given().when({ type: 'RecordPremiumPayment', paymentId: 'x', payer: 'CITY', amountFen: 1n, reference: 'c' }).thenThrows('ENROLLMENT.PAYER_NOT_IN_SHARES');
  });

  it('treats the same payment reference and amount as a retry, and a different amount under it as a conflict', () => {
    given([pay('COUNTY', 1000n, 'gov-1'), at('2025-02-11T00:00:00Z')]).when(pay('COUNTY', 1000n, 'gov-1')).then((changes) => expect(changes).toEqual([]));
    given([pay('COUNTY', 1000n, 'gov-1'), at('2025-02-11T00:00:00Z')]).when(pay('COUNTY', 900n, 'gov-1')).thenThrows('ENROLLMENT.DUPLICATE_PAYMENT_REFERENCE');
  });

  it('issues only a fully paid policy', () => {
    given().when({ type: 'IssuePolicy', policyNumber: 'PN-1' }).thenThrows('ENROLLMENT.POLICY_NOT_PAID');
    given(paidInFull[0]).when({ type: 'IssuePolicy', policyNumber: 'PN-1' }).thenThrows('ENROLLMENT.POLICY_NOT_PAID');
    given(...paidInFull)
      .when({ type: 'IssuePolicy', policyNumber: 'PN-0001' }, at('2025-02-13T00:00:00Z', 'insurer-1'))
      .then((_, next) => expect(next).toMatchObject({ status: 'ISSUED', policyNumber: 'PN-0001', issuedBy: 'insurer-1', deliveryDueAt: new Date('2025-02-28T00:00:00Z') }));
  });

  it('treats issuing again under the same number as a retry, under another as a conflict', () => {
    given(...issued).when({ type: 'IssuePolicy', policyNumber: 'PN-0001' }).then((changes) => expect(changes).toEqual([]));
    given(...issued).when({ type: 'IssuePolicy', policyNumber: 'PN-0002' }).thenThrows('ENROLLMENT.POLICY_ALREADY_ISSUED');
  });

  const deliver: PolicyCommand = { type: 'DeliverPolicy', method: 'IN_PERSON', receiverName: '王某', proofReference: 'photo-1' };

  it('delivers only after issuance', () => {
    given().when(deliver).thenThrows('ENROLLMENT.POLICY_NOT_ISSUED');
    given(...paidInFull).when(deliver).thenThrows('ENROLLMENT.POLICY_NOT_ISSUED');
    given(...issued)
      .when(deliver, at('2025-02-20T00:00:00Z', 'referrer-1'))
      .then((_, next) => expect(next).toMatchObject({ status: 'DELIVERED', delivery: { method: 'IN_PERSON', deliveredBy: 'referrer-1', deliveredAt: new Date('2025-02-20T00:00:00Z') } }));
    given(...issued, [deliver, at('2025-02-20T00:00:00Z')]).when({ ...deliver, proofReference: 'photo-2' }).thenThrows('ENROLLMENT.POLICY_ALREADY_DELIVERED');
  });

  it('comes into force on the cover start date (China time) and expires after the cover end date', () => {
    given(...issued).when({ type: 'PutPolicyInForce' }, at('2025-02-28T15:59:59Z')).thenThrows('ENROLLMENT.COVER_NOT_STARTED');
    given(...issued).when({ type: 'PutPolicyInForce' }, at('2025-02-28T16:00:00Z')).then((_, next) => expect(next.status).toBe('IN_FORCE'));
    const inForce: [PolicyCommand, CommandMetadata][] = [...issued, [{ type: 'PutPolicyInForce' }, at('2025-03-01T00:00:00Z', 'system')]];
    given(...inForce).when({ type: 'ExpirePolicy' }, at('2025-12-31T15:00:00Z')).thenThrows('ENROLLMENT.COVER_NOT_ENDED');
    given(...inForce).when({ type: 'ExpirePolicy' }, at('2025-12-31T16:00:00Z')).then((_, next) => expect(next.status).toBe('EXPIRED'));
    given().when({ type: 'PutPolicyInForce' }).thenThrows('ENROLLMENT.POLICY_NOT_ISSUED');
  });

  it('records a late delivery without leaving IN_FORCE', () => {
    given(...issued, [{ type: 'PutPolicyInForce' }, at('2025-03-01T00:00:00Z', 'system')])
      .when(deliver, at('2025-03-05T00:00:00Z'))
      .then((_, next) => expect(next).toMatchObject({ status: 'IN_FORCE', delivery: { proofReference: 'photo-1' } }));
  });

  it('cancels with a reason from any open state, and nothing moves afterwards', () => {
    const cancel: PolicyCommand = { type: 'CancelPolicy', reason: 'HOUSEHOLD_REQUEST', note: null };
    given(...issued).when(cancel).then((_, next) => expect(next).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'HOUSEHOLD_REQUEST', cancelledBy: 'clerk-1' } }));
    const cancelled: [PolicyCommand, CommandMetadata] = [cancel, at('2025-02-15T00:00:00Z')];
    given(cancelled).when(pay('COUNTY', 1n, 'late')).thenThrows('ENROLLMENT.POLICY_CLOSED');
    given(cancelled).when({ type: 'IssuePolicy', policyNumber: 'PN-9' }).thenThrows('ENROLLMENT.POLICY_CLOSED');
    given(cancelled).when(cancel).then((changes) => expect(changes).toEqual([]));
  });

  it('is renewed once, and only when it was issued', () => {
    const renew: PolicyCommand = { type: 'MarkPolicyRenewed', renewedToPolicyId: 'p-2' };
    given().when(renew).thenThrows('ENROLLMENT.POLICY_NOT_ISSUED');
    given(...issued).when(renew).then((_, next) => expect(next.renewal?.renewedToPolicyId).toBe('p-2'));
    given(...issued, [renew, at('2025-12-01T00:00:00Z')]).when({ type: 'MarkPolicyRenewed', renewedToPolicyId: 'p-3' }).thenThrows('ENROLLMENT.POLICY_ALREADY_RENEWED');
  });

  it('bumps the revision by exactly one per change', () => {
    const p = given(...issued).state;
    expect(p.revision).toBe(4);
  });
});
