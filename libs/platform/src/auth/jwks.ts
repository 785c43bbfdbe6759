import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../clock/clock';
import { keyMismatch, type JwtAlgorithm } from './security-config';

/** Where the verifier gets the key for a token's algorithm and key id. */
export interface VerificationKeys {
  keyFor(alg: JwtAlgorithm, kid: string | undefined): Promise<KeyObject | undefined>;
}

/** Keys from configuration: a secret for HS*, one public key for the asymmetric families. */
export class StaticKeys implements VerificationKeys {
  constructor(private readonly secret?: KeyObject, private readonly publicKey?: KeyObject) {}
  async keyFor(alg: JwtAlgorithm): Promise<KeyObject | undefined> {
    const key = alg.startsWith('HS') ? this.secret : this.publicKey;
    return key && !keyMismatch(alg, key) ? key : undefined;
  }
}

/** The slice of `fetch` the JWKS source uses (injectable for tests). */
export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

/** Caching and fetching behaviour of a JwksKeySource. */
export interface JwksOptions {
  /** How long a fetched key set is used before it is fetched again. */
  cacheMs: number;
  /**
   * Least time between fetches triggered by an unknown `kid`: a stream of tokens with random key ids must
   * not turn this service into a request amplifier against the identity provider.
   */
  minRefreshMs?: number;
  timeoutMs?: number;
  fetchFn?: FetchLike;
  clock?: Clock;
  onError?: (error: Error) => void;
}

interface CachedKey {
  kid?: string;
  alg?: string;
  key: KeyObject;
}

const MAX_JWKS_BYTES = 1_000_000;

/**
 * Verification keys from an identity provider's JWKS document, cached and refetched on expiry or on an
 * unknown key id (how providers roll keys). Only the configured URL is ever fetched: `jku`/`x5u` headers
 * in a token are ignored (RFC 8725 §3.10), and symmetric (`oct`) entries are never trusted.
 */
export class JwksKeySource implements VerificationKeys {
  private keys: CachedKey[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<void>;
  private readonly clock: Clock;
  private readonly fetchFn: FetchLike;

  constructor(private readonly url: string, private readonly opts: JwksOptions) {
    this.clock = opts.clock ?? systemClock;
    this.fetchFn = opts.fetchFn ?? ((u, init) => fetch(u, init));
  }

  async keyFor(alg: JwtAlgorithm, kid: string | undefined): Promise<KeyObject | undefined> {
    const now = this.clock.now().getTime();
    if (now - this.fetchedAt >= this.opts.cacheMs) await this.refresh();
    let found = this.pick(alg, kid);
    if (!found && this.clock.now().getTime() - this.attemptedAt >= (this.opts.minRefreshMs ?? 30_000)) {
      await this.refresh();
      found = this.pick(alg, kid);
    }
    return found;
  }

  private pick(alg: JwtAlgorithm, kid: string | undefined): KeyObject | undefined {
    const usable = this.keys.filter((k) => (k.alg === undefined || k.alg === alg) && !keyMismatch(alg, k.key));
    if (kid !== undefined) return usable.find((k) => k.kid === kid)?.key;
    // Without a kid the choice is only unambiguous when a single key fits.
    return usable.length === 1 ? usable[0].key : undefined;
  }

  /** Concurrent misses share one fetch. A failed fetch keeps the previous keys (provider outages are common). */
  private refresh(): Promise<void> {
    this.inflight ??= this.load()
      .catch((e: unknown) => this.opts.onError?.(e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.clock.now().getTime();
    const res = await this.fetchFn(this.url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`JWKS ${this.url} answered ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error(`JWKS ${this.url} is larger than ${MAX_JWKS_BYTES} bytes`);
    const doc = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(doc.keys)) throw new Error(`JWKS ${this.url} has no "keys" array`);
    const keys: CachedKey[] = [];
    for (const jwk of doc.keys as (JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown })[]) {
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      try {
        keys.push({
          kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
          alg: typeof jwk.alg === 'string' ? jwk.alg : undefined,
          key: createPublicKey({ key: jwk, format: 'jwk' }),
        });
      } catch {
        // One malformed entry must not hide the provider's other keys.
      }
    }
    this.keys = keys;
    this.fetchedAt = this.clock.now().getTime();
  }
}
