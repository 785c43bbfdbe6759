import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyScope, Principal } from './principal';
import { isRegionCode } from './region';

/** Recognisable prefix so leaked keys can be found by secret scanners and told apart from tokens. */
export const API_KEY_PREFIX = 'fpik_';
/** 256 random bits (the issue asks for at least 128), base64url: 43 characters after the prefix. */
const KEY_BYTES = 32;
const KEY_PATTERN = /^fpik_[A-Za-z0-9_-]{43}$/;

/** Header integrators send their key in. */
export const API_KEY_HEADER = 'x-api-key';

/** A new plaintext key: `fpik_` + 43 base64url characters. */
export const generateApiKey = (): string => API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');

/**
 * SHA-256 without salt or stretching is enough here: the key has 256 bits of entropy, so there is no
 * dictionary to attack, and an exact hash lets authentication use an index lookup.
 */
export const hashApiKey = (plaintext: string): string => createHash('sha256').update(plaintext, 'utf8').digest('hex');

/** Shape check that spares the database a lookup for obvious garbage. */
export const isWellFormedApiKey = (value: string): boolean => KEY_PATTERN.test(value);

/** What is shown in listings: enough to tell keys apart, far too little to use. */
export const displayPrefix = (plaintext: string): string => plaintext.slice(0, API_KEY_PREFIX.length + 6);

/** A stored key as listings show it: metadata and hash prefix, never the plaintext. */
export interface ApiKeyRecord {
  readonly id: string;
  /** The integrator (system) the key belongs to; principals are `integrator:<integratorId>`. */
  readonly integratorId: string;
  readonly label: string;
  readonly prefix: string;
  readonly scope: ApiKeyScope;
  readonly createdAt: Date;
  /** After this instant the key no longer authenticates (set by rotation to end the overlap). */
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  /** The key that replaced this one in a rotation. */
  readonly replacedBy: string | null;
}

/** What an admin supplies to issue a key. */
export interface NewApiKey {
  integratorId: string;
  label: string;
  scope: ApiKeyScope;
  expiresAt?: Date | null;
}

/** The only moment the plaintext exists outside the integrator's hands: show it once, then drop it. */
export interface IssuedApiKey {
  readonly record: ApiKeyRecord;
  readonly plaintext: string;
}

/** Result of presenting a key; the reason is for logs, callers only see 401. */
export type ApiKeyCheck =
  | { readonly ok: true; readonly record: ApiKeyRecord }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/** Port for integrator keys; the PostgreSQL adapter is `PostgresApiKeyStore`. */
export interface ApiKeyStore {
  create(input: NewApiKey): Promise<IssuedApiKey>;
  authenticate(plaintext: string): Promise<ApiKeyCheck>;
  /** Idempotent: revoking a revoked key returns it unchanged. */
  revoke(id: string): Promise<ApiKeyRecord>;
  /**
   * Issues a successor with the same integrator and scope; the old key keeps working until `overlapUntil`
   * (or its own earlier expiry), so the integrator can deploy the new key without an outage.
   */
  rotate(id: string, overlapUntil: Date): Promise<IssuedApiKey>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(integratorId: string): Promise<ApiKeyRecord[]>;
}

/** Injection token of the ApiKeyStore port. */
export const API_KEY_STORE = Symbol('API_KEY_STORE');

/** Status of a key at `now`. */
export function apiKeyStatus(record: ApiKeyRecord, now: Date): 'active' | 'revoked' | 'expired' {
  if (record.revokedAt !== null && record.revokedAt <= now) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  return 'active';
}

const EVENT_TYPE = /^(\*|[A-Za-z][A-Za-z0-9_.-]{0,99})$/;

/** Problems with a key's scope; empty when valid. Empty lists are refused: a key must say what it may see. */
export function scopeProblems(scope: ApiKeyScope): string[] {
  const problems: string[] = [];
  if (scope.eventTypes.length === 0) problems.push('eventTypes must list at least one event type (or "*")');
  for (const t of scope.eventTypes) if (!EVENT_TYPE.test(t)) problems.push(`"${t}" is not an event type name`);
  if (scope.regions.length === 0) problems.push('regions must list at least one region code');
  for (const r of scope.regions) if (!isRegionCode(r)) problems.push(`"${r}" is not a region code`);
  return problems;
}

/** The principal an authenticated key acts as. */
export const principalForApiKey = (record: ApiKeyRecord): Principal => ({
  sub: `integrator:${record.integratorId}`,
  role: 'integrator',
  via: 'api-key',
  apiKey: { id: record.id, scope: record.scope },
});
