import { ContractPatterns, residentIdCheckCharacter, Topics, validateClaimEventV1, validateSettlementEventV1, type SettlementEventV1 } from '@fpi/contracts';
import fc from 'fast-check';
import type { ClaimEvent } from './events';
import { publicMessages, type PublicClaimMessage, type RecordedClaimEvent } from './public-events';
import { RAW_ID, after, allDocuments, cmd, play, sampleHistories } from './testing/fixtures';

const recorded = (history: ClaimEvent[]): RecordedClaimEvent[] => history.map((event, revision) => ({ event, eventId: `${event.data.claimId}-${revision}`, revision }));
const histories = sampleHistories();
const settlements = (messages: PublicClaimMessage[]) => messages.filter((m) => m.topic === Topics.settlements).map((m) => m.value as SettlementEventV1);

describe('public contract events', () => {
  it.each(Object.keys(histories))('every message of the %s history validates against its schema', (name) => {
    const messages = publicMessages(recorded(histories[name]));
    expect(messages.filter((m) => m.topic === Topics.claimEvents)).toHaveLength(histories[name].length);
    for (const message of messages) {
      const result = message.topic === Topics.claimEvents ? validateClaimEventV1(message.value) : validateSettlementEventV1(message.value);
      expect(result).toEqual({ valid: true });
      expect(message.key).toBe('c-0001');
      expect(message.headers).toMatchObject({ ce_id: message.value.eventId, ce_subject: 'c-0001', ce_time: message.value.occurredAt, ce_specversion: '1.0' });
    }
  });

  it('keeps names, phones, notes, places and the full ID number out of every message', () => {
    const published = JSON.stringify(Object.values(histories).flatMap((h) => publicMessages(recorded(h)).map((m) => m.value)));
    for (const secret of [RAW_ID, '张三', '13812345678', 'village road', 'hit by a motorbike', 'drunk driving', 'family settled']) {
      expect(published).not.toContain(secret);
    }
  });

  it('settles a paid claim with the whole claim summarised', () => {
    const [settled] = settlements(publicMessages(recorded(histories.fastTrackedDeath)));
    expect(settled).toMatchObject({
      type: 'ClaimSettled',
      sequence: 9,
      policyNumber: 'PN-2025-0001',
      claimant: { memberId: 'm-1', idNumberMasked: '1101**********002X' },
      regionCode: '110105',
      villageCode: '110105001001',
      channel: 'phone',
      enrolmentChannel: 'mobile_storefront',
      fastTrack: true,
      fastTrackReasons: ['ACCIDENTAL_DEATH'],
      benefitLines: [{ benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V3', amountFen: '2500000', inputs: { householdSumInsuredFen: '10000000', insuredMembers: 4, recordedShare: 0 } }],
      amounts: { claimedFen: null, assessedFen: '2500000', approvedFen: '2500000', paidFen: '2500000' },
      steps: { reportedAt: after(0, 10), approvedAt: after(3), paidAt: after(4), closedAt: null },
      deadlineBreaches: [],
      payment: { paymentId: 'pay-1', amountFen: '2500000', paymentReference: 'BANK-0001', paidAt: after(4), advance: false },
      fullyPaid: true,
    });
  });

  it('publishes the share the policy records that a death was paid from, and what was available of it, under the version 3 rule', () => {
    const [settled] = settlements(publicMessages(recorded(histories.recordedShareDeath)));
    expect(settled).toMatchObject({
      type: 'ClaimSettled',
      benefitLines: [{ benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V3', amountFen: '3333334', inputs: { householdSumInsuredFen: '10000000', insuredMembers: 3, memberShareFen: '3333334', recordedShare: 1, heldByOtherClaimsFen: '0', availableShareFen: '3333334' } }],
      amounts: { assessedFen: '3333334', approvedFen: '3333334', paidFen: '3333334' },
      fullyPaid: true,
    });
  });

  it('publishes the advance, the reversal and the new payment in order', () => {
    expect(settlements(publicMessages(recorded(histories.advanceThenReturned))).map((s) => [s.type, s.amounts.paidFen, 'fullyPaid' in s ? s.fullyPaid : null])).toEqual([
      ['ClaimSettled', '100000', false],
      ['ClaimSettled', '351000', true],
      ['ClaimPaymentReversed', '100000', null],
      ['ClaimSettled', '351000', true],
    ]);
  });

  it('publishes a final rejection when a rejected claim is closed, and the later settlement after an appeal', () => {
    const published = settlements(publicMessages(recorded(histories.rejectedLateThenAppealed)));
    expect(published.map((s) => s.type)).toEqual(['ClaimFinallyRejected', 'ClaimSettled']);
    expect(published[0]).toMatchObject({
      rejection: { reasonCode: 'EXCLUDED_CAUSE', stage: 'decision', rejectedAt: after(34), noticeSentAt: after(35) },
      deadlineBreaches: [{ deadline: 'decision', cycle: 1, dueAt: after(31) }],
    });
    expect(published[1].sequence).toBeGreaterThan(published[0].sequence);
    expect(settlements(publicMessages(recorded(histories.noPolicy)))).toMatchObject([
      { type: 'ClaimFinallyRejected', policyNumber: null, rejection: { reasonCode: 'POLICY_NOT_FOUND', stage: 'registration' } },
    ]);
  });

  it('settles on approval when everything was paid in advance', () => {
    expect(settlements(publicMessages(recorded(histories.paidInFullInAdvance))).map((s) => [s.type, 'payment' in s && s.payment?.advance])).toEqual([
      ['ClaimSettled', true],
      ['ClaimSettled', undefined],
    ]);
  });

  it('publishes nothing to integrators for a withdrawn claim', () => {
    expect(settlements(publicMessages(recorded(histories.withdrawn)))).toEqual([]);
  });

  it('maps only the events from a revision on, with the state of the whole stream', () => {
    const stream = recorded(histories.fastTrackedDeath);
    const tail = publicMessages(stream, 9);
    expect(tail.map((m) => [m.topic, m.value.type, m.value.sequence])).toEqual([
      [Topics.claimEvents, 'ClaimPaid', 9],
      [Topics.settlements, 'ClaimSettled', 9],
      [Topics.claimEvents, 'ClaimFollowUpRecorded', 10],
      [Topics.claimEvents, 'ClaimClosed', 11],
    ]);
    expect(tail[1].value).toMatchObject({ amounts: { paidFen: '2500000' }, fastTrack: true });
  });

  it('never publishes a raw ID number, whatever the number', () => {
    // Any well-formed number: the report refuses one whose check character is wrong before anything is published.
    const idNumber = fc.stringMatching(/^[1-6]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d)\d{3}$/).map((body) => body + residentIdCheckCharacter(body));
    fc.assert(
      fc.property(idNumber, (id) => {
        const history = play([cmd.report({ claimant: { memberId: 'm-1', idNumber: id }, documentsProvided: allDocuments(['medical']) }), cmd.register()]);
        const messages = publicMessages(recorded(history));
        const text = JSON.stringify(messages.map((m) => m.value)) + JSON.stringify(messages.map((m) => m.headers));
        expect(text).not.toContain(id);
        const masked = (messages[0].value as { data: { claimant: { idNumberMasked: string } } }).data.claimant.idNumberMasked;
        expect(masked).toMatch(new RegExp(ContractPatterns.maskedIdNumber));
        expect(masked.slice(0, 4) + masked.slice(-4)).toBe(id.slice(0, 4) + id.slice(-4));
      }),
    );
  });
});
