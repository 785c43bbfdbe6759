import { EnrollmentError } from './errors';

/**
 * Where a household lives, as GB/T 2260 county codes extended by the statistical township (9 digits) and
 * village (12 digits) codes. Each level extends the one above, which is what lets a region scope be a
 * plain code prefix.
 */
export interface Region {
  countyCode: string;
  townshipCode: string;
  villageCode: string;
}

export function validateRegion(region: Region, field = 'region'): Region {
  const problems: string[] = [];
  if (!/^\d{6}$/.test(region.countyCode)) problems.push(`${field}.countyCode must be 6 digits`);
  if (!/^\d{9}$/.test(region.townshipCode)) problems.push(`${field}.townshipCode must be 9 digits`);
  if (!/^\d{12}$/.test(region.villageCode)) problems.push(`${field}.villageCode must be 12 digits`);
  if (problems.length === 0) {
    if (!region.townshipCode.startsWith(region.countyCode)) problems.push(`${field}.townshipCode must start with the county code`);
    if (!region.villageCode.startsWith(region.townshipCode)) problems.push(`${field}.villageCode must start with the township code`);
  }
  if (problems.length > 0) throw new EnrollmentError('ENROLLMENT.INVALID_REGION', 'validation', problems.join('; '), { field, problems });
  return region;
}

export const isVillageCode = (code: string): boolean => /^\d{12}$/.test(code);

/** A region scope (from the caller's principal) is a county, township or village code used as a prefix. */
export const isRegionPrefix = (code: string): boolean => /^(\d{6}|\d{9}|\d{12})$/.test(code);

export const regionWithin = (region: Region, prefix: string | undefined): boolean => prefix === undefined || region.villageCode.startsWith(prefix);
