import { msOf } from '@fpi/claims-domain';
import { projectEvents } from '../queue/projection/claim-projection';
import type { StreamEvent } from '../queue/projection/claim-row';
import { breachedThenRejected, ClaimStory, day, fastTrackedMedical, HANDLER_A, MEDICAL, PERSONAL, SUPERVISOR, SWEEPER, thirtyEventClaim } from '../queue/testing/claim-histories';
import type { TimelineEntry } from './timeline-entry';

const HOUR = 3_600_000;

/** Builds the timeline, then feeds the same events again: the lines must be the same and nothing added. */
function timelineTwice(events: readonly StreamEvent[]): TimelineEntry[] {
  const first = projectEvents(null, events);
  const again = projectEvents(first.row, events);
  expect(again.entries).toEqual([]);
  expect(projectEvents(null, events).entries).toEqual(first.entries);
  return first.entries;
}

const byType = (entries: TimelineEntry[], type: string) => entries.filter((e) => e.type === type);

describe('timeline lines (pure)', () => {
  it('has one line per event with actor, role, time and the time since the previous step', () => {
    const story = fastTrackedMedical('c-t1');
    const lines = timelineTwice(story.stream);
    expect(lines.map((l) => l.revision)).toEqual(story.events.map((_e, i) => i));
    expect(lines[0]).toMatchObject({ type: 'ClaimReported', actorId: HANDLER_A.id, actorRole: 'handler', stepMs: null, at: day(0, 10) });
    expect(lines[1]).toMatchObject({ type: 'ClaimRegistered', stepMs: msOf(day(1)) - msOf(day(0, 10)) });
    // Decided in the same command as the registration: the same instant, no time of its own.
    expect(lines[2]).toMatchObject({ type: 'ClaimFastTracked', stepMs: 0, reasonCodes: ['SMALL_MEDICAL'], fastTrack: true });
    expect(byType(lines, 'ClaimApproved')[0]).toMatchObject({ actorId: SUPERVISOR.id, actorRole: 'supervisor', amountFen: 351_000n, stepMs: 6 * HOUR });
    expect(byType(lines, 'ClaimPaid')[0]).toMatchObject({ actorRole: 'integrator', statusAfter: 'paid', flags: [] });
  });

  it('shows the deadline paused while documents are awaited, and due soon near the green-channel target', () => {
    const lines = timelineTwice(fastTrackedMedical('c-t2').stream);
    expect(byType(lines, 'ClaimDocumentsRequested')[0]!.deadline).toEqual({ state: 'paused', kind: 'fast_track_decision', dueAt: null });
    const registered = byType(lines, 'ClaimRegistered')[0]!;
    expect(registered.deadline.state).toBe('on_time');
    // The 3-day target ran 1 h on day 1, stood still until the documents were complete on day 4, and so falls
    // on day 6 + 23 h: the assessment on day 6 has less than a day left, the approval at 6 d 6 h stops the clock in time.
    const assessed = byType(lines, 'ClaimAssessed')[0]!;
    expect(assessed.deadline).toEqual({ state: 'due_soon', kind: 'fast_track_decision', dueAt: day(6, 23) });
    const approved = byType(lines, 'ClaimApproved')[0]!;
    expect(approved.deadline.state).toBe('on_time');
    const nearTarget = new ClaimStory('c-t2b')
      .report({ claimedAmountFen: 300_000n, documentsProvided: ['claim_form', 'id_document', 'medical_invoice'] })
      .register(day(1))
      .receiveAll(['medical'], day(3, 6))
      .stream;
    const received = byType(timelineTwice(nearTarget), 'ClaimDocumentsReceived')[0]!;
    expect(received.deadline).toEqual({ state: 'due_soon', kind: 'fast_track_decision', dueAt: day(4) });
  });

  it('records a breached deadline: the sweep\'s line, and the late step itself', () => {
    const lines = timelineTwice(breachedThenRejected('c-t3').stream);
    const breach = byType(lines, 'ClaimDeadlineBreached')[0]!;
    expect(breach).toMatchObject({ actorId: SWEEPER.id, actorRole: 'system', stepMs: null, reasonCodes: ['decision'] });
    expect(breach.deadline).toEqual({ state: 'breached', kind: 'decision', dueAt: day(31) });
    const rejected = byType(lines, 'ClaimRejected')[0]!;
    expect(rejected.deadline).toEqual({ state: 'breached', kind: 'decision', dueAt: day(31) });
    expect(rejected.reasonCodes).toEqual(['EXCLUDED_CAUSE']);
    // The sweep is not a step: the rejection's duration runs from the documents, not from the breach record.
    expect(rejected.stepMs).toBe(msOf(day(34)) - msOf(day(2)));
    expect(byType(lines, 'ClaimRejectionNoticeSent')[0]!.deadline).toMatchObject({ state: 'on_time', kind: 'rejection_notice' });
  });

  it('marks a payment above the assessment, a late report and a four-eyes approval', () => {
    const big = new ClaimStory('c-t4')
      .report({ benefits: ['death'], claimedAmountFen: null, documentsProvided: [], at: day(3) })
      .register(day(4))
      .receiveAll(['death'], day(5))
      .assess([{ benefit: 'death' }], day(6), HANDLER_A)
      .approve(day(7), SUPERVISOR);
    const lines = timelineTwice(big.stream);
    expect(lines[0]!.flags).toEqual(['REPORTED_LATE']);
    expect(byType(lines, 'ClaimApproved')[0]!.flags).toEqual(['FOUR_EYES']);
    expect(byType(lines, 'ClaimApproved')[0]!.detail).toMatchObject({ fourEyes: true, assessedBy: HANDLER_A.id, approvedFen: '3000000' });

    // The decider never pays more than assessed; a line built from a tampered payment must still say so.
    const paid = fastTrackedMedical('c-t5').stream;
    const last = paid[paid.length - 1]!;
    const tampered = paid.slice(0, -2);
    const scheduled = paid[paid.length - 2]!;
    const inflate = <E extends StreamEvent>(e: E): E => ({ ...e, event: { ...e.event, data: { ...e.event!.data, amountFen: 400_000n } } }) as E;
    const entries = timelineTwice([...tampered, inflate(scheduled), inflate(last)]);
    expect(entries[entries.length - 1]!.flags).toEqual(['PAID_ABOVE_ASSESSMENT', 'PAID_ABOVE_APPROVAL']);
    expect(entries[entries.length - 1]!.detail).toMatchObject({ paidTotalFen: '400000', assessedFen: '351000', approvedFen: '351000' });
  });

  it('keeps personal data out of every line', () => {
    for (const story of [thirtyEventClaim('c-t6'), breachedThenRejected('c-t7'), fastTrackedMedical('c-t8')]) {
      const text = JSON.stringify(timelineTwice(story.stream), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
    }
  });

  it('builds all thirty lines of a long claim, the late second payment included', () => {
    const lines = timelineTwice(thirtyEventClaim('c-t9').stream);
    expect(lines).toHaveLength(30);
    const breach = byType(lines, 'ClaimDeadlineBreached')[0]!;
    expect(breach.deadline).toMatchObject({ state: 'breached', kind: 'payment', dueAt: day(15) });
    expect(byType(lines, 'ClaimPaid')[1]!.deadline).toMatchObject({ state: 'breached', kind: 'payment' });
    expect(byType(lines, 'ClaimPaymentReversed')[0]).toMatchObject({ reasonCodes: ['BANK_RETURNED'], amountFen: 276_000n });
    expect(lines[lines.length - 1]).toMatchObject({ type: 'ClaimClosed', statusAfter: 'closed', deadline: { state: 'none' } });
  });

  it('counts the assessor and the medical line without copying free text', () => {
    const lines = timelineTwice(new ClaimStory('c-t10').report().register(day(1)).receiveAll(['medical'], day(2)).assess([MEDICAL], day(3)).stream);
    expect(byType(lines, 'ClaimAssessed')[0]!.detail).toEqual({ totalFen: '351000', benefits: ['medical'] });
    expect(lines[0]!.detail).toMatchObject({ channel: 'phone', accidentRegionCode: '330102', claimedAmountFen: '800000' });
    expect(Object.keys(lines[0]!.detail)).not.toContain('description');
  });
});
