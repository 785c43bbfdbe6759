import fc from 'fast-check';
import { assessBenefits, benefitLine, maxPayableFen, memberShareFen, requiredDocuments } from './benefits';
import { checkCoverage } from './coverage';
import { applyRatio, divideRoundHalfDown } from './money';
import { T0, coverage, recordedSharesCoverage } from './testing/fixtures';

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
    expect(benefitLine(coverage(), 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V1',
      amountFen: 2_500_000n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 4, memberShareFen: 2_500_000n },
    });
  });

  // `coverage()` records no member shares, like the snapshots of older events: for those the share is still
  // the equal split rounded half down, so that claims decided on them fold to the same amounts.
  it('splits an uneven sum insured half down', () => {
    expect(memberShareFen(coverage({ householdSumInsuredFen: 10_000_000n, insuredMemberIds: ['a', 'b', 'c'] }), 'a')).toBe(3_333_333n);
  });

  it.each([
    [1, 2_500_000n],
    [5, 1_500_000n],
    [10, 250_000n],
  ])('disability grade %i pays the grade ratio of the share', (grade, amount) => {
    expect(benefitLine(coverage(), 'm-1', { benefit: 'disability', grade })).toMatchObject({ amountFen: amount, inputs: { grade, gradeRatioBp: (11 - grade) * 1_000 } });
  });

  it.each([0, 11, 2.5])('refuses disability grade %s', (grade) => {
    expect(() => benefitLine(coverage(), 'm-1', { benefit: 'disability', grade })).toThrow(expect.objectContaining({ code: 'CLAIM.INVALID_DISABILITY_GRADE' }));
  });

  it('medical pays the ratio of the cost after other payers and the deductible', () => {
    // (5,000 - 1,000 - 100) x 90 % = 3,510 yuan
    expect(benefitLine(coverage(), 'm-1', { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 100_000n }).amountFen).toBe(351_000n);
  });

  it('medical is capped by what is left of the shared household limit', () => {
    const line = benefitLine(coverage({ medicalRemainingFen: 200_000n }), 'm-1', { benefit: 'medical', eligibleCostFen: 500_000n, otherPayersFen: 0n });
    expect(line).toMatchObject({ amountFen: 200_000n, inputs: { reimbursableFen: 441_000n, remainingLimitFen: 200_000n } });
  });

  it('medical below the deductible pays nothing', () => {
    expect(benefitLine(coverage(), 'm-1', { benefit: 'medical', eligibleCostFen: 9_000n, otherPayersFen: 0n }).amountFen).toBe(0n);
  });

  it('allowance pays days times the daily rate, capped', () => {
    expect(benefitLine(coverage(), 'm-1', { benefit: 'allowance', days: 10 })).toMatchObject({ amountFen: 50_000n, inputs: { uncappedFen: 50_000n, capFen: 150_000n } });
    expect(benefitLine(coverage(), 'm-1', { benefit: 'allowance', days: 40 })).toMatchObject({ amountFen: 150_000n, inputs: { uncappedFen: 200_000n } });
  });

  it.each([0, -1, 1.5, 367])('refuses %s allowance days', (days) => {
    expect(() => benefitLine(coverage(), 'm-1', { benefit: 'allowance', days })).toThrow(expect.objectContaining({ code: 'CLAIM.INVALID_ALLOWANCE_DAYS' }));
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
          const share = memberShareFen(cov, 'm-1');
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
    expect(maxPayableFen(coverage(), 'm-1', ['death', 'disability'])).toBe(2_500_000n);
    expect(maxPayableFen(coverage(), 'm-1', ['medical', 'allowance'])).toBe(950_000n);
  });
});

describe('the member share: as the policy records it', () => {
  // A household of three with 100,000 yuan: the policy records 33,333.34 yuan for m-1 (who holds the fen
  // that does not divide) and 33,333.33 for m-2 and m-3. An equal split rounded half down would pay m-1
  // 33,333.33, a fen less than the contract.
  it('pays death from the share the policy records for the claimant, under rule version 2', () => {
    expect(benefitLine(recordedSharesCoverage(), 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V2',
      amountFen: 3_333_334n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_334n },
    });
    expect(benefitLine(recordedSharesCoverage(), 'm-2', { benefit: 'death' })).toMatchObject({ rule: 'DEATH_MEMBER_SHARE_V2', amountFen: 3_333_333n });
  });

  it.each([
    [1, 3_333_334n],
    [6, 1_666_667n], // 50 %
    [10, 333_333n], // 10 %: 333,333.4 -> 333,333
  ])('pays disability grade %i as the grade ratio of the recorded share', (grade, amount) => {
    expect(benefitLine(recordedSharesCoverage(), 'm-1', { benefit: 'disability', grade })).toEqual({
      benefit: 'disability',
      rule: 'DISABILITY_GRADE_RATIO_V2',
      amountFen: amount,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_334n, grade, gradeRatioBp: (11 - grade) * 1_000 },
    });
  });

  it('bounds an advance payment by the recorded share of the claimant', () => {
    expect(maxPayableFen(recordedSharesCoverage(), 'm-1', ['death', 'disability'])).toBe(3_333_334n);
    expect(maxPayableFen(recordedSharesCoverage(), 'm-2', ['death', 'disability', 'allowance'])).toBe(3_333_333n + 150_000n);
  });

  it('falls back to the equal split, half down, under rule version 1 for a snapshot that records no shares', () => {
    const older = recordedSharesCoverage({ memberShares: undefined });
    expect(benefitLine(older, 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V1',
      amountFen: 3_333_333n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_333n },
    });
    // Grade 6 pays 50 %: 1,666,666.5 -> 1,666,666, where the recorded share pays 1,666,667.
    expect(benefitLine(older, 'm-1', { benefit: 'disability', grade: 6 })).toMatchObject({ rule: 'DISABILITY_GRADE_RATIO_V1', amountFen: 1_666_666n });
    expect(maxPayableFen(older, 'm-1', ['death'])).toBe(3_333_333n);
  });

  it('refuses a claimant the recorded shares do not name', () => {
    expect(() => benefitLine(recordedSharesCoverage(), 'm-9', { benefit: 'death' })).toThrow(expect.objectContaining({ code: 'CLAIM.UNKNOWN_MEMBER' }));
  });

  it('pays the members of any household, between them, exactly the household sum insured', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 12 }), (sum, size) => {
        // Shares as enrollment records them: the equal split, the fen that do not divide to the first members.
        const n = BigInt(size);
        const ids = Array.from({ length: size }, (_, i) => `m-${i + 1}`);
        const memberShares = ids.map((memberId, i) => ({ memberId, shareFen: sum / n + (BigInt(i) < sum % n ? 1n : 0n) }));
        const cov = coverage({ householdSumInsuredFen: sum, insuredMemberIds: ids, memberShares });
        const paid = ids.map((id) => benefitLine(cov, id, { benefit: 'death' }).amountFen);
        expect(paid.reduce((t, a) => t + a, 0n)).toBe(sum);
        expect(paid).toEqual(memberShares.map((s) => s.shareFen));
      }),
    );
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
