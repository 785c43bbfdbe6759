import { canonicalJson } from '@fpi/platform';
import { parseIfMatch } from './command-request';
import { Wakeup } from './claim-events-signal';

describe('command request helpers', () => {
  it('reads the revision from If-Match in its usual spellings', () => {
    expect(parseIfMatch('"7"')).toBe(7n);
    expect(parseIfMatch('W/"12"')).toBe(12n);
    expect(parseIfMatch('3')).toBe(3n);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(() => parseIfMatch('"abc"')).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID_IF_MATCH' }));
  });

  it('treats bodies that differ only in key order as the same request', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('remembers a wake-up that came while the reader was busy', async () => {
    const w = new Wakeup();
    w.notify();
    const started = Date.now();
    await w.wait(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const waiting = w.wait(5_000);
    w.notify();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
