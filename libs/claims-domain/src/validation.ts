import { ACTOR_ROLES, CLAIM_BENEFITS, CLAIM_DOCUMENTS, type ClaimBenefit, type ClaimDocument } from '@fpi/contracts';
import { ClaimError, ensure, type ClaimErrorCode } from './errors';
import type { Actor } from './events';

/** A required free-text or id field: a non-empty string of bounded length. */
export function text(value: unknown, field: string, max = 500): string {
  ensure(typeof value === 'string' && value.trim().length > 0 && value.length <= max, 'CLAIM.INVALID_COMMAND', `${field} must be a non-empty string of at most ${max} characters`, { field });
  return value;
}

/** A value of a closed vocabulary. */
export function member<T extends string>(list: readonly T[], value: unknown, field: string, code: ClaimErrorCode = 'CLAIM.UNKNOWN_CODE'): T {
  if (typeof value !== 'string' || !(list as readonly string[]).includes(value)) {
    throw new ClaimError(code, `${field} must be one of ${list.join(', ')}`, { field });
  }
  return value as T;
}

/** Distinct values of a vocabulary, in the vocabulary's order (so equal sets always look the same). */
function distinct<T extends string>(list: readonly T[], values: unknown, field: string, code: ClaimErrorCode): T[] {
  ensure(Array.isArray(values), 'CLAIM.INVALID_COMMAND', `${field} must be a list`, { field });
  const chosen = new Set(values.map((v) => member(list, v, field, code)));
  return list.filter((v) => chosen.has(v));
}

export const benefitList = (values: unknown, field = 'benefits'): ClaimBenefit[] => distinct(CLAIM_BENEFITS, values, field, 'CLAIM.UNKNOWN_BENEFIT');
export const documentList = (values: unknown, field = 'documents'): ClaimDocument[] => distinct(CLAIM_DOCUMENTS, values, field, 'CLAIM.UNKNOWN_DOCUMENT');

export function actor(value: unknown): Actor {
  ensure(typeof value === 'object' && value !== null, 'CLAIM.INVALID_COMMAND', 'metadata.actor is required');
  const { id, role } = value as Partial<Actor>;
  return { id: text(id, 'metadata.actor.id', 128), role: member(ACTOR_ROLES, role, 'metadata.actor.role', 'CLAIM.INVALID_COMMAND') };
}

/** Structural equality of plain data (bigint included), for recognising a repeated command. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
