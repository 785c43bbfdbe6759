import { residentIdCheckCharacter } from '@fpi/contracts';
import { isRealDate, type CalendarDate } from './calendar';
import { EnrollmentError } from './errors';

/**
 * Resident ID numbers (GB 11643-1999): 6-digit region code, birth date YYYYMMDD, 3-digit sequence (odd for
 * men, even for women) and a check character computed with ISO 7064 MOD 11-2.
 */
export type ResidentIdProblem = 'FORMAT' | 'REGION_CODE' | 'BIRTH_DATE' | 'BIRTH_DATE_IN_FUTURE' | 'SEQUENCE' | 'CHECK_CHARACTER';

export interface ResidentId {
  /** Upper-case form; this is what is hashed and stored. */
  readonly normalized: string;
  readonly regionCode: string;
  readonly birthDate: CalendarDate;
  readonly sequence: string;
  readonly sex: 'MALE' | 'FEMALE';
}

export type ResidentIdCheck = { ok: true; id: ResidentId } | { ok: false; problem: ResidentIdProblem };


/**
 * Province-level codes of GB/T 2260. ID numbers keep abolished county codes for life, so only the
 * province is checked against a list; the rest is checked for format.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** The check character for the first 17 digits (shared with claims through the contracts). */
export { residentIdCheckCharacter };

/** Checks format, region, birth date (a real date, not after `today`), sequence and check character. */
export function checkResidentId(raw: string, today: CalendarDate): ResidentIdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'FORMAT' };
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) return { ok: false, problem: 'REGION_CODE' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1800 || !isRealDate(year, month, day)) return { ok: false, problem: 'BIRTH_DATE' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'BIRTH_DATE_IN_FUTURE' };
  const sequence = id.slice(14, 17);
  if (sequence === '000') return { ok: false, problem: 'SEQUENCE' };
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'CHECK_CHARACTER' };
  return { ok: true, id: { normalized: id, regionCode, birthDate, sequence, sex: Number(sequence) % 2 === 1 ? 'MALE' : 'FEMALE' } };
}

const problemMessages: Record<ResidentIdProblem, string> = {
  FORMAT: 'must be 17 digits followed by a digit or X',
  REGION_CODE: 'does not start with a valid region code',
  BIRTH_DATE: 'does not contain a real birth date',
  BIRTH_DATE_IN_FUTURE: 'contains a birth date in the future',
  SEQUENCE: 'has an invalid sequence number',
  CHECK_CHARACTER: 'has a wrong check character',
};

/**
 * Parses or throws `ENROLLMENT.INVALID_ID_NUMBER`. `field` names the offending input (e.g. `members[2].idNumber`);
 * the number itself is never put into the error, because error bodies and logs must not carry it.
 */
export function parseResidentId(raw: string, today: CalendarDate, field = 'idNumber'): ResidentId {
  const check = checkResidentId(raw, today);
  if (check.ok) return check.id;
  throw new EnrollmentError('ENROLLMENT.INVALID_ID_NUMBER', 'validation', `${field} ${problemMessages[check.problem]}`, { field, reason: check.problem });
}

/**
 * A well-formed ID number that no real person holds: prefecture code 99 is not assigned in any province
 * (GB/T 2260), so synthetic data and tests can never contain a real resident's number.
 */
export function syntheticResidentId(birthDate: CalendarDate, sequence: number, county = '449901'): string {
  if (!/^\d{2}99\d{2}$/.test(county)) throw new Error('synthetic ID numbers use an unassigned prefecture code (..99..)');
  const first17 = `${county}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}
