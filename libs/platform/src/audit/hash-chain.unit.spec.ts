import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { chainHash, GENESIS_HASH, nextRecord, verifyChain, type AuditEntryInput, type AuditRecord } from './hash-chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('is independent of key insertion order and stable across a JSON round trip', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, (v) => {
        const reversed = JSON.parse(JSON.stringify(v), (_k, x: unknown) =>
          x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).reverse()) : x,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(canonicalJson(v));
        expect(canonicalJson(JSON.parse(canonicalJson(v)))).toBe(canonicalJson(v));
      }),
    );
  });

  it('refuses values JSON cannot carry faithfully', () => {
    for (const bad of [NaN, Infinity, 1n, () => 1, Symbol('s')]) expect(() => canonicalJson({ v: bad })).toThrow(TypeError);
  });

  it('writes dates as ISO strings and escapes text like JSON.stringify', () => {
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z'), s: '"\n张' })).toBe('{"at":"2026-01-01T00:00:00.000Z","s":"\\"\\n张"}');
  });
});

const input = (i: number): AuditEntryInput => ({
  actor: `user-${i % 3}`,
  role: 'handler',
  region: '330102',
  action: 'POST /claims/:claimId/approve',
  target: `/claims/c-${i}/approve`,
  reason: null,
  correlationId: `corr-${i}`,
  outcome: 'ok',
  detail: { via: 'jwt' },
});

const chain = (n: number): AuditRecord[] => {
  const out: AuditRecord[] = [];
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < n; i++) {
    const r = nextRecord(head, input(i), new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    out.push(r);
    head = r;
  }
  return out;
};
const headOf = (rs: AuditRecord[]) => ({ seq: rs[rs.length - 1].seq, hash: rs[rs.length - 1].hash });

describe('hash chain', () => {
  it('links each entry to the previous hash: SHA-256(prev_hash || canonical(entry))', () => {
    const rs = chain(3);
    expect(rs.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rs[0].prevHash).toBe(GENESIS_HASH);
    expect(rs[1].prevHash).toBe(rs[0].hash);
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const { prevHash, hash, ...entry } = rs[1];
    expect(hash).toBe(createHash('sha256').update(prevHash + canonicalJson(entry)).digest('hex'));
    expect(chainHash(prevHash, rs[1])).toBe(hash);
  });

  it('verifies an intact chain', () => {
    const rs = chain(10);
    expect(verifyChain(rs, { head: headOf(rs) })).toEqual({ ok: true, checked: 10, lastSeq: 10, lastHash: rs[9].hash });
    expect(verifyChain([], { head: { seq: 0, hash: GENESIS_HASH } }).ok).toBe(true);
  });

  it('names an edited entry', () => {
    const rs = chain(10);
    rs[4] = { ...rs[4], actor: 'someone-else' };
    expect(verifyChain(rs, { head: headOf(rs) }).firstBreak).toMatchObject({ seq: 5, kind: 'edited' });
  });

  it('names an entry that was edited and re-hashed (its successor still holds the old hash)', () => {
    const rs = chain(10);
    const forged = { ...rs[4], outcome: 'CLAIM.NOT_ASSESSED' };
    rs[4] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    expect(verifyChain(rs, { head: headOf(rs) }).firstBreak).toMatchObject({ seq: 5, kind: 'rewritten' });
  });

  it('names a deleted entry', () => {
    const rs = chain(10);
    rs.splice(4, 1);
    expect(verifyChain(rs, { head: headOf(rs) }).firstBreak).toMatchObject({ seq: 5, kind: 'missing' });
  });

  it('notices deleted newest entries through the head row', () => {
    const rs = chain(10);
    const head = headOf(rs);
    expect(verifyChain(rs.slice(0, 8), { head }).firstBreak).toMatchObject({ seq: 9, kind: 'missing' });
  });

  it('names the first entry of a reordered pair (sequence numbers swapped)', () => {
    const rs = chain(10);
    const [a, b] = [rs[4], rs[5]];
    rs[4] = { ...b, seq: 5 };
    rs[5] = { ...a, seq: 6 };
    expect(verifyChain(rs, { head: headOf(rs) }).firstBreak).toMatchObject({ seq: 5, kind: 'misplaced' });
  });

  it('names the entry of a reordered pair (rows swapped, numbers kept)', () => {
    const rs = chain(10);
    [rs[4], rs[5]] = [rs[5], rs[4]];
    expect(verifyChain(rs).firstBreak).toMatchObject({ seq: 5 });
  });

  it('catches a rewrite of the whole tail only against an anchor kept elsewhere', () => {
    const rs = chain(10);
    const anchor = { seq: 7, hash: rs[6].hash };
    // Rewrite from entry 5 on, recomputing every hash: internally consistent again.
    let prev = { seq: 4, hash: rs[3].hash };
    for (let i = 4; i < 10; i++) {
      rs[i] = nextRecord(prev, { ...input(i), actor: 'forger' }, new Date(rs[i].at));
      prev = rs[i];
    }
    expect(verifyChain(rs, { head: headOf(rs) }).ok).toBe(true);
    expect(verifyChain(rs, { head: headOf(rs), anchor }).firstBreak).toMatchObject({ seq: 7, kind: 'rewritten' });
  });

  it('names exactly the altered entry for any single-field edit anywhere (property)', () => {
    const rs0 = chain(12);
    const field = fc.constantFrom('actor', 'role', 'region', 'action', 'target', 'reason', 'correlationId', 'outcome', 'at');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), field, fc.string({ minLength: 1, maxLength: 8 }), (i, f, value) => {
        const rs = [...rs0];
        const altered = { ...rs[i], [f]: f === 'at' ? new Date(Date.parse(rs[i].at) + 1000).toISOString() : `${String(rs[i][f as keyof AuditRecord])}${value}` };
        rs[i] = altered as AuditRecord;
        expect(verifyChain(rs, { head: headOf(rs0) }).firstBreak?.seq).toBe(i + 1);
      }),
    );
  });
});
