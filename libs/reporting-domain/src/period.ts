import { ReportingError } from './errors';

/**
 * The programme runs in mainland China (UTC+8, no daylight saving since 1991): a day, month, quarter or
 * year is a calendar period there, so "March" starts at 2021-02-28T16:00Z.
 */
export const CHINA_OFFSET_MS = 8 * 3600 * 1000;
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/**
 * One spelling per instant (`toISOString`, milliseconds, Z): contracts allow `...:00Z` and fractions of any
 * length, and a fact row must not differ from its rebuilt twin, or from its database copy, by spelling alone.
 */
export function instant(value: string): string {
  return value.length === 24 && value[19] === '.' && value[23] === 'Z' ? value : new Date(value).toISOString();
}
export const instantOrNull = (value: string | null): string | null => (value === null ? null : instant(value));
/** A day is 24 h in China (no daylight saving since 1991). */
export const DAY_MS = 86_400_000;

export const PERIOD_KINDS = ['day', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** `YYYY-MM-DD` in China of an instant (ISO string or Date). */
export function chinaDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The label of the period containing `instant`: `2021-03-05`, `2021-03`, `2021-Q1`, `2021`. */
export function periodLabel(instant: string | Date, kind: PeriodKind): string {
  const d = chinaDate(instant);
  switch (kind) {
    case 'day':
      return d;
    case 'month':
      return d.slice(0, 7);
    case 'quarter':
      return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return d.slice(0, 4);
    default: {
      const never: never = kind;
      throw new Error(`unknown period kind ${String(never)}`);
    }
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Start instant (China midnight) of a calendar date. */
export const chinaDayStart = (date: string): Date => new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);

/** A half-open instant range `[start, end)`; either side may be open. */
export interface InstantRange {
  start: Date | null;
  end: Date | null;
}

/**
 * The instants of the inclusive calendar-date range `from..to` in China. A start after the end is refused
 * rather than answered with empty figures, which would read as "nothing happened".
 */
export function dateRange(from: string | undefined, to: string | undefined): InstantRange {
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (v !== undefined && !isCalendarDate(v)) {
      throw new ReportingError('REPORTING.INVALID_DATE', 'validation', `${name} must be a calendar date YYYY-MM-DD, got "${v}"`, { field: name });
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new ReportingError('REPORTING.PERIOD_START_AFTER_END', 'validation', `the period starts (${from}) after it ends (${to})`, { from, to });
  }
  return {
    start: from === undefined ? null : chinaDayStart(from),
    end: to === undefined ? null : new Date(chinaDayStart(to).getTime() + DAY_MS),
  };
}

export function inRange(instant: string | null, range: InstantRange): boolean {
  if (instant === null) return false;
  const t = Date.parse(instant);
  return (range.start === null || t >= range.start.getTime()) && (range.end === null || t < range.end.getTime());
}

/** The same range one year earlier, for year-on-year growth (29 February maps to 28 February). */
export function previousYear(from: string, to: string): { from: string; to: string } {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1;
    const md = d.slice(5);
    const candidate = `${String(y).padStart(4, '0')}-${md}`;
    return isCalendarDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-02-28`;
  };
  return { from: back(from), to: back(to) };
}
