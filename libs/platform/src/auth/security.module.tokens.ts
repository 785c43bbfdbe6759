/** Injection tokens of the security module, in a file of their own so its controllers can use them without an import cycle. */

/** Injection token of the resolved SecurityOptions. */
export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');
/** Injection token of the clock the security layer uses (token expiry, rate limits, audit time). */
export const SECURITY_CLOCK = Symbol('SECURITY_CLOCK');
/** Injection token of the pg pool behind the audit trail and API keys. */
export const SECURITY_POOL = Symbol('SECURITY_POOL');
