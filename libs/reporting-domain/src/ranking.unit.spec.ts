import { computeOverdue, computeReferrers, rank } from './ranking';
import { parseFilter } from './query';
import { sampleProgramme, SAMPLE_AS_OF } from './sample-programme';
import { policyIdOf, referrerIdOf } from './synthetic';
import { asProjectionEvents, claimRows, policyRows } from './testing/helpers';

const { policies, claims } = sampleProgramme();
const events = asProjectionEvents([...policies.flat(), ...claims.flat()]);
const P = policyRows(events);
const C = claimRows(events);

describe('ranking', () => {
  it('ranks highest first with standard competition ranks and the gaps to the neighbours', () => {
    // The 2021 province ranking by premium, in fen: 4th place had 530k yuan less than 3rd and 1.93 million more than 5th.
    const ranked = rank([
      { key: 'A', value: 2_249_000_000n },
      { key: 'B', value: 1_497_000_000n },
      { key: 'C', value: 979_000_000n },
      { key: 'D', value: 926_000_000n },
      { key: 'E', value: 733_000_000n },
    ]);
    expect(ranked[3]).toEqual({ rank: 4, key: 'D', value: '926000000', behindPrevious: '53000000', aheadOfNext: '193000000' });
    expect(ranked[0]!.behindPrevious).toBeNull();
    expect(ranked[4]!.aheadOfNext).toBeNull();
  });

  it('gives tied places the same rank and skips the next', () => {
    expect(rank([{ key: 'b', value: 5n }, { key: 'a', value: 5n }, { key: 'c', value: 1n }]).map((r) => [r.rank, r.key])).toEqual([[1, 'a'], [1, 'b'], [3, 'c']]);
  });
});

describe('referrer productivity and overdue lists', () => {
  it('credits a referrer with the households, persons and premium enrolled, and the claims on them', () => {
    const f = parseFilter({ from: '2021-03-01', to: '2021-03-31' }, new Date(SAMPLE_AS_OF));
    expect(computeReferrers(P, C, f)).toEqual([{ referrerId: referrerIdOf(1), households: 1n, persons: 2n, premiumFen: 10_800n, villages: 1n, claimsReported: 1n, amountPaidFen: 0n }]);
    expect(computeReferrers(P, C, f, ['410102'])).toEqual([]);
  });

  it('lists steps overdue at asOf, oldest deadline first, with started days late', () => {
    const f = parseFilter({}, new Date(SAMPLE_AS_OF));
    expect(computeOverdue(P, f).map((o) => [o.policyId, o.kind, o.dueAt, o.overdueDays])).toEqual([
      [policyIdOf(3), 'issuance', '2021-03-13T02:00:00.000Z', 18],
      [policyIdOf(2), 'delivery', '2021-03-23T02:00:00.000Z', 8],
      [policyIdOf(8), 'delivery', '2021-03-29T00:00:00.000Z', 2],
    ]);
    expect(computeOverdue(P, f, ['issuance']).map((o) => o.policyId)).toEqual([policyIdOf(3)]);
    // A day later P4's issuance is overdue too; P8's certificate arrived on 04-02 and leaves the list then.
    const later = parseFilter({}, new Date('2021-04-03T00:00:00.000Z'));
    expect(computeOverdue(P, later).map((o) => o.policyId)).toEqual([policyIdOf(3), policyIdOf(2), policyIdOf(4)]);
  });
});
