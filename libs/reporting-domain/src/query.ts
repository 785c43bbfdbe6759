import { ReportingError } from './errors';
import { dateRange, type InstantRange, PERIOD_KINDS, type PeriodKind } from './period';
import { isRegionCode, REGION_LEVEL_NAMES, type RegionLevel, type RegionScope } from './region';
import { CHANNELS } from './policy-facts';

/** What a report can be grouped by. Periods group each figure by its own date (see `Anchor`). */
export const DIMENSIONS = [...REGION_LEVEL_NAMES, ...PERIOD_KINDS, 'programmeYear', 'channel', 'referrer', 'householdStatus'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const isRegionDimension = (d: Dimension): d is RegionLevel => (REGION_LEVEL_NAMES as readonly string[]).includes(d);
export const isPeriodDimension = (d: Dimension): d is PeriodKind => (PERIOD_KINDS as readonly string[]).includes(d);

export interface ReportFilter {
  /** Calendar dates in China, inclusive; each figure is filtered on its own date. */
  from?: string;
  to?: string;
  range: InstantRange;
  programmeYear?: number;
  /** Region prefix asked for by the caller (already a valid code). */
  region?: string;
  channel?: string;
  /** Figures as they stood at this instant: later steps count as not yet done. */
  asOf: Date;
}

export interface ReportQuery extends ReportFilter {
  groupBy: Dimension[];
}

export interface Paging {
  pageSize: number;
  page: number;
}

export interface QueryLimits {
  pageSizeDefault: number;
  pageSizeMax: number;
  /** Most dimensions one report may be grouped by (the result grows as their product). */
  maxGroupBy: number;
}

export const DEFAULT_LIMITS: QueryLimits = { pageSizeDefault: 50, pageSizeMax: 500, maxGroupBy: 3 };

/** Raw query-string values as they arrive (the HTTP layer has checked only that they are strings). */
export interface RawReportQuery {
  from?: string;
  to?: string;
  programmeYear?: string;
  region?: string;
  channel?: string;
  asOf?: string;
  groupBy?: string;
}

const bad = (code: `REPORTING.${string}`, message: string, details?: Record<string, unknown>) => new ReportingError(code, 'validation', message, details);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseAsOf(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const t = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw bad('REPORTING.INVALID_AS_OF', 'asOf must be an ISO 8601 instant with a time zone, e.g. 2021-12-31T16:00:00Z', { field: 'asOf' });
  return new Date(t);
}

export function parseFilter(raw: RawReportQuery, now: Date): ReportFilter {
  const range = dateRange(raw.from, raw.to);
  let programmeYear: number | undefined;
  if (raw.programmeYear !== undefined) {
    if (!/^\d{4}$/.test(raw.programmeYear)) throw bad('REPORTING.INVALID_PROGRAMME_YEAR', 'programmeYear must be a four-digit year', { field: 'programmeYear' });
    programmeYear = Number(raw.programmeYear);
  }
  if (raw.region !== undefined && !isRegionCode(raw.region)) {
    throw bad('REPORTING.INVALID_REGION', 'region must be a city (4 digits), county (6), township (9) or village (12) code', { field: 'region' });
  }
  if (raw.channel !== undefined && !(CHANNELS as readonly string[]).includes(raw.channel)) {
    throw bad('REPORTING.INVALID_CHANNEL', `channel must be one of ${CHANNELS.join(', ')}`, { field: 'channel', validChannels: [...CHANNELS] });
  }
  return {
    ...(raw.from !== undefined ? { from: raw.from } : {}),
    ...(raw.to !== undefined ? { to: raw.to } : {}),
    range,
    ...(programmeYear !== undefined ? { programmeYear } : {}),
    ...(raw.region !== undefined ? { region: raw.region } : {}),
    ...(raw.channel !== undefined ? { channel: raw.channel } : {}),
    asOf: parseAsOf(raw.asOf, now),
  };
}

/**
 * The dimensions of `groupBy` (comma-separated, in the order asked). An unsupported one is a 400 that lists
 * the valid ones, so that a client can correct itself without reading the docs.
 */
export function parseGroupBy(value: string | undefined, allowed: readonly Dimension[] = DIMENSIONS, limits: Pick<QueryLimits, 'maxGroupBy'> = DEFAULT_LIMITS): Dimension[] {
  if (value === undefined || value.trim() === '') return [];
  const asked = value.split(',').map((s) => s.trim());
  const unsupported = asked.filter((d) => !(allowed as readonly string[]).includes(d));
  if (unsupported.length > 0) {
    throw bad('REPORTING.UNSUPPORTED_DIMENSION', `cannot group by ${unsupported.join(', ')}; valid dimensions: ${allowed.join(', ')}`, {
      field: 'groupBy',
      unsupported,
      validDimensions: [...allowed],
    });
  }
  const unique = [...new Set(asked)] as Dimension[];
  if (unique.length > limits.maxGroupBy) throw bad('REPORTING.TOO_MANY_DIMENSIONS', `group by at most ${limits.maxGroupBy} dimensions`, { field: 'groupBy', max: limits.maxGroupBy });
  return unique;
}

export function parseReportQuery(raw: RawReportQuery, now: Date, allowed: readonly Dimension[] = DIMENSIONS, limits: QueryLimits = DEFAULT_LIMITS): ReportQuery {
  return { ...parseFilter(raw, now), groupBy: parseGroupBy(raw.groupBy, allowed, limits) };
}

/**
 * Page size and number. Unlike list endpoints that clamp, a report refuses a page size above the cap: a
 * client that asked for 10,000 rows and silently got 500 would under-report without noticing.
 */
export function parsePaging(raw: { pageSize?: string; page?: string }, limits: Pick<QueryLimits, 'pageSizeDefault' | 'pageSizeMax'> = DEFAULT_LIMITS): Paging {
  let pageSize = limits.pageSizeDefault;
  if (raw.pageSize !== undefined) {
    if (!/^\d{1,9}$/.test(raw.pageSize) || Number(raw.pageSize) < 1) throw bad('REPORTING.INVALID_PAGE_SIZE', 'pageSize must be a positive integer', { field: 'pageSize' });
    pageSize = Number(raw.pageSize);
    if (pageSize > limits.pageSizeMax) {
      throw bad('REPORTING.PAGE_SIZE_TOO_LARGE', `pageSize must be at most ${limits.pageSizeMax}`, { field: 'pageSize', max: limits.pageSizeMax });
    }
  }
  let page = 1;
  if (raw.page !== undefined) {
    if (!/^\d{1,9}$/.test(raw.page) || Number(raw.page) < 1) throw bad('REPORTING.INVALID_PAGE', 'page must be a positive integer', { field: 'page' });
    page = Number(raw.page);
  }
  return { pageSize, page };
}

/**
 * The region prefixes one request may read: the caller's own filter narrowed by the principal's scope. A
 * filter outside the scope yields nothing (not an error, which would confirm that the region has data).
 */
export function effectivePrefixes(region: string | undefined, scope: RegionScope): 'all' | string[] {
  if (scope === 'all') return region === undefined ? 'all' : [region];
  if (region === undefined) return [...scope];
  if (scope.some((p) => region.startsWith(p))) return [region];
  return scope.filter((p) => p.startsWith(region));
}
