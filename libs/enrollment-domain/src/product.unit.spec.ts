import fc from 'fast-check';
import { EnrollmentError } from './errors';
import { coverStartFor, splitSumInsured, validatePayerShares, validateProduct, validateProgrammeYear, type Product, type ProgrammeYear } from './product';
import { checkInsurable } from './eligibility';

const year: ProgrammeYear = { year: 2025, startsOn: '2025-01-01', endsOn: '2025-12-31' };
const product = (over: Partial<Product> = {}): Product => ({
  programmeYear: 2025,
  code: 'STD-60',
  name: 'standard',
  premiumFen: 6000n,
  payerShares: [
    { payer: 'PROVINCE', amountFen: 500n },
    { payer: 'COUNTY', amountFen: 500n },
    { payer: 'TOWNSHIP', amountFen: 1000n },
    { payer: 'VILLAGE', amountFen: 1000n },
    { payer: 'HOUSEHOLD', amountFen: 3000n },
  ],
  benefits: { deathDisabilitySumInsuredFen: 10_000_000n, medicalLimitFen: 500_000n, medicalDeductibleFen: 10_000n, medicalReimbursementBp: 8000, hospitalAllowancePerDayFen: 5000n, hospitalAllowanceMaxDays: 30 },
  coverStart: { rule: 'AFTER_ENROLMENT', days: 1 },
  issuanceDeadlineDays: 3,
  deliveryDeadlineDays: 15,
  minMembers: 2,
  maxMembers: 5,
  minAge: 1,
  maxAge: 65,
  ...over,
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as EnrollmentError).code;
  }
};

describe('payer shares', () => {
  it('accept shares that add up to the premium (province 5 / county 5 / township 10 / village 10 / household 30 of 60 yuan)', () => {
    expect(() => validatePayerShares(6000n, product().payerShares)).not.toThrow();
  });

  it('reject shares that do not add up, saying by how much', () => {
    try {
      validatePayerShares(6000n, [{ payer: 'HOUSEHOLD', amountFen: 3000n }, { payer: 'COUNTY', amountFen: 2999n }]);
      throw new Error('expected a rejection');
    } catch (e) {
      expect((e as EnrollmentError).code).toBe('ENROLLMENT.PAYER_SHARES_MISMATCH');
      expect((e as EnrollmentError).details).toMatchObject({ premiumFen: '6000', sharesTotalFen: '5999' });
    }
  });

  it('reject a payer listed twice, a zero share and an empty list', () => {
    expect(codeOf(() => validatePayerShares(6000n, [{ payer: 'HOUSEHOLD', amountFen: 3000n }, { payer: 'HOUSEHOLD', amountFen: 3000n }]))).toBe('ENROLLMENT.DUPLICATE_PAYER');
    expect(codeOf(() => validatePayerShares(6000n, [{ payer: 'HOUSEHOLD', amountFen: 6000n }, { payer: 'CITY', amountFen: 0n }]))).toBe('ENROLLMENT.INVALID_AMOUNT');
    expect(codeOf(() => validatePayerShares(6000n, []))).toBe('ENROLLMENT.PAYER_SHARES_MISMATCH');
  });
});

describe('products', () => {
  it('accept a well-formed product', () => {
    expect(validateProduct(product(), year).code).toBe('STD-60');
  });

  it.each<[string, Partial<Product>]>([
    ['a lower-case code', { code: 'std' }],
    ['a deductible above the medical limit', { benefits: { ...product().benefits, medicalDeductibleFen: 600_000n } }],
    ['a ratio above 100 %', { benefits: { ...product().benefits, medicalReimbursementBp: 10_001 } }],
    ['a fixed cover start outside the year', { coverStart: { rule: 'FIXED_DATE', date: '2026-01-01' } }],
    ['inverted member limits', { minMembers: 4, maxMembers: 2 }],
    ['inverted age limits', { minAge: 70, maxAge: 60 }],
  ])('reject %s', (_, over) => {
    expect(codeOf(() => validateProduct(product(over), year))).toBe('ENROLLMENT.INVALID_PRODUCT');
  });

  it('reject a product whose shares do not add up', () => {
    expect(codeOf(() => validateProduct(product({ premiumFen: 6001n }), year))).toBe('ENROLLMENT.PAYER_SHARES_MISMATCH');
  });

  it('reject programme years that end before they start or last longer than a year', () => {
    expect(codeOf(() => validateProgrammeYear({ year: 2025, startsOn: '2025-02-01', endsOn: '2025-01-01' }))).toBe('ENROLLMENT.INVALID_PROGRAMME_YEAR');
    expect(codeOf(() => validateProgrammeYear({ year: 2025, startsOn: '2025-01-01', endsOn: '2026-06-01' }))).toBe('ENROLLMENT.INVALID_PROGRAMME_YEAR');
  });
});

describe('cover start', () => {
  it('is enrolment plus N days, not before the programme year starts', () => {
    expect(coverStartFor(product(), year, '2025-03-10')).toBe('2025-03-11');
    expect(coverStartFor(product(), year, '2024-12-20')).toBe('2025-01-01');
  });

  it('is the fixed date for enrolments up to that date, and closed after it (no back-dated cover)', () => {
    const fixed = product({ coverStart: { rule: 'FIXED_DATE', date: '2025-03-01' } });
    expect(coverStartFor(fixed, year, '2025-02-28')).toBe('2025-03-01');
    expect(codeOf(() => coverStartFor(fixed, year, '2025-03-02'))).toBe('ENROLLMENT.ENROLMENT_CLOSED');
  });

  it('is refused when it would fall after the programme year', () => {
    expect(codeOf(() => coverStartFor(product({ coverStart: { rule: 'AFTER_ENROLMENT', days: 10 } }), year, '2025-12-25'))).toBe('ENROLLMENT.ENROLMENT_CLOSED');
  });
});

describe('insurability', () => {
  it('checks member count and each age at cover start', () => {
    expect(checkInsurable(product(), '2025-03-01', [{ field: 'a', birthDate: '1980-03-01' }, { field: 'b', birthDate: '2024-03-01' }])).toEqual([45, 1]);
    expect(codeOf(() => checkInsurable(product(), '2025-03-01', [{ field: 'a', birthDate: '1980-03-01' }]))).toBe('ENROLLMENT.MEMBER_COUNT_OUT_OF_RANGE');
    expect(codeOf(() => checkInsurable(product(), '2025-03-01', [{ field: 'a', birthDate: '1959-03-01' }, { field: 'b', birthDate: '1990-01-01' }]))).toBe('ENROLLMENT.AGE_OUT_OF_RANGE');
    expect(codeOf(() => checkInsurable(product(), '2025-03-01', [{ field: 'a', birthDate: '1980-03-01' }, { field: 'b', birthDate: '2024-03-02' }]))).toBe('ENROLLMENT.AGE_OUT_OF_RANGE');
  });
});

describe('sum insured split', () => {
  it('splits equally and gives the odd fen to the first members', () => {
    expect(splitSumInsured(10_000_000n, 3)).toEqual([3_333_334n, 3_333_333n, 3_333_333n]);
    expect(splitSumInsured(10_000_000n, 4)).toEqual([2_500_000n, 2_500_000n, 2_500_000n, 2_500_000n]);
  });

  it('property: shares add up to the household sum insured and differ by at most one fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000_000_000n }), fc.integer({ min: 1, max: 10 }), (total, n) => {
        const shares = splitSumInsured(total, n);
        const max = shares.reduce((a, b) => (a > b ? a : b));
        const min = shares.reduce((a, b) => (a < b ? a : b));
        return shares.reduce((a, b) => a + b, 0n) === total && max - min <= 1n;
      }),
    );
  });
});
