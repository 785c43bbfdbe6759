import fc from 'fast-check';
import { msOf } from '@fpi/claims-domain';
import {
  breachedThenRejected,
  ClaimStory,
  day,
  fastTrackedMedical,
  HANDLER_A,
  MEDICAL,
  OTHER_VILLAGE,
  PERSONAL,
  SUPERVISOR,
  thirtyEventClaim,
} from '../testing/claim-histories';
import { projectEvents } from './claim-projection';
import { claimRegion } from '../../shared/claim-view';
import { actionOf, claimRegionOf, evolveClaimRow, isGap, queueFieldsOf, queueRankOf, type ClaimRow, type StreamEvent } from './claim-row';

const fold = (events: readonly StreamEvent[], start: ClaimRow | null = null) => projectEvents(start, events);

/** Applies the history, then the same history again: the second pass must change nothing. */
function twice(events: readonly StreamEvent[]): ClaimRow {
  const first = fold(events);
  const second = fold(events, first.row);
  expect(second.row).toBe(first.row);
  expect(second.entries).toEqual([]);
  return first.row as ClaimRow;
}

describe('queue projection (pure)', () => {
  it('derives the next action from each step of a claim, and ends with nothing to do', () => {
    const story = new ClaimStory('c-steps').report();
    const actions: (string | null)[] = [];
    const look = () => actions.push(queueFieldsOf(twice(story.stream)).action);
    look();
    story.register(day(1));
    look();
    story.requestDocuments(day(1, 1));
    look();
    story.receiveAll(['medical'], day(3));
    look();
    story.assess([MEDICAL], day(4));
    look();
    story.approve(day(5));
    look();
    story.schedule('pay-1', day(5, 1));
    look();
    story.pay('pay-1', day(6));
    look();
    story.followUp('satisfied', 'call-1', day(7));
    look();
    story.close(day(8));
    look();
    expect(actions).toEqual([
      'register', 'request_documents', 'receive_documents', 'assess', 'approve', 'schedule_payment', 'record_payment', 'follow_up', 'close', null,
    ]);
  });

  it('asks for the rejection notice before closing a rejected claim (Art. 24)', () => {
    const story = new ClaimStory('c-rej').report().register(day(1)).receiveAll(['medical'], day(2)).reject(day(3));
    expect(actionOf(twice(story.stream).state)).toBe('send_rejection_notice');
    story.sendNotice(day(4));
    expect(actionOf(twice(story.stream).state)).toBe('close');
  });

  it('pauses the next deadline while documents are awaited and keeps the fast-track flag and reasons', () => {
    const story = new ClaimStory('c-ft').report({ claimedAmountFen: 300_000n, documentsProvided: ['claim_form', 'id_document', 'medical_invoice'] }).register(day(1)).requestDocuments(day(1, 1));
    const f = queueFieldsOf(twice(story.stream));
    expect(f).toMatchObject({ action: 'receive_documents', fastTrack: true, fastTrackReasons: ['SMALL_MEDICAL'] });
    expect(f.deadline).toMatchObject({ paused: true, dueAt: null });
    story.receiveAll(['medical'], day(2));
    const running = queueFieldsOf(twice(story.stream));
    // Green channel: 3 days from registration, less the day the clock stood still.
    expect(running.deadline).toMatchObject({ kind: 'fast_track_decision', paused: false });
    expect(msOf(running.deadline!.dueAt!)).toBe(msOf(day(1)) + 3 * 86_400_000 + (msOf(day(2)) - msOf(day(1, 1))));
  });

  it('scopes a claim by the household\'s county once registered (the accident county before), and keeps its township for narrowing', () => {
    const story = new ClaimStory('c-region', OTHER_VILLAGE).report();
    expect(queueFieldsOf(twice(story.stream))).toMatchObject({ regionCode: '330106', countyCode: '330106', townshipCode: null, villageCode: null, cityCode: '3301' });
    story.register(day(1));
    expect(queueFieldsOf(twice(story.stream))).toMatchObject({ regionCode: '330106', countyCode: '330106', townshipCode: '330106002', villageCode: OTHER_VILLAGE });
  });

  it('scopes claims exactly as the claims API does, so the queue never shows a claim the API answers 404 for', () => {
    const stories = [new ClaimStory('c-r1').report(), new ClaimStory('c-r2', OTHER_VILLAGE).report().register(day(1)), breachedThenRejected('c-r3')];
    for (const story of stories) {
      const { state } = twice(story.stream);
      expect(claimRegionOf(state)).toBe(claimRegion(state));
    }
  });

  it('orders fast-track first, then earliest due, then paused by time left, then claims without a clock', () => {
    const reported = '2025-03-01T00:00:00.000Z';
    const running = (dueAt: string) => ({ kind: 'decision' as const, cycle: 1, dueAt, paused: false, remainingMs: null });
    const paused = (remainingMs: number) => ({ kind: 'decision' as const, cycle: 1, dueAt: null, paused: true, remainingMs });
    const ranks = [
      queueRankOf(true, running('2025-04-01T00:00:00.000Z'), reported),
      queueRankOf(true, paused(1000), reported),
      queueRankOf(true, null, reported),
      queueRankOf(false, running('2025-03-02T00:00:00.000Z'), reported),
      queueRankOf(false, running('2025-03-05T00:00:00.000Z'), reported),
      queueRankOf(false, paused(1000), reported),
      queueRankOf(false, paused(5000), reported),
      queueRankOf(false, null, reported),
    ];
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(ranks.every(Number.isSafeInteger)).toBe(true);
  });

  it('keeps no personal data in the remembered state', () => {
    const row = twice(breachedThenRejected().stream);
    const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
    expect(row.state.report.claimant.idNumberMasked).toBe('4499**********0021');
  });

  it('counts breaches, reopenings and money, and forgets the assessor after a reopening', () => {
    const story = breachedThenRejected('c-reopen').close(day(36)).reopen(day(40));
    const f = queueFieldsOf(twice(story.stream));
    expect(f).toMatchObject({ breachCount: 1, reopenCount: 1, cycle: 2, action: 'assess', assessedBy: null, paidFen: 0n });
    const paid = queueFieldsOf(twice(fastTrackedMedical('c-paid').stream));
    expect(paid).toMatchObject({ assessedFen: 351_000n, approvedFen: 351_000n, paidFen: 351_000n, action: 'follow_up', assessedBy: HANDLER_A.id });
  });

  it('ignores replays and stops at a gap, which the writer heals', () => {
    const events = fastTrackedMedical('c-gap').stream;
    const row = fold(events.slice(0, 3)).row as ClaimRow;
    expect(evolveClaimRow(row, events[1]!)).toBe(row);
    expect(isGap(row, events[4]!)).toBe(true);
    expect(evolveClaimRow(row, events[4]!)).toBe(row);
    expect(isGap(null, events[2]!)).toBe(true);
    expect(evolveClaimRow(null, events[2]!)).toBeNull();
  });

  it('advances past an event type this build does not know without changing the claim', () => {
    const events = fastTrackedMedical('c-unknown').stream;
    const row = fold(events.slice(0, 2)).row as ClaimRow;
    const unknown: StreamEvent = { claimId: 'c-unknown', revision: 2, event: null };
    const next = evolveClaimRow(row, unknown) as ClaimRow;
    expect(next.revision).toBe(2);
    expect(next.state).toBe(row.state);
  });

  it('gives the same row and lines however often and in whatever redelivery pattern events arrive (property)', () => {
    const histories = [fastTrackedMedical('p-1').stream, breachedThenRejected('p-2').stream, thirtyEventClaim('p-3').stream];
    const reference = histories.map((h) => fold(h));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: histories.length - 1 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 40 }),
        (which, pattern) => {
          const history = histories[which]!;
          // Delivery at least once, in order, with duplicates and replays of earlier events.
          const delivered: StreamEvent[] = [];
          history.forEach((e, i) => {
            const [dup, back] = pattern[i % pattern.length]!;
            delivered.push(e);
            if (dup) delivered.push(e);
            if (back % 3 === 0) delivered.push(history[back % (i + 1)]!);
          });
          const once = reference[which]!;
          const again = fold(delivered);
          expect(again.row).toEqual(once.row);
          expect(again.entries).toEqual(once.entries);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a supervisor-approved claim records who assessed it for the four-eyes filter of next-claim', () => {
    const story = new ClaimStory('c-4e').report().register(day(1)).receiveAll(['medical'], day(2)).assess([MEDICAL], day(3), SUPERVISOR);
    expect(queueFieldsOf(twice(story.stream))).toMatchObject({ action: 'approve', assessedBy: SUPERVISOR.id });
  });
});
