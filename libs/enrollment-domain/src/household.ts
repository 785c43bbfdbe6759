import type { CalendarDate } from './calendar';
import { EnrollmentError } from './errors';
import { parseResidentId, type ResidentId } from './resident-id';

/** Family-planning status (计划生育家庭类型) as stable English codes. */
export const HOUSEHOLD_STATUSES = ['ONE_CHILD', 'RURAL_TWO_DAUGHTERS', 'SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME', 'OTHER'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** 特扶户, 计生特殊家庭 (失独/伤残), 低保/脱贫: the households that may be gifted cover and are fast-tracked on claims. */
const VULNERABLE: ReadonlySet<HouseholdStatus> = new Set(['SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME']);
export const isVulnerableStatus = (status: HouseholdStatus): boolean => VULNERABLE.has(status);
export const isHouseholdStatus = (v: string): v is HouseholdStatus => (HOUSEHOLD_STATUSES as readonly string[]).includes(v);

/** Relationship to the head of household (户主). */
export const RELATIONSHIPS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDPARENT', 'GRANDCHILD', 'SIBLING', 'CHILD_IN_LAW', 'OTHER'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const isRelationship = (v: string): v is Relationship => (RELATIONSHIPS as readonly string[]).includes(v);

/** The most people one household record may list; products insure at most 5 of them. */
export const MAX_HOUSEHOLD_MEMBERS = 10;

export interface MemberInput {
  name: string;
  idNumber: string;
  relationship: Relationship;
}

export interface ValidatedMember {
  name: string;
  relationship: Relationship;
  residentId: ResidentId;
}

/**
 * A household record lists exactly one head and each person once. ID numbers are validated against
 * `today` (a birth date after today is a typing error). Throws the first broken rule with its field.
 */
export function validateHouseholdMembers(members: readonly MemberInput[], today: CalendarDate, field = 'members', existing: readonly string[] = []): ValidatedMember[] {
  if (members.length + existing.length > MAX_HOUSEHOLD_MEMBERS) {
    throw new EnrollmentError('ENROLLMENT.TOO_MANY_MEMBERS', 'validation', `a household lists at most ${MAX_HOUSEHOLD_MEMBERS} people`, { field });
  }
  const seen = new Set(existing);
  const validated = members.map((m, i) => {
    const name = m.name.trim();
    if (name.length === 0) throw new EnrollmentError('ENROLLMENT.INVALID_NAME', 'validation', `${field}[${i}].name must not be blank`, { field: `${field}[${i}].name` });
    const residentId = parseResidentId(m.idNumber, today, `${field}[${i}].idNumber`);
    if (seen.has(residentId.normalized)) {
      throw new EnrollmentError('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD', 'validation', `${field}[${i}] is listed twice in the household`, { field: `${field}[${i}].idNumber` });
    }
    seen.add(residentId.normalized);
    return { name, relationship: m.relationship, residentId };
  });
  return validated;
}

/** A new household record must name exactly one head (户主). */
export function requireSingleHead(relationships: readonly Relationship[], field = 'members'): void {
  const heads = relationships.filter((r) => r === 'HEAD').length;
  if (heads !== 1) {
    throw new EnrollmentError(heads === 0 ? 'ENROLLMENT.HOUSEHOLD_WITHOUT_HEAD' : 'ENROLLMENT.MULTIPLE_HEADS', 'validation', `${field} must name exactly one HEAD, found ${heads}`, { field });
  }
}
