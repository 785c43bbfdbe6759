import { ApiError, type Limits } from '@fpi/platform';

/**
 * Parsing of list filters. The DTOs only say "an optional string"; the meaning is checked here so that each
 * refusal carries a precise code and, for closed vocabularies, the list of valid values: a client that
 * misspells a status learns the right spelling instead of silently receiving an empty list.
 */

/** `a,b,c` (or a JSON list) of a closed vocabulary; undefined when absent. 400 REQUEST.UNKNOWN_FILTER_VALUE lists the valid values. */
export function parseList<T extends string>(field: string, raw: string | readonly string[] | undefined, valid: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  const parts = typeof raw === 'string' ? raw.split(',') : raw;
  const values = [...new Set(parts.map((v) => v.trim()).filter((v) => v !== ''))];
  if (values.length === 0) throw new ApiError('validation', 'REQUEST.INVALID_FILTER', `${field} is empty; give one or more of: ${valid.join(', ')}.`, { field, valid });
  const unknown = values.filter((v) => !(valid as readonly string[]).includes(v));
  if (unknown.length > 0) {
    throw new ApiError('validation', 'REQUEST.UNKNOWN_FILTER_VALUE', `${field} must be one of: ${valid.join(', ')}.`, { field, unknown, valid });
  }
  return values as T[];
}

export function parseBoolean(field: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ApiError('validation', 'REQUEST.UNKNOWN_FILTER_VALUE', `${field} must be true or false.`, { field, valid: ['true', 'false'] });
}

/**
 * The page size: the configured default when absent; a page larger than PAGE_SIZE_MAX is refused (400),
 * not silently trimmed, so a client that believes it received everything notices that it did not.
 */
export function parsePageSize(raw: string | undefined, limits: Pick<Limits, 'pageSizeDefault' | 'pageSizeMax'>): number {
  if (raw === undefined) return Math.min(limits.pageSizeDefault, limits.pageSizeMax);
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new ApiError('validation', 'REQUEST.PAGE_SIZE_INVALID', 'pageSize must be a positive integer.', { field: 'pageSize', max: limits.pageSizeMax });
  }
  const n = Number(raw);
  if (n > limits.pageSizeMax) {
    throw new ApiError('validation', 'REQUEST.PAGE_SIZE_TOO_LARGE', `pageSize must not exceed ${limits.pageSizeMax}.`, { field: 'pageSize', max: limits.pageSizeMax });
  }
  return n;
}

/** A whole number within bounds (hours, days, minutes). */
export function parseInteger(field: string, raw: string | undefined, bounds: { min: number; max: number; fallback: number }): number {
  if (raw === undefined) return bounds.fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw new ApiError('validation', 'REQUEST.OUT_OF_RANGE', `${field} must be a whole number from ${bounds.min} to ${bounds.max}.`, { field, min: bounds.min, max: bounds.max });
  }
  return n;
}

// An explicit zone is required: a local time would mean different instants on different servers.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with a zone, as a Date; 400 REQUEST.INVALID_INSTANT otherwise. */
export function parseInstant(field: string, raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const ms = INSTANT.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) {
    throw new ApiError('validation', 'REQUEST.INVALID_INSTANT', `${field} must be an ISO-8601 instant with a zone, e.g. 2025-03-01T08:00:00Z.`, { field });
  }
  return new Date(ms);
}

/** Opaque keyset cursor of a list: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(raw: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]{1,400}$/.test(raw) ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
  } catch {
    value = undefined;
  }
  if (!check(value)) throw new ApiError('validation', 'REQUEST.INVALID_CURSOR', 'cursor is not one this service issued; start again without it.', { field: 'cursor' });
  return value;
}

export interface Period {
  from: Date;
  to: Date;
}

/**
 * A half-open period [from, to). Without `to` it ends now; without `from` it starts `defaultDays` before
 * `to`. Longer than `maxDays` is refused, so one request cannot scan the whole history.
 */
export function parsePeriod(fromRaw: string | undefined, toRaw: string | undefined, now: Date, bounds: { defaultDays: number; maxDays: number }): Period {
  const to = parseInstant('to', toRaw) ?? now;
  const from = parseInstant('from', fromRaw) ?? new Date(to.getTime() - bounds.defaultDays * 86_400_000);
  if (from.getTime() >= to.getTime()) throw new ApiError('validation', 'REQUEST.INVALID_PERIOD', 'from must be before to.', { from: from.toISOString(), to: to.toISOString() });
  if (to.getTime() - from.getTime() > bounds.maxDays * 86_400_000) {
    throw new ApiError('validation', 'REQUEST.INVALID_PERIOD', `the period must not be longer than ${bounds.maxDays} days.`, { maxDays: bounds.maxDays });
  }
  return { from, to };
}
