import { emptyTally, isCounted, isTimely, tally, timeliness } from './timeliness';

const due = '2021-03-10T00:00:00.000Z';
const asOf = new Date('2021-03-20T00:00:00.000Z');

describe('timeliness of a step against its deadline (the three-rates rule)', () => {
  it('done by the deadline is on time, and counted', () => {
    expect(timeliness(due, '2021-03-10T00:00:00.000Z', asOf)).toBe('on_time');
    expect(isCounted('on_time') && isTimely('on_time')).toBe(true);
  });

  it('done after the deadline is late', () => {
    expect(timeliness(due, '2021-03-10T00:00:00.001Z', asOf)).toBe('late');
    expect(isCounted('late') && !isTimely('late')).toBe(true);
  });

  it('overdue and still open counts as late: in the denominator, not the numerator', () => {
    expect(timeliness(due, null, asOf)).toBe('open_overdue');
    expect(isCounted('open_overdue')).toBe(true);
    expect(isTimely('open_overdue')).toBe(false);
  });

  it('not yet due and open is left out of the denominator', () => {
    expect(timeliness('2021-03-25T00:00:00.000Z', null, asOf)).toBe('not_due');
    expect(isCounted('not_due')).toBe(false);
    // Exactly at the deadline it is not overdue yet.
    expect(timeliness(asOf.toISOString(), null, asOf)).toBe('not_due');
  });

  it('a step done before a deadline that is still ahead already counts as on time', () => {
    expect(timeliness('2021-03-25T00:00:00.000Z', '2021-03-19T00:00:00.000Z', asOf)).toBe('on_time');
  });

  it('a step done after asOf was still open at asOf', () => {
    expect(timeliness(due, '2021-03-21T00:00:00.000Z', asOf)).toBe('open_overdue');
    expect(timeliness('2021-03-25T00:00:00.000Z', '2021-03-21T00:00:00.000Z', asOf)).toBe('not_due');
  });

  it('a step whose clock never started is not counted at all', () => {
    expect(timeliness(null, null, asOf)).toBe('not_started');
    expect(tally(emptyTally(), 'not_started')).toEqual(emptyTally());
  });

  it('tallies outcomes', () => {
    const t = emptyTally();
    for (const s of ['on_time', 'late', 'open_overdue', 'not_due', 'on_time'] as const) tally(t, s);
    expect(t).toEqual({ onTime: 2, late: 1, openOverdue: 1, notDue: 1 });
  });
});
