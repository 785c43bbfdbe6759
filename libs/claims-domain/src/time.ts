import { ClaimError } from './errors';

/** An instant in UTC as `Date.prototype.toISOString` writes it: `2025-03-01T08:00:00.000Z`. */
export type Instant = string;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// An explicit offset is required: a local time without zone would mean different instants on different servers.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Normalises a time that arrived with a command (a Date from the injected clock, or an ISO string) to an Instant. */
export function toInstant(value: Date | string, field = 'time'): Instant {
  const ms = value instanceof Date ? value.getTime() : ISO_WITH_ZONE.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new ClaimError('CLAIM.INVALID_TIME', `${field} is not an ISO-8601 instant with a zone`, { field });
  return instantOf(ms);
}

/** Milliseconds since the epoch of an Instant. */
export const msOf = (instant: Instant): number => Date.parse(instant);

/** The Instant of epoch milliseconds (a fixed instant, not the wall clock). */
export const instantOf = (ms: number): Instant => new Date(ms).toISOString();

export const addMs = (instant: Instant, ms: number): Instant => instantOf(msOf(instant) + ms);

export const isAfter = (a: Instant, b: Instant): boolean => msOf(a) > msOf(b);
