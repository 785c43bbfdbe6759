import fc from 'fast-check';
import { assessBenefits, benefitLine, maxPayableFen, memberShareFen, requiredDocuments } from './benefits';
import { checkCoverage } from './coverage';
import { applyRatio, divideRoundHalfDown } from './money';
import { T0, coverage } from './testing/fixtures';

describe('rounding: half down to the fen', () => {
  it.each([
    [10n, 4n, 2n], // 2.5 -> 2: an exact half goes down
    [11n, 4n, 3n], // 2.75 -> 3
    [9n, 4n, 2n], // 2.25 -> 2
    [15n, 2n, 7n], // 7.5 -> 7
    [0n, 3n, 0n],
  ])('%s / %s = %s', (n, d, expected) => {
    expect(divideRoundHalfDown(n, d)).toBe(expected);
  });

  it('applies a ratio in basis points', () => {
    expect(applyRatio(12_345n, 5_000)).toBe(6_172n); // 6172.5 -> 6172
    expect(applyRatio(12_345n, 10_000)).toBe(12_345n);
  });

  it('never leaves the result more than half a fen from the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const q = divideRoundHalfDown(n, d);
        const error = q * d - n; // exact: (q - n/d) * d
        expect(2n * error >= -d && 2n * error < d).toBe(true); // ties (exactly -d/2) round down
      }),
    );
  });
});

describe('benefit lines', () => {
  it('death pays the member share: the household sum insured split equally', () => {
    expect(benefitLine(coverage(), { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V1',
      amountFen: 2_500_000n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 4, memberShareFen: 2_500_000n },
    });
  });

  it('splits an uneven sum insured half down', () => {
    expect(memberShareFen(coverage({ householdSumInsuredFen: 10_000_000n, insuredMemberIds: ['a', 'b', 'c'] }))).toBe(3_333_333n);
  });

  it.each([
    [1, 2_500_000n],
    [5, 1_500_000n],
    [10, 250_000n],
  ])('disability grade %i pays the grade ratio of the share', (grade, amount) => {
    expect(benefitLine(coverage(), { benefit: 'disability', grade })).toMatchObject({ amountFen: amount, inputs: { grade, gradeRatioBp: (11 - grade) * 1_000 } });
  });

  it.each([0, 11, 2.5])('refuses disability grade %s', (grade) => {
    expect(() => benefitLine(coverage(), { benefit: 'disability', grade })).toThrow(expect.objectContaining({ code: 'CLAIM.INVALID_DISABILITY_GRADE' }));
  });

  it('medical pays the ratio of the cost after other payers and the deductible', () => {
    // (5,000 - 1,000 - 100) x 90 % = 3,510 yuan
    expect(benefitLine(coverage(), { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n }).amountFen).toBe(351_000n);
  });

  it('medical is capped by what is left of the shared household limit', () => {
    const line = benefitLine(coverage({ medicalRemainingFen: 200_000n }), { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 0n });
    expect(line).toMatchObject({ amountFen: 200_000n, inputs: { reimbursableFen: 441_000n, remainingLimitFen: 200_000n } });
  });

  it('medical below the deductible pays nothing', () => {
    expect(benefitLine(coverage(), { benefit: 'medical', eligibleCostFen: 9_000n, otherPayersFen: 0n }).amountFen).toBe(0n);
  });

  it('allowance pays days times the daily rate, capped', () => {
    expect(benefitLine(coverage(), { benefit: 'allowance', days: 10 })).toMatchObject({ amountFen: 50_000n, inputs: { uncappedFen: 50_000n, capFen: 150_000n } });
    expect(benefitLine(coverage(), { benefit: 'allowance', days: 40 })).toMatchObject({ amountFen: 150_000n, inputs: { uncappedFen: 200_000n } });
  });

  it.each([0, -1, 1.5, 367])('refuses %s allowance days', (days) => {
    expect(() => benefitLine(coverage(), { benefit: 'allowance', days })).toThrow(expect.objectContaining({ code: 'CLAIM.INVALID_ALLOWANCE_DAYS' }));
  });

  it('never pays more than the member share, the remaining limit or the cap', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 366 }),
        (cost, remaining, grade, days) => {
          const cov = coverage({ medicalLimitFen: 10n ** 9n, medicalRemainingFen: remaining });
          const lines = assessBenefits(cov, 'm-1', ['death', 'disability', 'medical', 'allowance'], [
            { benefit: 'death' },
            { benefit: 'disability', grade },
            { benefit: 'medical', eligibleCostFen: cost, otherPayersFen: 0n },
            { benefit: 'allowance', days },
          ]);
          const share = memberShareFen(cov);
          expect(lines.map((l) => l.amountFen >= 0n)).toEqual([true, true, true, true]);
          expect(lines[0].amountFen).toBe(share);
          expect(lines[1].amountFen <= share).toBe(true);
          expect(lines[2].amountFen <= remaining).toBe(true);
          expect(lines[3].amountFen <= cov.allowanceCapFen).toBe(true);
        },
      ),
    );
  });

  it('bounds an advance payment by the share once for death and disability together', () => {
    expect(maxPayableFen(coverage(), ['death', 'disability'])).toBe(2_500_000n);
    expect(maxPayableFen(coverage(), ['medical', 'allowance'])).toBe(950_000n);
  });
});

describe('documents', () => {
  it('lists every document the benefits need, once, in catalogue order', () => {
    expect(requiredDocuments(['allowance', 'medical'])).toEqual([
      'claim_form', 'id_document', 'accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement', 'discharge_summary',
    ]);
    expect(requiredDocuments(['death'])).toContain('death_certificate');
  });
});

describe('checkCoverage', () => {
  const claim = { accidentAt: T0, memberId: 'm-1', benefits: ['medical' as const] };

  it('accepts a covered accident', () => {
    expect(checkCoverage(coverage(), claim)).toEqual({ ok: true });
  });

  it('treats cover start as inclusive and cover end as exclusive', () => {
    expect(checkCoverage(coverage({ coverStart: T0 }), claim)).toEqual({ ok: true });
    expect(checkCoverage(coverage({ coverStart: '2024-03-01T00:00:00.000Z', coverEnd: T0 }), claim)).toMatchObject({ ok: false, reasonCode: 'ACCIDENT_AFTER_COVER' });
  });

  it.each([
    ['POLICY_NOT_FOUND', null],
    ['POLICY_CANCELLED', coverage({ status: 'cancelled', cancelledAt: T0 })],
    ['POLICY_CANCELLED', coverage({ status: 'cancelled', cancelledAt: null })],
    ['POLICY_NOT_IN_FORCE', coverage({ status: 'pending' })],
    ['ACCIDENT_BEFORE_COVER', coverage({ coverStart: '2025-03-01T02:00:00.001Z' })],
    ['MEMBER_NOT_INSURED', coverage({ insuredMemberIds: ['m-9'] })],
    ['BENEFIT_NOT_IN_PRODUCT', coverage({ benefits: ['death'] })],
  ])('rejects with %s', (reasonCode, cov) => {
    expect(checkCoverage(cov, claim)).toMatchObject({ ok: false, reasonCode });
  });

  it('still covers an accident under an expired policy that was in force at the time', () => {
    expect(checkCoverage(coverage({ status: 'expired' }), claim)).toEqual({ ok: true });
  });
});
