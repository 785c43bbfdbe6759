import { benefitLine, type CoverageSnapshot } from '@fpi/claims-domain';
import { splitSumInsured } from '@fpi/enrollment-domain';
import { DISABILITY_GRADE_BP, PLAN_BENEFITS, ratioRoundHalfDown, recordedMemberShareFen } from '@fpi/testing';

/**
 * The generator's ground truth is computed from the plan alone, never from the services' code; this checks,
 * from outside all three libraries (libs/testing may not depend on the domain libraries: the boundaries
 * rule would see a cycle), that its member-share rule is the one enrollment records and claims pays.
 */
describe('member share of the death/disability sum insured: generator, enrollment and claims agree', () => {
  it('computes the recorded share as enrollment splits the sum and the claims rules pay it, also when it does not divide', () => {
    // The ground truth stays independent of the services; these check that its rule is theirs.
    for (const total of [PLAN_BENEFITS.deathDisabilitySumInsuredFen, 10_000_000n, 10_000_002n, 18_500_001n]) {
      for (let size = 1; size <= 6; size++) {
        const b = { ...PLAN_BENEFITS, deathDisabilitySumInsuredFen: total };
        const shares = Array.from({ length: size }, (_, i) => recordedMemberShareFen(b, size, i));
        expect(shares).toEqual(splitSumInsured(total, size));
        const ids = shares.map((_, i) => `m-${i + 1}`);
        const coverage: CoverageSnapshot = {
          policyId: 'p-1', policyNumber: 'P-1', status: 'in_force', cancelledAt: null,
          coverStart: '2021-01-01T00:00:00.000Z', coverEnd: '2022-01-01T00:00:00.000Z',
          insuredMemberIds: ids, benefits: ['death', 'disability'], householdSumInsuredFen: total,
          memberShares: ids.map((memberId, i) => ({ memberId, shareFen: shares[i]! })),
          medicalLimitFen: 0n, medicalRemainingFen: 0n, medicalDeductibleFen: 0n, medicalRatioBp: 0, allowanceDailyRateFen: 0n, allowanceCapFen: 0n,
          regionCode: '990101', villageCode: null, householdVulnerable: false, channel: 'counter',
        };
        expect(ids.map((id) => benefitLine(coverage, id, { benefit: 'death' }).amountFen)).toEqual(shares);
        expect(ids.map((id) => benefitLine(coverage, id, { benefit: 'disability', grade: 6 }).amountFen)).toEqual(shares.map((x) => ratioRoundHalfDown(x, DISABILITY_GRADE_BP[5]!)));
      }
    }
    // 100,000 yuan among three: the first member holds the fen that does not divide.
    expect([0, 1, 2].map((i) => recordedMemberShareFen({ ...PLAN_BENEFITS, deathDisabilitySumInsuredFen: 10_000_000n }, 3, i))).toEqual([3_333_334n, 3_333_333n, 3_333_333n]);
  });

});
