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
  it('death pays the member share: the household sum insured split equally when the snapshot records no shares', () => {
    expect(benefitLine(coverage(), 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V3',
      amountFen: 2_500_000n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 4, memberShareFen: 2_500_000n, recordedShare: 0, heldByOtherClaimsFen: 0n, heldByThisClaimFen: 0n, availableShareFen: 2_500_000n },
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
  it('pays death from the share the policy records for the claimant', () => {
    expect(benefitLine(recordedSharesCoverage(), 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V3',
      amountFen: 3_333_334n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_334n, recordedShare: 1, heldByOtherClaimsFen: 0n, heldByThisClaimFen: 0n, availableShareFen: 3_333_334n },
    });
    expect(benefitLine(recordedSharesCoverage(), 'm-2', { benefit: 'death' })).toMatchObject({ rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 3_333_333n });
  });

  it.each([
    [1, 3_333_334n],
    [6, 1_666_667n], // 50 %
    [10, 333_333n], // 10 %: 333,333.4 -> 333,333
  ])('pays disability grade %i as the grade ratio of the recorded share', (grade, amount) => {
    expect(benefitLine(recordedSharesCoverage(), 'm-1', { benefit: 'disability', grade })).toEqual({
      benefit: 'disability',
      rule: 'DISABILITY_GRADE_RATIO_V3',
      amountFen: amount,
      inputs: {
        householdSumInsuredFen: 10_000_000n,
        insuredMembers: 3,
        memberShareFen: 3_333_334n,
        recordedShare: 1,
        heldByOtherClaimsFen: 0n,
        heldByThisClaimFen: 0n,
        availableShareFen: 3_333_334n,
        grade,
        gradeRatioBp: (11 - grade) * 1_000,
        gradeAmountFen: amount,
      },
    });
  });

  it('bounds an advance payment by the recorded share of the claimant', () => {
    expect(maxPayableFen(recordedSharesCoverage(), 'm-1', ['death', 'disability'])).toBe(3_333_334n);
    expect(maxPayableFen(recordedSharesCoverage(), 'm-2', ['death', 'disability', 'allowance'])).toBe(3_333_333n + 150_000n);
  });

  it('falls back to the equal split, half down, for a snapshot that records no shares, and says so in the line', () => {
    const older = recordedSharesCoverage({ memberShares: undefined });
    expect(benefitLine(older, 'm-1', { benefit: 'death' })).toEqual({
      benefit: 'death',
      rule: 'DEATH_MEMBER_SHARE_V3',
      amountFen: 3_333_333n,
      inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_333n, recordedShare: 0, heldByOtherClaimsFen: 0n, heldByThisClaimFen: 0n, availableShareFen: 3_333_333n },
    });
    // Grade 6 pays 50 %: 1,666,666.5 -> 1,666,666, where the recorded share pays 1,666,667.
    expect(benefitLine(older, 'm-1', { benefit: 'disability', grade: 6 })).toMatchObject({ rule: 'DISABILITY_GRADE_RATIO_V3', amountFen: 1_666_666n, inputs: { recordedShare: 0 } });
    expect(maxPayableFen(older, 'm-1', ['death'])).toBe(3_333_333n);
  });

  it('refuses a claimant the recorded shares do not name', () => {
    expect(() => benefitLine(recordedSharesCoverage(), 'm-9', { benefit: 'death' })).toThrow(expect.objectContaining({ code: 'CLAIM.UNKNOWN_MEMBER' }));
  });

});

describe('death and disability share one sum insured per member (身故、残疾累计给付以保险金额为限)', () => {
  const claimed = ['death', 'disability'] as const;
  const both = [{ benefit: 'death' as const }, { benefit: 'disability' as const, grade: 3 }];

  it('pays death and disability in one claim at most the share: death first, disability what death left', () => {
    const lines = assessBenefits(recordedSharesCoverage(), 'm-1', claimed, both);
    expect(lines.map((l) => [l.benefit, l.amountFen])).toEqual([
      ['death', 3_333_334n],
      ['disability', 0n],
    ]);
    expect(lines[1]).toMatchObject({ rule: 'DISABILITY_GRADE_RATIO_V3', inputs: { gradeAmountFen: 2_666_667n, heldByThisClaimFen: 3_333_334n, availableShareFen: 0n } });
  });

  it('pays a second claim of the member only what their other claims do not hold', () => {
    // An earlier claim holds grade 5 disability (60 %: 2,000,000 of the 3,333,334 share).
    const later = recordedSharesCoverage({ memberSharesHeld: [{ memberId: 'm-1', heldFen: 2_000_000n }] });
    expect(benefitLine(later, 'm-1', { benefit: 'death' })).toMatchObject({ rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 1_333_334n, inputs: { heldByOtherClaimsFen: 2_000_000n, availableShareFen: 1_333_334n } });
    expect(benefitLine(later, 'm-1', { benefit: 'disability', grade: 7 })).toMatchObject({ amountFen: 1_333_334n, inputs: { gradeAmountFen: 1_333_334n } }); // 40 %: exactly what is left
    expect(benefitLine(later, 'm-1', { benefit: 'disability', grade: 5 })).toMatchObject({ amountFen: 1_333_334n, inputs: { gradeAmountFen: 2_000_000n } });
    expect(maxPayableFen(later, 'm-1', ['death'])).toBe(1_333_334n);
    // Another member's share is untouched by m-1's claims.
    expect(benefitLine(later, 'm-2', { benefit: 'death' })).toMatchObject({ amountFen: 3_333_333n, inputs: { heldByOtherClaimsFen: 0n } });
  });

  it('pays nothing more once the share is held in full, and never a negative amount', () => {
    const spent = recordedSharesCoverage({ memberSharesHeld: [{ memberId: 'm-1', heldFen: 3_333_334n }] });
    expect(assessBenefits(spent, 'm-1', claimed, both).map((l) => l.amountFen)).toEqual([0n, 0n]);
    expect(maxPayableFen(spent, 'm-1', ['death', 'disability'])).toBe(0n);
  });

  it('property: whatever the sequence of claims, a member is never assessed more than their share in total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ death: fc.boolean(), grade: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }) }), { minLength: 1, maxLength: 6 }),
        (claims) => {
          let held = 0n;
          for (const c of claims) {
            const benefits = [...(c.death ? (['death'] as const) : []), ...(c.grade !== null ? (['disability'] as const) : [])];
            if (benefits.length === 0) continue;
            const inputs = benefits.map((b) => (b === 'death' ? { benefit: b } : { benefit: b, grade: c.grade as number }));
            const cov = recordedSharesCoverage({ memberSharesHeld: held > 0n ? [{ memberId: 'm-1', heldFen: held }] : [] });
            const total = assessBenefits(cov, 'm-1', benefits, inputs).reduce((t, l) => t + l.amountFen, 0n);
            expect(total).toBeGreaterThanOrEqual(0n);
            expect(total).toBeLessThanOrEqual(maxPayableFen(cov, 'm-1', benefits));
            held += total;
          }
          expect(held).toBeLessThanOrEqual(3_333_334n);
        },
      ),
      { numRuns: 300 },
    );
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
