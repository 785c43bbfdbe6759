import type { RecordedEvent } from './event-store';
import { BIGINT_MARKER, fromJson, jsonEventCodec, toJson } from './codec';

type ClaimEvent =
  | { type: 'ClaimReported'; data: { claimId: string; claimedFen: bigint; items: { label: string; fen: bigint }[] } }
  | { type: 'ClaimPaid'; data: { claimId: string; paidFen: bigint; note: string | null }; metadata: { actor: string } };

const record = (encoded: { type: string; data: object; metadata?: object }): RecordedEvent =>
  JSON.parse(JSON.stringify({ streamName: 'claim-1', revision: 0, id: 'x', created: 0, metadata: {}, ...encoded })) as RecordedEvent;

describe('jsonEventCodec', () => {
  const codec = jsonEventCodec<ClaimEvent>({ types: ['ClaimReported', 'ClaimPaid'] });

  it.each<ClaimEvent>([
    { type: 'ClaimReported', data: { claimId: 'c-1', claimedFen: 1_234_56n, items: [{ label: 'x', fen: 1n }, { label: '≈ 汉字', fen: 0n }] } },
    { type: 'ClaimPaid', data: { claimId: 'c-1', paidFen: 2n ** 70n, note: null }, metadata: { actor: 'u-7' } },
    { type: 'ClaimPaid', data: { claimId: 'c-1', paidFen: -9_007_199_254_740_993n, note: '{"$bigint":"1"}' }, metadata: { actor: 'u-7' } },
  ])('round-trips $type exactly through JSON text', (event) => {
    expect(codec.decode(record(codec.encode(event)))).toStrictEqual(event);
  });

  it('stores bigint as a marker object that SQL can read', () => {
    const encoded = codec.encode({ type: 'ClaimPaid', data: { claimId: 'c', paidFen: 99_900n, note: null }, metadata: { actor: 'a' } });
    expect(encoded.data).toEqual({ claimId: 'c', paidFen: { [BIGINT_MARKER]: '99900' }, note: null });
  });

  it('refuses unknown event types on decode', () => {
    expect(() => codec.decode(record({ type: 'ClaimVanished', data: {} }))).toThrow(/unknown event type/);
  });
});

describe('toJson / fromJson', () => {
  it('refuses what JSON cannot carry back unchanged', () => {
    expect(() => toJson({ at: new Date() })).toThrow(/\$\.at: Date is not a plain object/);
    expect(() => toJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => toJson({ n: Infinity })).toThrow(/Infinity/);
    expect(() => toJson([1, undefined])).toThrow(/undefined in an array/);
    expect(() => toJson({ m: new Map() })).toThrow(/Map/);
    expect(() => toJson({ f: () => 1 })).toThrow(/function/);
    expect(() => toJson({ x: { [BIGINT_MARKER]: '1' } })).toThrow(/reserved/);
  });

  it('drops undefined properties and negative zero, as JSON does', () => {
    expect(toJson({ a: undefined, b: -0 })).toEqual({ b: 0 });
    expect(Object.is(toJson(-0), 0)).toBe(true);
  });

  it('refuses a malformed marker', () => {
    expect(() => fromJson({ [BIGINT_MARKER]: '1.5' })).toThrow(/malformed/);
    expect(() => fromJson({ [BIGINT_MARKER]: '01' })).toThrow(/malformed/);
  });

  it('leaves objects that merely contain the marker key among others alone', () => {
    expect(fromJson({ [BIGINT_MARKER]: '1', other: 2 })).toEqual({ [BIGINT_MARKER]: '1', other: 2 });
  });
});
