import {
  claimFactsProjection,
  computeReport,
  parseReportQuery,
  policyFactsProjection,
  presentTotals,
  project,
  sampleProgramme,
  SAMPLE_AS_OF,
  toProjectionEvent,
  type ProjectionEvent,
} from '@fpi/reporting-domain';
import { ManualClock } from '@fpi/platform';
import { Random } from '@fpi/testing';
import type { ClaimEventV1, EnrollmentEvent } from '@fpi/contracts';
import { startHarness, type Harness } from '../testing/reporting-harness';
import type { SummaryResponse } from '../reports/get-summary/get-summary.handler';
import type { StatusResponse } from '../status/get-status/get-status.handler';

type Event = ClaimEventV1 | EnrollmentEvent;

/**
 * 20 % duplicate and out-of-order delivery (reliability.md, fault scenarios), as Kafka can deliver it: the
 * aggregates' events interleaved in a random order (each aggregate's own events keep their order, which a
 * partition guarantees for one key), and one event in five delivered again later (same event id, as after
 * a relay restart), so older revisions arrive after newer ones. The figures must be those of the events in
 * order: duplicates are recognised by id, and an older revision changes nothing.
 */
describe('reporting under 20 % duplicate and out-of-order delivery (real PostgreSQL and Kafka)', () => {
  const { policies, claims } = sampleProgramme();
  const inOrder: Event[] = [...policies.flat(), ...claims.flat()];
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('disorder', { clock: new ManualClock(SAMPLE_AS_OF) });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('ends with the figures of the events in order, each event applied once', async () => {
    const rnd = new Random(20_211_129); // the same disorder on every run, so a failure can be replayed
    const random = () => rnd.next();
    // A random merge of the aggregates' streams, each stream in its own order.
    const queues: Event[][] = [...policies, ...claims].map((stream) => [...stream]);
    const delivered: Event[] = [];
    while (queues.some((q) => q.length > 0)) {
      const open = queues.filter((q) => q.length > 0);
      const next = open[Math.floor(random() * open.length)]?.shift();
      if (next) delivered.push(next);
    }
    // One in five again, somewhere after its first delivery.
    for (const e of [...delivered]) {
      if (random() >= 0.2) continue;
      const first = delivered.indexOf(e);
      delivered.splice(first + 1 + Math.floor(random() * (delivered.length - first)), 0, e);
    }
    const duplicates = delivered.length - inOrder.length;
    expect(duplicates).toBeGreaterThan(0.1 * inOrder.length);
    // The disorder is real: some aggregate's older revision arrives after a newer one.
    const revisionOf = (e: Event): number => ('claimId' in e ? e.sequence : e.revision);
    const keyOf = (e: Event): string => ('claimId' in e ? e.claimId : e.aggregateId);
    const firstSeen = new Map<string, number>();
    let inversions = 0;
    for (const e of delivered) {
      const seen = firstSeen.get(keyOf(e));
      if (seen !== undefined && revisionOf(e) < seen) inversions += 1;
      firstSeen.set(keyOf(e), Math.max(seen ?? -1, revisionOf(e)));
    }
    expect(inversions).toBeGreaterThan(0);

    await h.produce(delivered);
    const status = await h.caughtUp();

    const asProjection = (): ProjectionEvent[] => inOrder.map((e) => toProjectionEvent('claimId' in e ? 'claims' : 'enrollment', JSON.parse(JSON.stringify(e))));
    const P = [...project(policyFactsProjection, asProjection()).values()];
    const C = [...project(claimFactsProjection, asProjection()).values()];
    const asOf = encodeURIComponent(SAMPLE_AS_OF);
    for (const c of ['', 'groupBy=county', 'groupBy=city,month', 'groupBy=village', 'groupBy=day', 'groupBy=channel,referrer', 'groupBy=quarter,householdStatus']) {
      const raw = Object.fromEntries(new URLSearchParams(`${c}&asOf=${asOf}`)) as Record<string, string>;
      const expected = computeReport(P, C, parseReportQuery(raw, new Date())).map((r) => ({ group: r.group, figures: presentTotals(r.totals) }));
      const r = await h.get<SummaryResponse>(`/reports/summary?${c}&asOf=${asOf}`);
      expect({ c, status: r.status, rows: r.body.rows }).toEqual({ c, status: 200, rows: expected });
    }
    // Every distinct event id was applied once; the duplicates were recognised and skipped.
    const applied = (s: StatusResponse) => s.active?.topics.flatMap((t) => t.partitions).reduce((a, p) => a + Number(p.eventsApplied), 0);
    expect(applied(status)).toBe(inOrder.length);
  }, 120_000);
});
