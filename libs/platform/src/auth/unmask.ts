import { redact, redactText } from '@fpi/contracts';
import type { Principal } from './principal';
import { can } from './roles';

/** Header carrying the caller's reason for seeing personal data unmasked; recorded in the audit trail. */
export const UNMASK_REASON_HEADER = 'x-unmask-reason';

const MAX_REASON_CHARS = 500;

/** Whether unmasking is allowed, and why not when it is refused. */
export type UnmaskDecision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly why: 'no-principal' | 'no-permission' | 'no-reason' | 'bad-reason' };

/**
 * PIPL Art. 28 treats these families' data as sensitive: masked by default, shown in clear only to a role
 * with `personal-data:unmask` that says why (the audit records the reason). A reason must contain letters
 * ("回访核实" is fine; "." is not) and fit in 500 characters.
 */
export function unmaskDecision(principal: Principal | undefined, reason: string | null | undefined): UnmaskDecision {
  if (!principal) return { allowed: false, why: 'no-principal' };
  if (!can(principal.role, 'personal-data:unmask')) return { allowed: false, why: 'no-permission' };
  const text = reason?.trim() ?? '';
  if (text === '') return { allowed: false, why: 'no-reason' };
  // eslint-disable-next-line no-control-regex
  if (Array.from(text).length > MAX_REASON_CHARS || /[\u0000-\u001f\u007f]/.test(text) || !/\p{L}/u.test(text)) return { allowed: false, why: 'bad-reason' };
  return { allowed: true, reason: text };
}

/** True when `principal` may see personal data unmasked for `reason`. */
export const unmaskAllowed = (principal: Principal | undefined, reason: string | null | undefined): boolean =>
  unmaskDecision(principal, reason).allowed;

/** `value` unchanged when unmasking is allowed, otherwise with ID numbers, names, phones and accounts masked. */
export function maskUnlessAllowed<T>(value: T, principal: Principal | undefined, reason: string | null | undefined): T {
  return unmaskAllowed(principal, reason) ? value : (redact(value) as T);
}

/** The reason as it may be stored: trimmed, bounded, and with anything shaped like an ID or phone masked. */
export const auditableReason = (reason: string | null | undefined): string | null => {
  const text = reason?.trim();
  return text ? redactText(Array.from(text).slice(0, MAX_REASON_CHARS).join('')) : null;
};
