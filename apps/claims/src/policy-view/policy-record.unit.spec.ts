import { benefitLine, ClaimError, maxPayableFen, validCoverage } from '@fpi/claims-domain';
import { maskIdNumber } from '@fpi/contracts';
import { ApiError } from '@fpi/platform';
import { newPolicy, policyEvent, STANDARD_TERMS } from '../testing/fixtures';
import { benefitsOf, chinaMidnight, coverageSnapshotOf, coverageStatusOf, pickPolicy, policyRecordOf, reportProblem, type PolicyRecord } from './policy-record';

const recordOf = (opts: Parameters<typeof policyEvent>[1] = {}, size = 4): PolicyRecord => policyRecordOf(policyEvent(newPolicy(size), opts));

describe('policy view records', () => {
  it('turns inclusive China-time cover dates into instants with an exclusive end', () => {
    expect(chinaMidnight('2025-01-01')).toBe('2024-12-31T16:00:00.000Z');
    const r = recordOf();
    expect([r.coverStart, r.coverEnd]).toEqual(['2024-12-31T16:00:00.000Z', '2025-12-31T16:00:00.000Z']);
  });

  it('maps the policy terms to a coverage snapshot with what is left of the shared medical limit', () => {
    const r = recordOf();
    const snapshot = coverageSnapshotOf(r, 300_000n);
    expect(snapshot).toMatchObject({
      policyId: r.policyId,
      status: 'in_force',
      benefits: ['death', 'disability', 'medical', 'allowance'],
      householdSumInsuredFen: 10_000_000n,
      medicalLimitFen: 1_000_000n,
      medicalRemainingFen: 700_000n,
      medicalDeductibleFen: 10_000n,
      medicalRatioBp: 9000,
      allowanceDailyRateFen: 5000n,
      allowanceCapFen: 150_000n,
      regionCode: '110105',
      villageCode: '110105001001',
      channel: 'mobile_storefront',
    });
    expect(snapshot.insuredMemberIds).toHaveLength(4);
    expect(coverageSnapshotOf(r, 2_000_000n).medicalRemainingFen).toBe(0n);
  });

  it('passes on each insured member\'s share as enrollment published it, so the decider pays the policy\'s share', () => {
    // 100,000 yuan among three: the first member holds the fen that does not divide.
    const r = recordOf({}, 3);
    const snapshot = coverageSnapshotOf(r, 0n);
    expect(snapshot.memberShares).toEqual([
      { memberId: r.members[0]!.memberId, shareFen: 3_333_334n },
      { memberId: r.members[1]!.memberId, shareFen: 3_333_333n },
      { memberId: r.members[2]!.memberId, shareFen: 3_333_333n },
    ]);
    expect(snapshot.memberShares?.map((m) => m.memberId)).toEqual(snapshot.insuredMemberIds);
    expect(validCoverage(snapshot)).toEqual(snapshot);
    const [first, second] = snapshot.insuredMemberIds as [string, string];
    expect(benefitLine(snapshot, first, { benefit: 'death' })).toMatchObject({ rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 3_333_334n, inputs: { memberShareFen: 3_333_334n, recordedShare: 1 } });
    expect(maxPayableFen(snapshot, second, ['death', 'disability'])).toBe(3_333_333n);
  });

  it('passes on what the members\' other claims hold of their shares, keeping only insured members with something held', () => {
    const r = recordOf({}, 3);
    const [first, second] = r.members.map((m) => m.memberId) as [string, string];
    const snapshot = coverageSnapshotOf(r, 0n, [
      { memberId: first, heldFen: 1_000_000n },
      { memberId: second, heldFen: 0n },
      { memberId: 'someone-no-longer-insured', heldFen: 5n },
    ]);
    expect(snapshot.memberSharesHeld).toEqual([{ memberId: first, heldFen: 1_000_000n }]);
    expect(validCoverage(snapshot)).toEqual(snapshot);
    expect(maxPayableFen(snapshot, first, ['death'])).toBe(2_333_334n);
    expect(maxPayableFen(snapshot, second, ['death'])).toBe(3_333_333n);
  });

  it('knows a product without a benefit, and which statuses cover nothing yet', () => {
    expect(benefitsOf(recordOf({ terms: { ...STANDARD_TERMS, allowancePerDayFen: '0' } }))).toEqual(['death', 'disability', 'medical']);
    expect(['APPLIED', 'PAID', 'ISSUED', 'IN_FORCE', 'EXPIRED', 'CANCELLED'].map((s) => coverageStatusOf(s as never))).toEqual(['pending', 'pending', 'in_force', 'in_force', 'expired', 'cancelled']);
  });

  it('picks the policy covering the accident, else the nearest one so the check can say why', () => {
    const y2025 = recordOf();
    const y2026 = { ...recordOf({ coverStartsOn: '2026-01-01', coverEndsOn: '2026-12-31' }), programmeYear: 2026 };
    expect(pickPolicy([y2025, y2026], '2025-06-01T00:00:00.000Z')?.policyId).toBe(y2025.policyId);
    expect(pickPolicy([y2025, y2026], '2026-06-01T00:00:00.000Z')?.policyId).toBe(y2026.policyId);
    expect(pickPolicy([y2026], '2025-06-01T00:00:00.000Z')?.policyId).toBe(y2026.policyId);
    expect(pickPolicy([y2025], '2027-06-01T00:00:00.000Z')?.policyId).toBe(y2025.policyId);
    expect(pickPolicy([], '2025-06-01T00:00:00.000Z')).toBeNull();
  });

  describe('checking a report at intake', () => {
    const p = newPolicy(2);
    const r = policyRecordOf(policyEvent(p));
    const facts = { accidentAt: '2025-03-01T02:00:00.000Z', memberId: p.members[0]!.memberId, idNumberMasked: maskIdNumber(p.members[0]!.idNumber), benefits: ['medical' as const], claimedAmountFen: 100_000n };
    const none = () => 0n;

    it('accepts what the policy can pay, and a household it does not know yet', () => {
      expect(reportProblem([r], facts, none)).toBeNull();
      expect(reportProblem([], facts, none)).toBeNull();
    });

    it('refuses an accident before the household was ever covered, but leaves lapsed cover to registration', () => {
      const problem = reportProblem([r], { ...facts, accidentAt: '2024-06-01T00:00:00.000Z' }, none);
      expect(problem).toBeInstanceOf(ApiError);
      expect((problem as ApiError).code).toBe('CLAIM.ACCIDENT_BEFORE_COVER');
      expect(reportProblem([r], { ...facts, accidentAt: '2026-06-01T00:00:00.000Z' }, none)).toBeNull();
    });

    it('refuses an unknown member, a benefit the product lacks, a claimant whose ID does not match and an amount above what can be paid', () => {
      const code = (e: Error | null) => (e as ClaimError | ApiError | null)?.code;
      expect(code(reportProblem([r], { ...facts, memberId: 'someone' }, none))).toBe('CLAIM.UNKNOWN_MEMBER');
      const noMedical = { ...r, medicalLimitFen: 0n };
      expect(code(reportProblem([noMedical], facts, none))).toBe('CLAIM.BENEFIT_NOT_IN_PRODUCT');
      expect(code(reportProblem([r], { ...facts, idNumberMasked: '1101**********0000' }, none))).toBe('CLAIM.CLAIMANT_MISMATCH');
      // 10,000 yuan limit, 9,500 already held by the household's other claims.
      expect(code(reportProblem([r], facts, () => 950_000n))).toBe('CLAIM.AMOUNT_ABOVE_SUM_INSURED');
      expect(code(reportProblem([r], { ...facts, claimedAmountFen: 50_000n }, () => 950_000n))).toBeUndefined();
    });

    it('bounds a death claim by the claimant\'s recorded share', () => {
      const three = newPolicy(3);
      const record = policyRecordOf(policyEvent(three));
      const death = (i: number, claimedAmountFen: bigint) => ({
        ...facts,
        memberId: three.members[i]!.memberId,
        idNumberMasked: maskIdNumber(three.members[i]!.idNumber),
        benefits: ['death' as const],
        claimedAmountFen,
      });
      const code = (e: Error | null) => (e as ClaimError | null)?.code;
      expect(reportProblem([record], death(0, 3_333_334n), none)).toBeNull();
      expect(code(reportProblem([record], death(0, 3_333_335n), none))).toBe('CLAIM.AMOUNT_ABOVE_SUM_INSURED');
      expect(code(reportProblem([record], death(1, 3_333_334n), none))).toBe('CLAIM.AMOUNT_ABOVE_SUM_INSURED');
    });
  });
});
