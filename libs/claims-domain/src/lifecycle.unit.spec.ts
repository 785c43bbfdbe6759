import type { ClaimBenefit } from '@fpi/contracts';
import type { AssessmentInput } from './benefits';
import type { ReportClaim } from './commands';
import type { ClaimEvent } from './events';
import { netPaidFen } from './state';
import { after, allDocuments, cmd, coverage, handler, play, stateOf, supervisor } from './testing/fixtures';

/** Report on the day, register and ask for the rest the next day, decide on day 3, pay on day 4. */
function paidClaim(benefits: ClaimBenefit[], inputs: AssessmentInput[], report: Partial<ReportClaim['data']> = {}): ClaimEvent[] {
  return play([
    cmd.report({ benefits, claimedAmountFen: null, ...report }),
    cmd.register(coverage(), after(1)),
    cmd.requestDocuments('n-1', after(1, 1)),
    cmd.receive(allDocuments(benefits), after(2)),
    cmd.assess(inputs, after(2, 12), handler),
    cmd.approve(undefined, after(3), supervisor),
    cmd.schedule('pay-1', after(3, 1)),
    cmd.pay('pay-1', 'BANK-0001', after(4)),
  ]);
}

/** ... then call the family back and close. */
const wholeLife = (benefits: ClaimBenefit[], inputs: AssessmentInput[], report: Partial<ReportClaim['data']> = {}): ClaimEvent[] =>
  play([cmd.followUp('satisfied', 'call-1', after(6)), cmd.close(after(7))], undefined, paidClaim(benefits, inputs, report));

const steps = [
  'ClaimReported',
  'ClaimRegistered',
  'ClaimDocumentsRequested',
  'ClaimDocumentsReceived',
  'ClaimDocumentsCompleted',
  'ClaimAssessed',
  'ClaimApproved',
  'ClaimPaymentScheduled',
  'ClaimPaid',
  'ClaimFollowUpRecorded',
  'ClaimClosed',
];

describe('a claim of each benefit type through its whole life', () => {
  it.each<[string, ClaimBenefit, AssessmentInput, bigint, boolean]>([
    ['accidental death: the member share of 100,000 yuan among four', 'death', { benefit: 'death' }, 2_500_000n, true],
    ['disability grade 5: half of the share', 'disability', { benefit: 'disability', grade: 5 }, 1_500_000n, true],
    ['medical: 90 % of the cost after basic insurance and the deductible', 'medical', { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n }, 351_000n, false],
    ['hospital allowance: 10 days at 50 yuan', 'allowance', { benefit: 'allowance', days: 10 }, 50_000n, false],
  ])('%s', (_, benefit, input, expectedFen, fourEyes) => {
    const history = wholeLife([benefit], [input]);
    // Death with its certificate also enters the green channel when the documents complete; see the next test.
    expect(history.map((e) => e.type).filter((t) => t !== 'ClaimFastTracked')).toEqual(steps);
    const claim = stateOf(history);
    if (claim.status !== 'closed') throw new Error(`claim is ${claim.status}`);
    expect(claim.closure.outcome).toBe('paid');
    expect(claim.assessment?.totalFen).toBe(expectedFen);
    expect(claim.approval).toMatchObject({ approvedFen: expectedFen, fourEyes });
    expect(netPaidFen(claim)).toBe(expectedFen);
    expect(claim.followUp.outcome).toBe('satisfied');
    expect(claim.breaches).toEqual([]);
    expect(claim.steps).toMatchObject({ reportedAt: after(0, 10), registeredAt: after(1), paidAt: after(4), closedAt: after(7) });
  });

  it('a fast-tracked accidental death meets its three-day targets', () => {
    const history = wholeLife(['death'], [{ benefit: 'death' }], { documentsProvided: ['death_certificate'] });
    expect(history.map((e) => e.type)).toEqual([...steps.slice(0, 2), 'ClaimFastTracked', ...steps.slice(2)]); // at registration
    expect(stateOf(history)).toMatchObject({ status: 'closed', fastTrack: { reasons: ['ACCIDENTAL_DEATH'] }, breaches: [] });
  });

  it('a hospital stay with medical and allowance lines together', () => {
    const history = wholeLife(['medical', 'allowance'], [
      { benefit: 'allowance', days: 5 },
      { benefit: 'medical', eligibleCostFen: 200_000n, otherPayersFen: 50_000n },
    ]);
    const claim = stateOf(history);
    expect(claim).toMatchObject({ status: 'closed', assessment: { totalFen: 151_000n, lines: [{ benefit: 'medical', amountFen: 126_000n }, { benefit: 'allowance', amountFen: 25_000n }] } });
  });

  it('a claim paid in part first under Art. 25, then in full', () => {
    const history = play([
      cmd.report({ benefits: ['disability'], claimedAmountFen: null }),
      cmd.register(),
      cmd.receive(allDocuments(['disability']), after(2)),
      cmd.payPart(1_000_000n, 'adv-1', after(20), supervisor),
      cmd.assess([{ benefit: 'disability', grade: 3 }], after(25), handler),
      cmd.approve(undefined, after(26), supervisor),
      cmd.schedule('pay-1', after(26)),
      cmd.pay('pay-1', 'BANK-0002', after(27)),
      cmd.followUp('dissatisfied', 'call-1', after(30)),
      cmd.close(after(31)),
    ]);
    const claim = stateOf(history);
    expect(claim).toMatchObject({ status: 'closed', payments: [{ advance: true, amountFen: 1_000_000n }, { advance: false, amountFen: 1_000_000n }] });
    if (claim.status !== 'empty') expect(netPaidFen(claim)).toBe(2_000_000n); // grade 3: 80 % of 25,000 yuan
  });

  it('a claim rejected, told, and closed', () => {
    const history = play([cmd.report(), cmd.register(), cmd.reject('NOT_AN_ACCIDENT', after(2)), cmd.sendNotice('rn-1', after(3)), cmd.close(after(4))]);
    expect(history.map((e) => e.type)).toEqual(['ClaimReported', 'ClaimRegistered', 'ClaimRejected', 'ClaimRejectionNoticeSent', 'ClaimClosed']);
    expect(stateOf(history)).toMatchObject({ status: 'closed', closure: { outcome: 'rejected' }, payments: [] });
  });

  it('a payment returned by the bank and paid again', () => {
    const paid = paidClaim(['medical'], [{ benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n }]);
    const history = play(
      [
        cmd.reverse('pay-1', after(4, 12)),
        cmd.schedule('pay-2', after(5)),
        cmd.pay('pay-2', 'BANK-0003', after(6)),
        cmd.followUp('satisfied', 'call-2', after(8)),
        cmd.close(after(9)),
      ],
      undefined,
      paid,
    );
    const claim = stateOf(history);
    expect(claim).toMatchObject({ status: 'closed', payments: [{ paymentId: 'pay-1', status: 'reversed' }, { paymentId: 'pay-2', status: 'paid' }] });
    if (claim.status !== 'empty') expect(netPaidFen(claim)).toBe(351_000n);
  });
});
