import { systemClock, type Clock } from '../clock/clock';

/** Budget of one key (principal or client address). */
export interface RateLimitOptions {
  /** Sustained rate. */
  perMinute: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  burst: number;
  clock?: Clock;
}

/** Whether a request may proceed, and if not, after how many seconds to retry. */
export type RateDecision = { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key, in memory. Per process: with N replicas a principal gets up to N times the rate,
 * which is acceptable for abuse protection (this is not billing); a shared store would be needed for more.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly clock: Clock;
  private lastSweep: number;

  constructor(private readonly opts: RateLimitOptions) {
    if (opts.perMinute <= 0 || opts.burst < 1) throw new Error('rate limit needs perMinute > 0 and burst >= 1');
    this.perMs = opts.perMinute / 60_000;
    this.clock = opts.clock ?? systemClock;
    this.lastSweep = this.clock.now().getTime();
  }

  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    // A clock that steps backwards must not mint tokens, hence max(0, ...).
    b.tokens = Math.min(this.opts.burst, b.tokens + Math.max(0, now - b.at) * this.perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, remaining: Math.floor(b.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Number of keys held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** A full bucket is indistinguishable from an absent one, so idle keys are dropped once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.opts.burst) this.buckets.delete(key);
    }
  }
}

/** Injection token of the process-wide TokenBucketLimiter. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
