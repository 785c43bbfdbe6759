import fc from 'fast-check';
import type { ClaimEventV1, PolicyEvent } from '@fpi/contracts';
import type { ProjectionEvent } from './decode';
import { claimFactsProjection, policyFactsProjection, project } from './projection';
import { claimEvents, policyEvents } from './synthetic';
import { asProjectionEvents } from './testing/helpers';

const DAY = 86_400_000;
const at = (day: number, hour = 0) => new Date(Date.UTC(2021, 0, 1) + day * DAY + hour * 3_600_000).toISOString();

/** A small random world: a few policies and claims with random lifecycles. */
const policyArb = (n: number) =>
  fc.record({ paid: fc.boolean(), issue: fc.integer({ min: 0, max: 6 }), deliver: fc.integer({ min: 0, max: 20 }), cancel: fc.boolean(), channel: fc.constantFrom('COUNTER', 'REFERRER', 'MOBILE_STOREFRONT') as fc.Arbitrary<'COUNTER' | 'REFERRER' | 'MOBILE_STOREFRONT'> }).map((r) =>
    policyEvents({
      n,
      programmeYear: 2021,
      villageCode: `41010200100${n % 10}`,
      channel: r.channel,
      appliedAt: at(n),
      paidAt: r.paid ? at(n + 1) : null,
      issuedAt: r.issue > 0 ? at(n + 1 + r.issue) : null,
      deliveredAt: r.issue > 0 && r.deliver > 0 ? at(n + 1 + r.issue + r.deliver) : null,
      cancelledAt: r.cancel ? at(n + 40) : null,
    }),
  );
const claimArb = (n: number) =>
  fc.record({ outcome: fc.constantFrom('paid', 'rejected', 'open', 'reversed', 'reopened'), fastTrack: fc.boolean(), breach: fc.boolean() }).map((r) =>
    claimEvents({
      n,
      policy: n,
      villageCode: '410102001001',
      reportedAt: at(n, 1),
      registeredAt: at(n, 2),
      fastTrack: r.fastTrack,
      fastTrackBreached: r.fastTrack && r.breach,
      approvedAt: r.outcome === 'paid' || r.outcome === 'reversed' ? at(n + 2) : undefined,
      paidAt: r.outcome === 'paid' || r.outcome === 'reversed' ? at(n + 3) : undefined,
      reversedAt: r.outcome === 'reversed' ? at(n + 4) : undefined,
      rejectedAt: r.outcome === 'rejected' || r.outcome === 'reopened' ? at(n + 2) : undefined,
      followUp: r.outcome === 'open' ? undefined : { at: at(n + 5), outcome: 'satisfied' },
      closedAt: r.outcome === 'open' ? undefined : at(n + 6),
      reopenedAt: r.outcome === 'reopened' ? at(n + 7) : undefined,
    }),
  );

const worldArb = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([p, c]) =>
  fc.tuple(fc.tuple(...Array.from({ length: p }, (_, i) => policyArb(i + 1))), fc.tuple(...Array.from({ length: c }, (_, i) => claimArb(i + 1)))),
);

/**
 * Kafka keeps each aggregate's order but interleaves aggregates freely, and redelivers: any message may
 * come again later (after a rebalance or a relay restart), possibly after newer events of its aggregate.
 */
function deliveryArb(streams: ProjectionEvent[][]): fc.Arbitrary<ProjectionEvent[]> {
  const total = streams.reduce((a, s) => a + s.length, 0);
  return fc.tuple(fc.array(fc.nat(), { minLength: total, maxLength: total }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 })).map(([choices, dups]) => {
    const cursors = streams.map(() => 0);
    const out: ProjectionEvent[] = [];
    for (const choice of choices) {
      const open = streams.map((_, i) => i).filter((i) => cursors[i]! < streams[i]!.length);
      const pick = open[choice % open.length]!;
      out.push(streams[pick]![cursors[pick]!++]!);
    }
    for (const [from, offset] of dups) {
      const i = from % out.length;
      const insertAt = i + 1 + (offset % (out.length - i));
      out.splice(insertAt, 0, out[i]!);
    }
    return out;
  });
}

describe('projections under at-least-once delivery (property)', () => {
  it('duplicated, redelivered and interleaved-within-aggregate-order delivery yields the same rows as in-order delivery', () => {
    fc.assert(
      fc.property(
        worldArb.chain(([policies, claims]) => {
          const streams = [...policies, ...claims].map((s) => asProjectionEvents(s as (PolicyEvent | ClaimEventV1)[]));
          return fc.tuple(fc.constant(streams), deliveryArb(streams));
        }),
        ([streams, delivered]) => {
          const inOrder = streams.flat();
          expect(project(policyFactsProjection, delivered)).toEqual(project(policyFactsProjection, inOrder));
          expect(project(claimFactsProjection, delivered)).toEqual(project(claimFactsProjection, inOrder));
        },
      ),
      { numRuns: 150 },
    );
  });
});
