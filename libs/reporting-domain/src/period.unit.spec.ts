import { ReportingError } from './errors';
import { chinaDate, dateRange, inRange, isCalendarDate, periodLabel, previousYear } from './period';
import { inScope, isRegionCode, levelOf, regionAt } from './region';

describe('periods in China time', () => {
  it('files an instant under the China calendar date (UTC+8)', () => {
    expect(chinaDate('2021-03-31T15:59:59.999Z')).toBe('2021-03-31');
    expect(chinaDate('2021-03-31T16:00:00.000Z')).toBe('2021-04-01');
    expect(periodLabel('2021-03-31T16:00:00.000Z', 'month')).toBe('2021-04');
    expect(periodLabel('2021-03-31T16:00:00.000Z', 'quarter')).toBe('2021-Q2');
    expect(periodLabel('2021-12-31T16:00:00.000Z', 'year')).toBe('2022');
    expect(periodLabel('2021-06-01T00:00:00.000Z', 'day')).toBe('2021-06-01');
  });

  it('turns an inclusive date range into a half-open instant range', () => {
    const r = dateRange('2021-01-01', '2021-01-31');
    expect(r.start?.toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(r.end?.toISOString()).toBe('2021-01-31T16:00:00.000Z');
    expect(inRange('2021-01-31T15:59:59.999Z', r)).toBe(true);
    expect(inRange('2021-01-31T16:00:00.000Z', r)).toBe(false);
    expect(inRange(null, r)).toBe(false);
    expect(inRange('1999-01-01T00:00:00.000Z', dateRange(undefined, undefined))).toBe(true);
  });

  it('refuses a period that starts after it ends, and impossible dates', () => {
    expect(() => dateRange('2021-02-01', '2021-01-31')).toThrow(expect.objectContaining({ code: 'REPORTING.PERIOD_START_AFTER_END', kind: 'validation' }));
    expect(() => dateRange('2021-02-30', undefined)).toThrow(ReportingError);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
  });

  it('shifts a range back one year, 29 February to 28 February', () => {
    expect(previousYear('2024-02-29', '2024-12-31')).toEqual({ from: '2023-02-28', to: '2023-12-31' });
  });
});

describe('region codes', () => {
  it('knows the four levels by length and nests them by prefix', () => {
    expect(levelOf('4101')).toBe('city');
    expect(levelOf('410102')).toBe('county');
    expect(levelOf('410102001')).toBe('township');
    expect(levelOf('410102001001')).toBe('village');
    expect(isRegionCode('41010')).toBe(false);
    expect(isRegionCode('41a102')).toBe(false);
    expect(regionAt('410102001001', 'county')).toBe('410102');
    expect(regionAt('410102', 'village')).toBeNull();
    expect(inScope('410102001001', ['410102'])).toBe(true);
    expect(inScope('410103001001', ['410102'])).toBe(false);
    expect(inScope(null, 'all')).toBe(true);
    expect(inScope('410102001001', [])).toBe(false);
  });
});
