import { ApiError, type RegionScope } from '@fpi/platform';
import type { SqlParams } from './sql';

/** County and township filters a client may add; they can only narrow what the token allows. */
export interface RegionRequest {
  county?: string;
  township?: string;
}

/** What a list is limited to: region prefixes (from the token, narrowed by `county`) and, optionally, one township. */
export interface RegionFilter {
  /** `'all'` only for a principal that sees every region (admin); empty means nothing at all. */
  readonly prefixes: readonly string[] | 'all';
  /** Narrows further to claims whose household lives in this township (from the policy's village code). */
  readonly township?: string;
}

const COUNTY = /^\d{6}$/;
const TOWNSHIP = /^\d{9}$/;
const VILLAGE = /^\d{12}$/;

/**
 * The region a list may show: the token's codes, narrowed by the requested county (or the county of the
 * requested township) where it lies inside them, never widened. A request outside the token's region gives
 * an empty answer, not an error, and not a wider list.
 */
export function effectiveRegions(scope: RegionScope, requested: RegionRequest): RegionFilter {
  const { county, township } = requested;
  if (county !== undefined && !COUNTY.test(county)) throw new ApiError('validation', 'REQUEST.INVALID_REGION', 'county must be a 6-digit GB/T 2260 code.', { field: 'county' });
  if (township !== undefined && !TOWNSHIP.test(township)) throw new ApiError('validation', 'REQUEST.INVALID_REGION', 'township must be a 9-digit code.', { field: 'township' });
  if (county !== undefined && township !== undefined && !township.startsWith(county)) return { prefixes: [] };
  const asked = county ?? township?.slice(0, 6);
  const codes = scope.codes;
  let prefixes: readonly string[] | 'all';
  if (codes === 'all') prefixes = asked === undefined ? 'all' : [asked];
  else if (asked === undefined) prefixes = codes;
  else {
    const narrowed = new Set<string>();
    for (const code of codes) {
      if (asked.startsWith(code)) narrowed.add(asked);
      else if (code.startsWith(asked)) narrowed.add(code);
    }
    prefixes = [...narrowed];
  }
  return township === undefined ? { prefixes } : { prefixes, township };
}

/**
 * The SQL condition of a region filter on `queue_claims` (alias `q`), as the claims API scopes a claim: by
 * its county (`region_code`), so, as in `regionCovers`, a prefix longer than that never matches. City and
 * county prefixes use their own columns, so an equality can drive the ordered index scans. The timeline and
 * supervision reads use this rule; the queue uses `queueRegionCondition`.
 */
export function regionCondition(filter: RegionFilter, params: SqlParams, alias = 'q'): string {
  return scopedCondition(filter, params, alias, false);
}

/**
 * The queue's region condition (lists, counts, next-claim, leases): as `regionCondition`, except that a
 * township (9-digit) or village (12-digit) code, which a township-level token carries, matches the claims
 * whose insured household lives there (the policy's village, `claimVillageOf`), inside the county the code
 * belongs to. A claim not yet registered has no household village: it is in its county's queue only, which
 * is also where registering it is done.
 */
export function queueRegionCondition(filter: RegionFilter, params: SqlParams, alias = 'q'): string {
  return scopedCondition(filter, params, alias, true);
}

function scopedCondition(filter: RegionFilter, params: SqlParams, alias: string, byHousehold: boolean): string {
  const { prefixes, township } = filter;
  let scope: string;
  if (prefixes === 'all') scope = 'TRUE';
  else if (prefixes.length === 0) scope = 'FALSE';
  else {
    const parts = prefixes.map((code) => {
      if (code.length === 4) return `${alias}.city_code = ${params.param(code)}`;
      if (code.length === 6) return `${alias}.county_code = ${params.param(code)}`;
      // The county equality is implied (a household village lies in the claim's county) but lets the
      // county's ordered index drive the scan, the township or village being a filter on it.
      if (byHousehold && TOWNSHIP.test(code)) return `(${alias}.county_code = ${params.param(code.slice(0, 6))} AND ${alias}.township_code = ${params.param(code)})`;
      if (byHousehold && VILLAGE.test(code)) return `(${alias}.county_code = ${params.param(code.slice(0, 6))} AND ${alias}.village_code = ${params.param(code)})`;
      return `${alias}.region_code LIKE ${params.param(`${code}%`)}`;
    });
    scope = parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
  }
  return township === undefined ? scope : `${scope} AND ${alias}.township_code = ${params.param(township)}`;
}

/** The same filter on a table that only has a full region code and a township code (four-eyes attempts). */
export function regionLike(filter: RegionFilter, params: SqlParams, regionColumn: string, townshipColumn: string): string {
  const { prefixes, township } = filter;
  const scope =
    prefixes === 'all' ? 'TRUE' : prefixes.length === 0 ? 'FALSE' : `(${prefixes.map((code) => `${regionColumn} LIKE ${params.param(`${code}%`)}`).join(' OR ')})`;
  return township === undefined ? scope : `${scope} AND ${townshipColumn} = ${params.param(township)}`;
}
