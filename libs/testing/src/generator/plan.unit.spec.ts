import { REFERENCE_CITY, SECOND_CITY, scaleCity } from './parameters';
import { DISABILITY_GRADE_BP, planProgrammeYear, ratioRoundHalfDown, recordedMemberShareFen, PLAN_BENEFITS } from './plan';
import { checkCharacter } from './synthetic-identity';

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('programme year planner', () => {
  const plan = planProgrammeYear({ seed: 2021, programmeYear: 2021, cities: [REFERENCE_CITY] });

  it('reproduces the reference city-year exactly at full scale', () => {
    const hs = plan.households;
    expect(hs).toHaveLength(85_700);
    expect(sum(hs.map((h) => h.premiumFen))).toBe(926_000_000n);
    const mobile = hs.filter((h) => h.channel === 'MOBILE_STOREFRONT');
    expect(mobile).toHaveLength(15_008);
    expect(mobile.reduce((t, h) => t + h.members.length, 0)).toBe(45_000);
    expect(sum(mobile.map((h) => h.premiumFen))).toBe(187_460_000n);
    expect(plan.referrers).toHaveLength(480);
    const paid = plan.claims.filter((c) => c.outcome === 'paid');
    expect(paid).toHaveLength(2_208);
    expect(new Set(paid.map((c) => c.memberKey)).size).toBe(2_208);
    expect(sum(paid.map((c) => c.payoutFen))).toBe(688_000_000n);
  });

  it('plans every payment to add up to the premium and every step in order', () => {
    const broken = plan.households.filter(
      (h) =>
        sum(h.payments.map((p) => p.amountFen)) !== h.premiumFen ||
        !h.payments.every((p) => p.at >= h.appliedAt && p.at <= h.fullyPaidAt) ||
        (h.issuedAt !== null && h.issuedAt <= h.fullyPaidAt) ||
        (h.deliveredAt !== null && (h.issuedAt === null || h.deliveredAt <= h.issuedAt)),
    );
    expect(broken.map((h) => h.key)).toEqual([]);
    const disordered = plan.claims.filter((c) => c.reportedAt <= c.accidentAt || (c.paidAt !== null && !(c.paidAt > c.approvedAt! && c.approvedAt! > c.assessedAt! && c.assessedAt! >= c.documentsCompletedAt)));
    expect(disordered.map((c) => c.key)).toEqual([]);
  });

  it('chooses medical inputs that the 90 % rule after the deductible turns into the planned payout', () => {
    const medical = plan.claims.filter((x) => x.assessment?.benefit === 'medical' && x.outcome === 'paid');
    expect(medical.length).toBeGreaterThan(1000);
    const wrong = medical.filter((c) => {
      const a = c.assessment as { eligibleCostFen: bigint; otherPayersFen: bigint };
      const payout = ratioRoundHalfDown(a.eligibleCostFen - a.otherPayersFen - PLAN_BENEFITS.medicalDeductibleFen, PLAN_BENEFITS.medicalReimbursementBp);
      return payout !== c.payoutFen || c.payoutFen > PLAN_BENEFITS.medicalLimitFen;
    });
    expect(wrong.map((c) => c.key)).toEqual([]);
  });

  it('pays death and disability from the member\'s share as the policy records it', () => {
    const households = new Map(plan.households.map((h) => [h.key, h]));
    const fixed = plan.claims.filter((c) => c.outcome === 'paid' && (c.assessment?.benefit === 'death' || c.assessment?.benefit === 'disability'));
    expect(fixed.length).toBeGreaterThan(50);
    const wrong = fixed.filter((c) => {
      const members = households.get(c.householdKey)!.members;
      const share = recordedMemberShareFen(PLAN_BENEFITS, members.length, members.findIndex((m) => m.key === c.memberKey));
      const a = c.assessment!;
      return c.payoutFen !== (a.benefit === 'disability' ? ratioRoundHalfDown(share, DISABILITY_GRADE_BP[a.grade - 1]!) : share);
    });
    expect(wrong.map((c) => c.key)).toEqual([]);
  });

  it('plans every instant on a whole hour', () => {
    const instants = [
      ...plan.households.flatMap((h) => [h.appliedAt, h.fullyPaidAt, h.issuedAt, h.deliveredAt, h.coverStartsAt, ...h.payments.map((p) => p.at)]),
      ...plan.claims.flatMap((c) => [c.accidentAt, c.reportedAt, c.documentsRequestedAt, c.documentsCompletedAt, c.assessedAt, c.approvedAt, c.paymentScheduledAt, c.paidAt, c.followUpAt, c.closedAt, c.withdrawnAt]),
    ].filter((t): t is string => t !== null);
    expect(instants.filter((t) => Date.parse(t) % 3_600_000 !== 0)).toEqual([]);
  });

  it('generates valid ID numbers that can never be a real person\'s, all distinct', () => {
    const ids = plan.households.flatMap((h) => h.members.map((m) => m.idNumber));
    expect(new Set(ids).size).toBe(ids.length);
    const bad = ids.filter((id) => !/^\d{2}9[89]\d{2}\d{8}\d{3}[\dX]$/.test(id) || checkCharacter(id.slice(0, 17)) !== id[17]);
    expect(bad).toEqual([]);
  });

  it('is deterministic for a seed, and scales down keeping the averages', () => {
    const small = (seed: number) => planProgrammeYear({ seed, programmeYear: 2021, cities: [scaleCity(REFERENCE_CITY, 1 / 50), scaleCity(SECOND_CITY, 1 / 50)] });
    const a = small(7);
    expect(small(7)).toEqual(a);
    expect(small(8).households.map((h) => h.members[0]!.idNumber)).not.toEqual(a.households.map((h) => h.members[0]!.idNumber));
    const city = a.households.filter((h) => h.cityCode === '3399');
    expect(city).toHaveLength(1714);
    expect(Number(sum(city.map((h) => h.premiumFen))) / 100 / city.length).toBeCloseTo(9_260_000 / 85_700, 0);
  });
});
