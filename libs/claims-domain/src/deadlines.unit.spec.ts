import { claimDecider, createClaimDecider } from './decide';
import { deadlinesOf, dueDeadlines, nextDeadline } from './deadlines';
import { defaultClaimPolicy, fastTrackReasons } from './policy';
import { deciderSpec } from './testing/given-when-then';
import { after, allDocuments, cmd, coverage, medicalAssessed, medicalDocumentsComplete, play, stateOf, system } from './testing/fixtures';
import { DAY_MS, HOUR_MS, addMs } from './time';

const { given } = deciderSpec(claimDecider);
const medicalInput = { benefit: 'medical' as const, eligibleCostFen: 500_000n, otherPayersFen: 100_000n };
const dueOf = (events: Parameters<typeof stateOf>[0], kind: string) => deadlinesOf(stateOf(events)).find((d) => d.kind === kind);

describe('statutory deadlines', () => {
  // Registered on day 1, documents requested an hour later, complete on day 5: the clock ran one hour before the pause.
  const decisionDue = after(34, 23);

  it('runs the decision clock from registration and pauses it while documents are awaited', () => {
    const awaiting = play([cmd.report(), cmd.register(), cmd.requestDocuments()]);
    expect(dueOf(awaiting, 'decision')).toMatchObject({ startedAt: after(1), dueAt: null, paused: true, remainingMs: 30 * DAY_MS - HOUR_MS });
    expect(nextDeadline(stateOf(awaiting))).toEqual({ kind: 'decision', cycle: 1, dueAt: null, paused: true, remainingMs: 30 * DAY_MS - HOUR_MS });
    expect(dueDeadlines(stateOf(awaiting), after(200))).toEqual([]);

    const complete = medicalDocumentsComplete();
    expect(dueOf(complete, 'decision')).toMatchObject({ dueAt: decisionDue, paused: false });
    expect(nextDeadline(stateOf(complete))).toEqual({ kind: 'decision', cycle: 1, dueAt: decisionDue, paused: false, remainingMs: null });
  });

  it('is met at the due instant and breached just after it', () => {
    const state = stateOf(medicalDocumentsComplete());
    expect(dueDeadlines(state, decisionDue)).toEqual([]);
    expect(dueDeadlines(state, addMs(decisionDue, 1))).toEqual([{ deadline: 'decision', cycle: 1, dueAt: decisionDue }]);
  });

  it('records a breach once per deadline and cycle', () => {
    const history = medicalDocumentsComplete();
    given(history)
      .when(cmd.breach('decision', after(40)))
      .then([
        {
          type: 'ClaimDeadlineBreached',
          data: { claimId: 'c-0001', at: after(40), by: system, deadline: 'decision', cycle: 1, dueAt: decisionDue, breachedAt: after(40) },
        },
      ]);
    given(play([cmd.breach('decision', after(40))], claimDecider, history)).when(cmd.breach('decision', after(41))).thenNothing();
  });

  it('refuses to record a deadline that has not passed', () => {
    given(medicalDocumentsComplete()).when(cmd.breach('decision', after(20))).thenThrows('CLAIM.DEADLINE_NOT_DUE', 'precondition');
    given(medicalDocumentsComplete()).when(cmd.breach('payment', after(80))).thenThrows('CLAIM.DEADLINE_NOT_DUE');
  });

  it('records the breach before a late decision, and only once', () => {
    given(medicalAssessed())
      .when(cmd.approve(undefined, after(40)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'decision', dueAt: decisionDue } }, { type: 'ClaimApproved' }]);
    given(play([cmd.breach('decision', after(36))], claimDecider, medicalAssessed())).when(cmd.approve(undefined, after(40))).thenTypes(['ClaimApproved']);
  });

  it('does not let a pause that starts after the deadline move it (Art. 23)', () => {
    given(play([cmd.report(), cmd.register()]))
      .when(cmd.requestDocuments('n-1', after(40)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'decision', dueAt: after(31) } }, { type: 'ClaimDocumentsRequested' }]);
  });

  it('wants the rejection notice within 3 days of the decision (Art. 24)', () => {
    const rejected = play([cmd.reject('EXCLUDED_CAUSE', after(8))], claimDecider, medicalDocumentsComplete());
    expect(nextDeadline(stateOf(rejected))).toMatchObject({ kind: 'rejection_notice', dueAt: after(11) });
    given(rejected)
      .when(cmd.sendNotice('rn-1', after(12)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'rejection_notice', dueAt: after(11) } }, { type: 'ClaimRejectionNoticeSent' }]);
  });

  it('wants payment within 10 days of approval (Art. 23)', () => {
    const scheduled = play([cmd.approve(undefined, after(8)), cmd.schedule()], claimDecider, medicalAssessed());
    expect(nextDeadline(stateOf(scheduled))).toMatchObject({ kind: 'payment', dueAt: after(18) });
    given(scheduled)
      .when(cmd.pay('pay-1', 'BANK-1', after(19)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'payment', dueAt: after(18) } }, { type: 'ClaimPaid' }]);
  });

  it('reopens the payment clock when a payment is reversed', () => {
    const reversed = play([cmd.approve(), cmd.schedule(), cmd.pay(), cmd.reverse('pay-1', after(12))], claimDecider, medicalAssessed());
    expect(nextDeadline(stateOf(reversed))).toMatchObject({ kind: 'payment', dueAt: after(18) });
    expect(dueDeadlines(stateOf(reversed), after(19))).toEqual([{ deadline: 'payment', cycle: 1, dueAt: after(18) }]);
  });

  it('wants the determined part paid when the amount is not fixed within 60 days (Art. 25)', () => {
    const state = stateOf(medicalDocumentsComplete());
    expect(dueOf(medicalDocumentsComplete(), 'advance_payment')).toMatchObject({ dueAt: after(64, 23) });
    expect(dueDeadlines(state, after(70)).map((d) => d.deadline)).toEqual(['decision', 'advance_payment']);
    const advanced = play([cmd.payPart(100_000n, 'adv-1', after(30))], createClaimDecider(), medicalDocumentsComplete());
    expect(dueDeadlines(stateOf(advanced), after(70)).map((d) => d.deadline)).toEqual(['decision']);
  });

  it('counts deadlines again in the cycle after a reopening', () => {
    const lateRejection = play([cmd.reject('EXCLUDED_CAUSE', after(40)), cmd.sendNotice('rn-1', after(41)), cmd.reopen('appeal', 'a-1', after(45))], claimDecider, medicalDocumentsComplete());
    expect(stateOf(lateRejection)).toMatchObject({ cycle: 2, breaches: [{ deadline: 'decision', cycle: 1 }] });
    given(lateRejection)
      .when(cmd.assess([medicalInput], after(80)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'decision', cycle: 2, dueAt: after(75) } }, { type: 'ClaimAssessed' }]);
  });

  it('stops the clocks of a withdrawn claim', () => {
    const withdrawn = play([cmd.withdraw(after(6))], claimDecider, medicalDocumentsComplete());
    expect(nextDeadline(stateOf(withdrawn))).toBeNull();
    expect(dueDeadlines(stateOf(withdrawn), after(400))).toEqual([]);
  });
});

describe('fast track (绿色快速通道)', () => {
  const smallMedical = { claimedAmountFen: 300_000n, documentsProvided: ['claim_form' as const, 'medical_invoice' as const] };

  it('marks a small medical claim with its invoices at registration, with tighter targets', () => {
    given(play([cmd.report(smallMedical)]))
      .when(cmd.register())
      .thenMatches([{ type: 'ClaimRegistered' }, { type: 'ClaimFastTracked', data: { reasons: ['SMALL_MEDICAL'], decisionTargetDays: 3, paymentTargetDays: 3 } }]);
  });

  it('marks it when the documents complete if the invoices came later', () => {
    const awaiting = play([cmd.report({ claimedAmountFen: 300_000n }), cmd.register(), cmd.requestDocuments()]);
    given(awaiting).when(cmd.receive(allDocuments(['medical']))).thenTypes(['ClaimDocumentsReceived', 'ClaimDocumentsCompleted', 'ClaimFastTracked']);
  });

  it('leaves a medical claim at or above the threshold in the normal queue', () => {
    given(play([cmd.report({ ...smallMedical, claimedAmountFen: 500_000n })])).when(cmd.register()).thenTypes(['ClaimRegistered']);
  });

  it('marks accidental death with a death certificate', () => {
    given(play([cmd.report({ benefits: ['death'], claimedAmountFen: null, documentsProvided: ['death_certificate'] })]))
      .when(cmd.register())
      .thenMatches([{ type: 'ClaimRegistered' }, { type: 'ClaimFastTracked', data: { reasons: ['ACCIDENTAL_DEATH'] } }]);
  });

  it('marks vulnerable households', () => {
    given(play([cmd.report()]))
      .when(cmd.register(coverage({ householdVulnerable: true })))
      .thenMatches([{ type: 'ClaimRegistered' }, { type: 'ClaimFastTracked', data: { reasons: ['VULNERABLE_HOUSEHOLD'] } }]);
  });

  it('follows the programme configuration', () => {
    const off = { ...defaultClaimPolicy.fastTrack, vulnerableHousehold: { enabled: false } };
    expect(fastTrackReasons({ benefits: ['medical'], claimedAmountFen: null, documentsReceived: [], householdVulnerable: true }, off)).toEqual([]);
    const spec = deciderSpec(createClaimDecider({ ...defaultClaimPolicy, fastTrack: off }));
    spec.given(play([cmd.report()])).when(cmd.register(coverage({ householdVulnerable: true }))).thenTypes(['ClaimRegistered']);
  });

  it('holds a fast-tracked claim to its targets as well as the statutory ones', () => {
    const fast = play([cmd.report(), cmd.register(coverage({ householdVulnerable: true })), cmd.requestDocuments(), cmd.receive(allDocuments(['medical']))]);
    expect(deadlinesOf(stateOf(fast)).map((d) => [d.kind, d.dueAt])).toEqual([
      ['decision', after(34, 23)],
      ['advance_payment', after(64, 23)],
      ['fast_track_decision', after(7, 23)],
    ]);
    given(fast)
      .when(cmd.assess([medicalInput], after(8)))
      .thenMatches([{ type: 'ClaimDeadlineBreached', data: { deadline: 'fast_track_decision', dueAt: after(7, 23) } }, { type: 'ClaimAssessed' }]);
  });
});
