import { ApiError } from '../errors/http-error.filter';

/** Caps from configuration (PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, EXPORT_ROWS_MAX), injectable as `LIMITS`. */
export interface Limits {
  readonly pageSizeDefault: number;
  readonly pageSizeMax: number;
  readonly exportRowsMax: number;
}

/** Injection token of the configured Limits. */
export const LIMITS = Symbol('LIMITS');

/**
 * The page size to use for a list request: the default when none is asked for, the cap when more is
 * asked for (clamped rather than refused, so clients that ask for "everything" still get a page and a
 * next cursor), and a 400 for anything that is not a positive integer.
 */
export function pageSize(requested: unknown, limits: Pick<Limits, 'pageSizeDefault' | 'pageSizeMax'>): number {
  if (requested === undefined || requested === null || requested === '') return Math.min(limits.pageSizeDefault, limits.pageSizeMax);
  const n = typeof requested === 'number' ? requested : typeof requested === 'string' && /^\d{1,9}$/.test(requested) ? Number(requested) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new ApiError('validation', 'REQUEST.PAGE_SIZE_INVALID', 'The page size must be a positive integer.');
  return Math.min(n, limits.pageSizeMax);
}

/** Rows to fetch for an export: one more than the cap, so exceeding it is detected without counting first. */
export const exportQueryLimit = (limits: Pick<Limits, 'exportRowsMax'>): number => limits.exportRowsMax + 1;

/**
 * Refuses an export larger than the cap (422) instead of truncating it: a silently cut export would make
 * the region's figures wrong by omission, which the reconciliation promise does not allow.
 */
export function capExportRows<T>(rows: readonly T[], limits: Pick<Limits, 'exportRowsMax'>): readonly T[] {
  if (rows.length > limits.exportRowsMax) {
    throw new ApiError('unprocessable', 'EXPORT.TOO_MANY_ROWS', `The export would exceed ${limits.exportRowsMax} rows; narrow the filter (region, period).`, {
      maxRows: limits.exportRowsMax,
    });
  }
  return rows;
}
