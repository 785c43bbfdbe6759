import { deriveEventId, EVENT_ID_NAMESPACE, isUuid, uuidV5 } from './event-id';

describe('event ids', () => {
  it('computes RFC 9562 version-5 UUIDs (published test vector)', () => {
    // DNS namespace and "www.example.com", from RFC 9562 appendix A.4.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives the same id for the same key and index, and different ids otherwise', () => {
    const a0 = deriveEventId('req-42', 0);
    expect(deriveEventId('req-42', 0)).toBe(a0);
    expect(isUuid(a0)).toBe(true);
    expect(a0[14]).toBe('5');
    const ids = new Set([a0, deriveEventId('req-42', 1), deriveEventId('req-43', 0), deriveEventId('req-4', 20), deriveEventId('req-42', 0, '00000000-0000-4000-8000-000000000000')]);
    expect(ids.size).toBe(5);
  });

  it('rejects an empty key, a bad index and a bad namespace', () => {
    expect(() => deriveEventId('', 0)).toThrow(/empty/);
    expect(() => deriveEventId('k', -1)).toThrow(RangeError);
    expect(() => deriveEventId('k', 1.5)).toThrow(RangeError);
    expect(() => uuidV5('x', 'nope')).toThrow(/namespace/);
    expect(isUuid(EVENT_ID_NAMESPACE)).toBe(true);
  });
});
