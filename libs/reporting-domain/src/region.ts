/**
 * GB/T 2260 codes nest by prefix: city/prefecture (4 digits), county (6); the statistical division codes
 * add township (9) and village (12). A fact stores the most precise code it knows, so every level is a
 * prefix of it and "everything in county X" is a `LIKE 'X%'` on one indexed column.
 */
export const REGION_LEVELS = { city: 4, county: 6, township: 9, village: 12 } as const;
export type RegionLevel = keyof typeof REGION_LEVELS;
export const REGION_LEVEL_NAMES = Object.keys(REGION_LEVELS) as RegionLevel[];

const CODE = /^(\d{4}|\d{6}|\d{9}|\d{12})$/;

/** A well-formed code of one of the four levels. Membership in today's official list is not checked. */
export const isRegionCode = (code: unknown): code is string => typeof code === 'string' && CODE.test(code);

export function levelOf(code: string): RegionLevel | undefined {
  return REGION_LEVEL_NAMES.find((l) => REGION_LEVELS[l] === code.length);
}

/** The code of `level` that contains `code`, or null when `code` is less precise than that level. */
export function regionAt(code: string | null, level: RegionLevel): string | null {
  const n = REGION_LEVELS[level];
  return code !== null && code.length >= n ? code.slice(0, n) : null;
}

/** Whether `code` lies in the region `prefix` (a region contains itself). */
export const within = (code: string | null, prefix: string): boolean => code !== null && code.startsWith(prefix);

/**
 * The regions a caller may see, as prefixes: `'all'` for the whole programme. It comes from the verified
 * principal (never from the request); an empty list sees nothing.
 */
export type RegionScope = 'all' | readonly string[];

export const ALL_REGIONS: RegionScope = 'all';

export function inScope(code: string | null, scope: RegionScope): boolean {
  return scope === 'all' || scope.some((p) => within(code, p));
}
