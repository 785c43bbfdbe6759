import { ApiError } from '../errors/http-error.filter';
import type { Principal } from './principal';

/**
 * GB/T 2260 codes are hierarchical by prefix: province (2 digits), prefecture/city (4), county (6); the
 * statistical codes add township (9) and village (12). An object belongs to every level whose code is a
 * prefix of its own.
 */
const CODE_LENGTHS = new Set([2, 4, 6, 9, 12]);

/** True for a well-formed region code of a known level. */
export const isRegionCode = (code: unknown): code is string =>
  typeof code === 'string' && CODE_LENGTHS.has(code.length) && /^\d+$/.test(code);

/** Levels a person's token may carry: city staff (4), county (6), township (9). */
export const isPrincipalRegion = (code: unknown): code is string =>
  typeof code === 'string' && [4, 6, 9].includes(code.length) && /^\d+$/.test(code);

/**
 * Whether a principal limited to `principalRegion` may see an object in `objectRegion`.
 *
 * `undefined` means "every region" (admin) and is the only way to see everything. Anything malformed
 * fails closed: an empty string is a prefix of every code, so treating it as a region would open every
 * household to a token that merely lost its claim.
 */
export function regionCovers(principalRegion: string | undefined, objectRegion: string): boolean {
  if (principalRegion === undefined) return true;
  if (!isRegionCode(principalRegion) || !isRegionCode(objectRegion)) return false;
  return objectRegion.length >= principalRegion.length && objectRegion.startsWith(principalRegion);
}

/** What a handler answers for an object outside the caller's scope: the same 404 as a missing one. */
export interface NotFoundAnswer {
  code: string;
  message: string;
}

const DEFAULT_NOT_FOUND: NotFoundAnswer = { code: 'REQUEST.NOT_FOUND', message: 'Not found.' };

/**
 * The region filter of one request, derived from the verified principal only. Handlers receive it through
 * `@CurrentRegionScope()` and apply it to every household, claim, queue, timeline, export and report.
 */
export class RegionScope {
  private constructor(private readonly regions: readonly string[] | 'all') {}

  /** Every region (admins). */
  static all(): RegionScope {
    return new RegionScope('all');
  }

  /** Nothing at all: what a principal without a usable region gets. */
  static none(): RegionScope {
    return new RegionScope([]);
  }

  /** Limited to these codes (an integrator key may list several). Malformed codes are dropped, never widened. */
  static of(regions: readonly string[]): RegionScope {
    return new RegionScope(regions.filter(isRegionCode));
  }

  /** The scope a principal's credentials grant. */
  static forPrincipal(principal: Principal): RegionScope {
    if (principal.apiKey) return RegionScope.of(principal.apiKey.scope.regions);
    if (principal.region !== undefined) return RegionScope.of([principal.region]);
    return principal.role === 'admin' ? RegionScope.all() : RegionScope.none();
  }

  get isAll(): boolean {
    return this.regions === 'all';
  }

  /** The codes this scope is limited to, or `'all'`. */
  get codes(): readonly string[] | 'all' {
    return this.regions;
  }

  covers(objectRegion: string | null | undefined): boolean {
    if (this.regions === 'all') return true;
    if (objectRegion === null || objectRegion === undefined) return false;
    return this.regions.some((r) => regionCovers(r, objectRegion));
  }

  /**
   * Returns `object` when it exists and lies in scope, otherwise throws a 404 that is identical for
   * "absent" and "someone else's" (OWASP API1): a 403 would confirm that the id exists.
   */
  visible<T>(object: T | null | undefined, regionOf: (o: T) => string, notFound: NotFoundAnswer = DEFAULT_NOT_FOUND): T {
    if (object === null || object === undefined || !this.covers(regionOf(object))) {
      throw new ApiError('not_found', notFound.code, notFound.message);
    }
    return object;
  }

  /** Keeps the items of a list that lie in scope. */
  filter<T>(items: readonly T[], regionOf: (o: T) => string): T[] {
    return items.filter((i) => this.covers(regionOf(i)));
  }

  /**
   * A parameterised SQL condition for repositories: `column LIKE $n` per code (codes are digits only, so
   * no LIKE metacharacters can slip in). `TRUE` for every region, `FALSE` for none.
   */
  sqlCondition(column: string, firstParam = 1): { text: string; values: string[] } {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(column)) throw new Error(`not a column name: ${column}`);
    if (this.regions === 'all') return { text: 'TRUE', values: [] };
    if (this.regions.length === 0) return { text: 'FALSE', values: [] };
    const parts = this.regions.map((_, i) => `${column} LIKE $${firstParam + i}`);
    return { text: `(${parts.join(' OR ')})`, values: this.regions.map((r) => `${r}%`) };
  }

  toString(): string {
    return this.regions === 'all' ? 'all' : this.regions.join(',') || 'none';
  }
}
