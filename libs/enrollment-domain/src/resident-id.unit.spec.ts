import fc from 'fast-check';
import { checkResidentId, parseResidentId, residentIdCheckCharacter, syntheticResidentId } from './resident-id';
import { EnrollmentError } from './errors';

const TODAY = '2025-06-01';

describe('resident ID numbers (GB 11643-1999, MOD 11-2)', () => {
  it('accepts the standard\'s examples and reads birth date and sex', () => {
    const a = checkResidentId('11010519491231002X', TODAY);
    expect(a).toEqual({ ok: true, id: { normalized: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sequence: '002', sex: 'FEMALE' } });
    const b = checkResidentId('440524188001010014', TODAY);
    expect(b.ok && b.id.sex).toBe('MALE');
  });

  it('accepts a lower-case x and stores the upper-case form', () => {
    const r = checkResidentId('11010519491231002x', TODAY);
    expect(r.ok && r.id.normalized).toBe('11010519491231002X');
  });

  it.each([
    ['11010519491231002Y', 'FORMAT'],
    ['1101051949123100', 'FORMAT'],
    ['99010519491231002X', 'REGION_CODE'],
    ['110105194902300021', 'BIRTH_DATE'],
    ['110105194913310021', 'BIRTH_DATE'],
    ['110105194912310021', 'CHECK_CHARACTER'],
  ])('rejects %s as %s', (id, problem) => {
    expect(checkResidentId(id, TODAY)).toEqual({ ok: false, problem });
  });

  it('rejects a birth date after today, even with a correct check character', () => {
    const future = syntheticResidentId('2025-06-02', 11);
    expect(checkResidentId(future, TODAY)).toEqual({ ok: false, problem: 'BIRTH_DATE_IN_FUTURE' });
    expect(checkResidentId(future, '2025-06-02').ok).toBe(true);
  });

  it('throws a coded error naming the field but never the number', () => {
    const bad = '110105194912310021';
    try {
      parseResidentId(bad, TODAY, 'members[1].idNumber');
      throw new Error('expected a rejection');
    } catch (e) {
      expect(e).toBeInstanceOf(EnrollmentError);
      const err = e as EnrollmentError;
      expect(err.code).toBe('ENROLLMENT.INVALID_ID_NUMBER');
      expect(err.kind).toBe('validation');
      expect(err.details).toEqual({ field: 'members[1].idNumber', reason: 'CHECK_CHARACTER' });
      expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(bad.slice(0, 17));
    }
  });

  const birthDates = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const validIds = fc.tuple(birthDates, fc.integer({ min: 1, max: 999 })).map(([b, s]) => syntheticResidentId(b, s));

  it('property: every synthetic number is valid and carries its birth date and sex', () => {
    fc.assert(
      fc.property(birthDates, fc.integer({ min: 1, max: 999 }), (birth, seq) => {
        const r = checkResidentId(syntheticResidentId(birth, seq), TODAY);
        return r.ok && r.id.birthDate === birth && r.id.sex === (seq % 2 === 1 ? 'MALE' : 'FEMALE');
      }),
    );
  });

  it('property: any single-digit change is rejected', () => {
    fc.assert(
      fc.property(validIds, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, position, delta) => {
        const alphabet = position === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id[position]);
        const replacement = alphabet[(current + delta) % alphabet.length];
        fc.pre(replacement !== id[position]);
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        return !checkResidentId(changed, TODAY).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('property: swapping two different adjacent digits is rejected', () => {
    fc.assert(
      fc.property(validIds, fc.integer({ min: 0, max: 15 }), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        return !checkResidentId(swapped, TODAY).ok;
      }),
      { numRuns: 1000 },
    );
  });

  it('computes the check character over 17 digits only', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(() => residentIdCheckCharacter('123')).toThrow();
  });

  it('synthetic numbers use an unassigned prefecture so they cannot be a real person\'s', () => {
    expect(syntheticResidentId('1990-01-01', 1).slice(2, 4)).toBe('99');
    expect(() => syntheticResidentId('1990-01-01', 1, '110105')).toThrow();
  });
});
