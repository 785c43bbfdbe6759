import fc from 'fast-check';
import { ApiError } from '../errors/http-error.filter';
import type { Principal } from './principal';
import { isRegionCode, RegionScope, regionCovers } from './region';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const principalRegion = fc.constantFrom(4, 6, 9).chain(digits);
const objectRegion = fc.constantFrom(6, 9, 12).chain(digits);
const anyCode = fc.constantFrom(2, 4, 6, 9, 12).chain(digits);

/**
 * Pairs biased towards the interesting cases: the principal is an ancestor of the object half of the time
 * (random pairs of digit strings are almost never related), with a single digit changed some of the time.
 */
const pair = fc.oneof(
  fc.tuple(principalRegion, objectRegion),
  objectRegion.chain((o) => fc.constantFrom(4, 6, 9).filter((n) => n <= o.length).map((n) => [o.slice(0, n), o] as [string, string])),
  objectRegion.chain((o) =>
    fc.tuple(fc.constantFrom(4, 6, 9).filter((n) => n <= o.length), fc.nat(), fc.integer({ min: 1, max: 9 })).map(([n, i, d]) => {
      const p = o.slice(0, n).split('');
      const at = i % n;
      p[at] = String((Number(p[at]) + d) % 10);
      return [p.join(''), o] as [string, string];
    }),
  ),
);

const principal = (region: string | undefined, role: Principal['role'] = 'handler'): Principal => ({ sub: 'u', role, via: 'jwt', ...(region ? { region } : {}) });

describe('regionCovers', () => {
  it('is exactly the GB/T 2260 ancestor relation on well-formed codes', () => {
    fc.assert(
      fc.property(pair, ([p, o]) => {
        expect(regionCovers(p, o)).toBe(o.length >= p.length && o.slice(0, p.length) === p);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets "every region" (admin, undefined) see every object', () => {
    fc.assert(fc.property(objectRegion, (o) => regionCovers(undefined, o)));
  });

  it('is reflexive and transitive', () => {
    fc.assert(fc.property(anyCode, (r) => regionCovers(r, r)));
    fc.assert(
      fc.property(digits(12), fc.constantFrom(2, 4, 6), fc.constantFrom(6, 9, 12), (village, a, b) => {
        const outer = village.slice(0, Math.min(a, b));
        const mid = village.slice(0, Math.max(a, b));
        return regionCovers(outer, mid) && regionCovers(mid, village) && regionCovers(outer, village);
      }),
    );
  });

  it('never shows a county objects of another county', () => {
    fc.assert(
      fc.property(pair, ([p, o]) => {
        fc.pre(p.length >= 6 && o.slice(0, 6) !== p.slice(0, 6));
        expect(regionCovers(p, o)).toBe(false);
      }),
    );
  });

  it('never shows a principal an object of a coarser level (a township cannot see county-level records)', () => {
    fc.assert(fc.property(principalRegion, objectRegion, (p, o) => o.length >= p.length || !regionCovers(p, o)));
  });

  it('fails closed on malformed principal regions: empty, wrong length, non-digits', () => {
    const malformed = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 14 }).filter((s) => !isRegionCode(s)),
      digits(5),
      digits(7),
      fc.constant('33010 '),
    );
    fc.assert(fc.property(malformed, objectRegion, (p, o) => !regionCovers(p, o)));
  });

  it('fails closed on malformed object regions', () => {
    fc.assert(fc.property(principalRegion, fc.string({ maxLength: 14 }).filter((s) => !isRegionCode(s)), (p, o) => !regionCovers(p, o)));
  });
});

describe('RegionScope', () => {
  it('follows the principal: admin all, others their region, a non-admin without region nothing', () => {
    expect(RegionScope.forPrincipal(principal(undefined, 'admin')).isAll).toBe(true);
    expect(RegionScope.forPrincipal(principal('330102')).covers('330102001')).toBe(true);
    expect(RegionScope.forPrincipal(principal('330102')).covers('330103001')).toBe(false);
    const lost = RegionScope.forPrincipal(principal(undefined, 'handler'));
    fc.assert(fc.property(objectRegion, (o) => !lost.covers(o)));
  });

  it('uses the key scope for integrators', () => {
    const p: Principal = { sub: 'integrator:x', role: 'integrator', via: 'api-key', apiKey: { id: 'k', scope: { eventTypes: ['*'], regions: ['330102', '330205'] } } };
    const scope = RegionScope.forPrincipal(p);
    expect(['330102001', '330205', '330103'].map((r) => scope.covers(r))).toEqual([true, true, false]);
  });

  it('answers the same 404 for a foreign and a missing object', () => {
    const scope = RegionScope.of(['330102']);
    const foreign = () => scope.visible({ region: '330103' }, (c) => c.region, { code: 'CLAIM.NOT_FOUND', message: 'No such claim.' });
    const missing = () => scope.visible(undefined as { region: string } | undefined, (c) => c.region, { code: 'CLAIM.NOT_FOUND', message: 'No such claim.' });
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('expected a 404');
    };
    const [a, b] = [caught(foreign), caught(missing)];
    expect([a.kind, a.code, a.message]).toEqual([b.kind, b.code, b.message]);
    expect(a.kind).toBe('not_found');
    expect(scope.visible({ region: '330102007' }, (c) => c.region)).toEqual({ region: '330102007' });
  });

  it('drops malformed codes instead of widening', () => {
    expect(RegionScope.of(['', '3x', '330', '33010']).covers('330102')).toBe(false);
    expect(RegionScope.of(['']).toString()).toBe('none');
  });

  it('builds parameterised SQL', () => {
    expect(RegionScope.of(['3301', '330205']).sqlCondition('c.region_code', 3)).toEqual({ text: '(c.region_code LIKE $3 OR c.region_code LIKE $4)', values: ['3301%', '330205%'] });
    expect(RegionScope.all().sqlCondition('region')).toEqual({ text: 'TRUE', values: [] });
    expect(RegionScope.none().sqlCondition('region')).toEqual({ text: 'FALSE', values: [] });
    expect(() => RegionScope.all().sqlCondition('region; DROP TABLE x')).toThrow();
  });
});
