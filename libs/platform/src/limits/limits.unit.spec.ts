import { ManualClock } from '../clock/clock';
import { ApiError } from '../errors/http-error.filter';
import { capExportRows, exportQueryLimit, pageSize } from './paging';
import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows the burst, then the per-minute rate, and says when to retry', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 3, clock });
    expect([1, 2, 3].map(() => limiter.take('p:alice').allowed)).toEqual([true, true, true]);
    expect(limiter.take('p:alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('p:bob').allowed).toBe(true);
    clock.advance(1000);
    expect(limiter.take('p:alice').allowed).toBe(true);
    expect(limiter.take('p:alice').allowed).toBe(false);
  });

  it('computes Retry-After from the refill rate', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const limiter = new TokenBucketLimiter({ perMinute: 6, burst: 1, clock });
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('does not mint tokens when the clock steps back, and forgets idle keys', () => {
    const clock = new ManualClock('2026-01-01T00:10:00Z');
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 1, clock });
    limiter.take('k');
    clock.advance(-60_000);
    expect(limiter.take('k').allowed).toBe(false);
    clock.advance(10 * 60_000);
    limiter.take('other');
    expect(limiter.size).toBe(1);
  });
});

describe('page and export caps', () => {
  const limits = { pageSizeDefault: 50, pageSizeMax: 200, exportRowsMax: 3 };

  it('defaults, clamps to the cap, and refuses nonsense', () => {
    expect(pageSize(undefined, limits)).toBe(50);
    expect(pageSize('', limits)).toBe(50);
    expect(pageSize('20', limits)).toBe(20);
    expect(pageSize(20, limits)).toBe(20);
    expect(pageSize('100000', limits)).toBe(200);
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', 0, 2.5, ['5']]) {
      expect(() => pageSize(bad, limits)).toThrow(expect.objectContaining({ kind: 'validation', code: 'REQUEST.PAGE_SIZE_INVALID' }) as ApiError);
    }
  });

  it('refuses an export above the cap instead of truncating it', () => {
    expect(exportQueryLimit(limits)).toBe(4);
    expect(capExportRows([1, 2, 3], limits)).toEqual([1, 2, 3]);
    expect(() => capExportRows([1, 2, 3, 4], limits)).toThrow(expect.objectContaining({ kind: 'unprocessable', code: 'EXPORT.TOO_MANY_ROWS' }) as ApiError);
  });
});
