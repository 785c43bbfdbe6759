import { validateClaimEventV1, type ClaimEventV1 } from '@fpi/contracts';
import { evolveClaimFact } from './claim-facts';
import { claimEvents, claimIdOf, policyIdOf } from './synthetic';
import { asProjectionEvents, projectTwice } from './testing/helpers';

const V = '410102001001';

const paidClaim = claimEvents({
  n: 1,
  policy: 7,
  villageCode: V,
  enrolmentChannel: 'MOBILE_STOREFRONT',
  reportedAt: '2021-03-01T01:00:00.000Z',
  registeredAt: '2021-03-01T02:00:00.000Z',
  documentsCompletedAt: '2021-03-03T02:00:00.000Z',
  fastTrack: true,
  approvedAt: '2021-03-04T02:00:00.000Z',
  approvedFen: 300_000n,
  advance: { at: '2021-03-03T12:00:00.000Z', fen: 100_000n },
  paidAt: '2021-03-05T02:00:00.000Z',
  followUp: { at: '2021-03-06T02:00:00.000Z', outcome: 'basically_satisfied' },
  closedAt: '2021-03-07T02:00:00.000Z',
});

describe('claim facts projection', () => {
  it('builds only contract-valid events in the test scenarios', () => {
    for (const e of paidClaim) expect(validateClaimEventV1(e)).toEqual({ valid: true });
  });

  it('follows a paid claim from report to closure', () => {
    const { once, twice } = projectTwice(asProjectionEvents(paidClaim));
    expect(twice).toEqual(once);
    expect(once.claims).toHaveLength(1);
    expect(once.claims[0]).toMatchObject({
      claimId: claimIdOf(1),
      revision: paidClaim.length - 1,
      policyId: policyIdOf(7),
      regionCode: V,
      enrolmentChannel: 'MOBILE_STOREFRONT',
      claimChannel: 'phone',
      status: 'paid',
      reportedAt: '2021-03-01T01:00:00.000Z',
      documentsCompletedAt: '2021-03-03T02:00:00.000Z',
      approvedFen: 300_000n,
      paidFen: 300_000n,
      fullyPaidAt: '2021-03-05T02:00:00.000Z',
      fastTrack: true,
      fastTrackBreached: false,
      followUpOutcome: 'basically_satisfied',
      closedAt: '2021-03-07T02:00:00.000Z',
      closureOutcome: 'paid',
    });
    expect(once.claims[0]!.payments.map((p) => [p.kind, p.amountFen])).toEqual([['advance', 100_000n], ['payment', 200_000n]]);
  });

  it('subtracts a reversal and clears the full payment', () => {
    const events = claimEvents({ n: 2, policy: 1, villageCode: V, reportedAt: '2021-03-01T00:00:00.000Z', registeredAt: '2021-03-01T00:00:00.000Z', approvedAt: '2021-03-02T00:00:00.000Z', paidAt: '2021-03-03T00:00:00.000Z', reversedAt: '2021-03-04T00:00:00.000Z' });
    const { once, twice } = projectTwice(asProjectionEvents(events));
    expect(twice).toEqual(once);
    expect(once.claims[0]).toMatchObject({ paidFen: 0n, fullyPaidAt: null, status: 'approved' });
    // Documents were all there at registration: complete at that instant.
    expect(once.claims[0]!.documentsCompletedAt).toBe('2021-03-01T00:00:00.000Z');
  });

  it('records a rejection, and a reopening takes it back along with closure and follow-up', () => {
    const rejected = claimEvents({ n: 3, policy: 1, villageCode: V, reportedAt: '2021-03-01T00:00:00.000Z', registeredAt: '2021-03-01T00:00:00.000Z', rejectedAt: '2021-03-02T00:00:00.000Z', followUp: { at: '2021-03-03T00:00:00.000Z', outcome: 'dissatisfied' }, closedAt: '2021-03-04T00:00:00.000Z' });
    const closed = projectTwice(asProjectionEvents(rejected));
    expect(closed.twice).toEqual(closed.once);
    expect(closed.once.claims[0]).toMatchObject({ status: 'rejected', rejectionReason: 'EXCLUDED_CAUSE', closureOutcome: 'rejected', followUpOutcome: 'dissatisfied' });

    const reopened = claimEvents({ n: 3, policy: 1, villageCode: V, reportedAt: '2021-03-01T00:00:00.000Z', registeredAt: '2021-03-01T00:00:00.000Z', rejectedAt: '2021-03-02T00:00:00.000Z', followUp: { at: '2021-03-03T00:00:00.000Z', outcome: 'dissatisfied' }, closedAt: '2021-03-04T00:00:00.000Z', reopenedAt: '2021-03-05T00:00:00.000Z' });
    const again = projectTwice(asProjectionEvents(reopened));
    expect(again.twice).toEqual(again.once);
    expect(again.once.claims[0]).toMatchObject({ status: 'documents_complete', rejectedAt: null, closedAt: null, followUpOutcome: null, reopenCount: 1 });
  });

  it('marks a missed fast-track target and counts every breach', () => {
    const events = claimEvents({ n: 4, policy: 1, villageCode: V, reportedAt: '2021-03-01T00:00:00.000Z', registeredAt: '2021-03-01T00:00:00.000Z', fastTrack: true, fastTrackBreached: true, approvedAt: '2021-03-09T00:00:00.000Z' });
    const { once, twice } = projectTwice(asProjectionEvents(events));
    expect(twice).toEqual(once);
    expect(once.claims[0]).toMatchObject({ fastTrack: true, fastTrackBreached: true, deadlineBreaches: 1 });
  });

  it('ignores an event at or below the applied revision (duplicate, replay) but applies a later one after a gap', () => {
    const [reported, registered, ...rest] = paidClaim as [ClaimEventV1, ClaimEventV1, ...ClaimEventV1[]];
    const row = evolveClaimFact(evolveClaimFact(null, reported), registered);
    expect(evolveClaimFact(row, registered)).toBe(row);
    expect(evolveClaimFact(row, reported)).toBe(row);
    const last = rest[rest.length - 1] as ClaimEventV1;
    expect(evolveClaimFact(row, last)?.revision).toBe(last.sequence);
  });

  it('keeps a withdrawn claim with its withdrawal time', () => {
    const events = claimEvents({ n: 5, policy: null, villageCode: V, reportedAt: '2021-03-01T00:00:00.000Z', withdrawnAt: '2021-03-02T00:00:00.000Z' });
    const { once, twice } = projectTwice(asProjectionEvents(events));
    expect(twice).toEqual(once);
    // Never registered: only the county from the envelope is known.
    expect(once.claims[0]).toMatchObject({ status: 'withdrawn', withdrawnAt: '2021-03-02T00:00:00.000Z', regionCode: '410102', policyId: null });
  });
});
