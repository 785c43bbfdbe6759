import type { ClaimEventV1, PolicyEvent } from '@fpi/contracts';
import { claimEvents, policyEvents, syntheticUuid } from './synthetic';

/**
 * A small programme month (March 2021, two counties of city 4101) whose figures were worked out by hand;
 * the unit tests check the in-memory reference against them and the integration tests check the HTTP API
 * against the same numbers. `asOf` is 2021-03-31T00:00Z, so some steps are overdue and some not yet due.
 *
 * Policies (premium 108 yuan = household 60 + county 48, so 10,800 fen each):
 * - P1 410102001001 counter, paid 03-02, issued 03-04 (due 03-05: on time), delivered 03-10 (due 03-19: on time)
 * - P2 410102001001 mobile storefront, paid 03-03, issued 03-08 (due 03-06: late), not delivered (due 03-23: overdue)
 * - P3 410103001001 referrer 1, paid 03-10, not issued (due 03-13: overdue)
 * - P4 410103001001 mobile storefront, paid 03-28 12:00Z, not issued (due 03-31 12:00Z: not yet due at asOf)
 * - P5 410102001001 counter, applied only (not insured)
 * - P6 410103001002 counter, paid 03-05, cancelled 03-07 before its issuance was due (owes nothing, not insured)
 * - P7 410102001001 counter, paid 02-10, issued and delivered in February (outside March)
 * - P8 410102001002 counter, paid 03-12, issued 03-14 (on time), delivered 04-02 after asOf (due 03-29: overdue at asOf)
 */
export const SAMPLE_AS_OF = '2021-03-31T00:00:00.000Z';

export function sampleProgramme(): { policies: PolicyEvent[][]; claims: ClaimEventV1[][] } {
  const policy = (n: number, v: string, channel: 'COUNTER' | 'REFERRER' | 'MOBILE_STOREFRONT', persons: number, times: { paid?: string; issued?: string; delivered?: string; cancelled?: string; applied?: string }) =>
    policyEvents({
      n,
      programmeYear: 2021,
      villageCode: v,
      channel,
      referrer: channel === 'REFERRER' ? 1 : null,
      insuredPersons: persons,
      shares: { HOUSEHOLD: 6000n, COUNTY: 4800n },
      appliedAt: times.applied ?? times.paid ?? '2021-03-01T00:00:00.000Z',
      paidAt: times.paid ?? null,
      issuedAt: times.issued ?? null,
      deliveredAt: times.delivered ?? null,
      cancelledAt: times.cancelled ?? null,
    });
  const policies = [
    policy(1, '410102001001', 'COUNTER', 3, { paid: '2021-03-02T02:00:00.000Z', issued: '2021-03-04T02:00:00.000Z', delivered: '2021-03-10T02:00:00.000Z' }),
    policy(2, '410102001001', 'MOBILE_STOREFRONT', 4, { paid: '2021-03-03T02:00:00.000Z', issued: '2021-03-08T02:00:00.000Z' }),
    policy(3, '410103001001', 'REFERRER', 2, { paid: '2021-03-10T02:00:00.000Z' }),
    policy(4, '410103001001', 'MOBILE_STOREFRONT', 3, { paid: '2021-03-28T12:00:00.000Z' }),
    policy(5, '410102001001', 'COUNTER', 3, { applied: '2021-03-04T00:00:00.000Z' }),
    policy(6, '410103001002', 'COUNTER', 2, { paid: '2021-03-05T00:00:00.000Z', cancelled: '2021-03-07T00:00:00.000Z' }),
    policy(7, '410102001001', 'COUNTER', 2, { paid: '2021-02-10T00:00:00.000Z', issued: '2021-02-12T00:00:00.000Z', delivered: '2021-02-20T00:00:00.000Z' }),
    policy(8, '410102001002', 'COUNTER', 3, { paid: '2021-03-12T00:00:00.000Z', issued: '2021-03-14T00:00:00.000Z', delivered: '2021-04-02T00:00:00.000Z' }),
  ];
  const claims = [
    // C1: fast-tracked, documents complete 03-07, paid in full 03-09 (2 days), satisfied, closed.
    claimEvents({ n: 1, policy: 1, villageCode: '410102001001', reportedAt: '2021-03-05T01:00:00.000Z', registeredAt: '2021-03-05T02:00:00.000Z', documentsCompletedAt: '2021-03-07T02:00:00.000Z', fastTrack: true, approvedAt: '2021-03-08T02:00:00.000Z', approvedFen: 300_000n, paidAt: '2021-03-09T02:00:00.000Z', followUp: { at: '2021-03-10T02:00:00.000Z', outcome: 'satisfied' }, closedAt: '2021-03-11T02:00:00.000Z' }),
    // C2: fast-tracked but its target was missed; 500 yuan in advance, the rest 03-12 (6 days after registration), basically satisfied.
    claimEvents({ n: 2, policy: 2, villageCode: '410102001001', enrolmentChannel: 'MOBILE_STOREFRONT', reportedAt: '2021-03-06T01:00:00.000Z', registeredAt: '2021-03-06T02:00:00.000Z', fastTrack: true, fastTrackBreached: true, approvedAt: '2021-03-10T02:00:00.000Z', approvedFen: 200_000n, advance: { at: '2021-03-08T02:00:00.000Z', fen: 50_000n }, paidAt: '2021-03-12T02:00:00.000Z', followUp: { at: '2021-03-13T02:00:00.000Z', outcome: 'basically_satisfied' }, closedAt: '2021-03-14T02:00:00.000Z' }),
    // C3: rejected, dissatisfied, closed.
    claimEvents({ n: 3, policy: 3, villageCode: '410103001001', enrolmentChannel: 'REFERRER', reportedAt: '2021-03-07T01:00:00.000Z', registeredAt: '2021-03-07T02:00:00.000Z', rejectedAt: '2021-03-09T02:00:00.000Z', followUp: { at: '2021-03-10T02:00:00.000Z', outcome: 'dissatisfied' }, closedAt: '2021-03-11T02:00:00.000Z' }),
    // C4: paid 03-22 and reversed 03-25 (nets to nothing), household unreachable, closed.
    claimEvents({ n: 4, policy: 1, villageCode: '410102001001', reportedAt: '2021-03-15T01:00:00.000Z', registeredAt: '2021-03-15T02:00:00.000Z', approvedAt: '2021-03-20T02:00:00.000Z', approvedFen: 300_000n, paidAt: '2021-03-22T02:00:00.000Z', reversedAt: '2021-03-25T02:00:00.000Z', followUp: { at: '2021-03-27T02:00:00.000Z', outcome: 'unreachable' }, closedAt: '2021-03-28T02:00:00.000Z' }),
    // C5: reported in February by the same person as C1, paid 4,000 yuan on 03-02 (10 days after registration).
    claimEvents({ n: 5, policy: 8, villageCode: '410102001002', memberId: syntheticUuid(1, 7), reportedAt: '2021-02-20T01:00:00.000Z', registeredAt: '2021-02-20T02:00:00.000Z', approvedAt: '2021-02-25T02:00:00.000Z', approvedFen: 400_000n, paidAt: '2021-03-02T02:00:00.000Z' }),
    // C6: never matched to a policy, withdrawn.
    claimEvents({ n: 6, policy: null, villageCode: '410103001001', reportedAt: '2021-03-20T01:00:00.000Z', withdrawnAt: '2021-03-21T01:00:00.000Z' }),
    // C7: fast-tracked, still open, no target missed yet.
    claimEvents({ n: 7, policy: 2, villageCode: '410102001001', enrolmentChannel: 'MOBILE_STOREFRONT', reportedAt: '2021-03-25T01:00:00.000Z', registeredAt: '2021-03-25T02:00:00.000Z', fastTrack: true }),
  ];
  return { policies, claims };
}
