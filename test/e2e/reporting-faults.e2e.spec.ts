import { randomUUID } from 'node:crypto';
import { AssignerProtocol, Partitioners } from 'kafkajs';
import { sourceEventMessage, type ClaimEventV1, type PolicyEvent } from '@fpi/contracts';
import { createKafka, ensureTopics } from '@fpi/messaging';
import {
  claimFactsProjection,
  computeReport,
  parseReportQuery,
  policyFactsProjection,
  presentTotals,
  project,
  syntheticEventWaves,
  toProjectionEvent,
} from '@fpi/reporting-domain';
import { createTestDatabase, eventually, resolveKafkaBrokers, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { devToken } from '../support/tokens';

type SourceEvent = PolicyEvent | ClaimEventV1;
const isClaim = (e: SourceEvent): e is ClaimEventV1 => 'claimId' in e;
const AS_OF = '2022-01-01T00:00:00.000Z';

interface PartitionLag {
  partition: number;
  lag: string | null;
  eventsApplied: string;
}
interface Status {
  active: { caughtUp: boolean; topics: { topic: string; partitions: PartitionLag[] }[] } | null;
}

/**
 * Reporting through crashes (reliability.md, fault scenarios): a projector killed (kill -9) while it
 * works through a backlog, so between a batch's effect and its commit, and two instances of the service in
 * one consumer group with one of them killed, so that the other takes its partitions over. The read model
 * keeps its rows and its consumed positions in one transaction; if it did not, a killed batch would be
 * applied twice (or skipped) and the figures would differ from those of the events, each applied once.
 */
describe('reporting through crashes (real PostgreSQL and Kafka)', () => {
  let brokers: string[];
  let db: TestDatabase;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    brokers = await resolveKafkaBrokers();
    db = await createTestDatabase('e2e_reporting_faults');
  });

  afterAll(async () => {
    for (const s of running) await s.stop();
    await db?.drop();
  }, 60_000);

  it('applies every event once through kill -9 mid-batch and a second instance of its group killed', async () => {
    const run = `reporting-faults-${randomUUID().slice(0, 8)}`;
    const topics = { enrollment: `${run}.enrollment.events`, claims: `${run}.claims.events` };
    const kafka = createKafka({ clientId: run, brokers });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));

    // Four whole waves of the synthetic programme (whole lifecycles: issued, delivered, paid, followed up).
    const events: SourceEvent[] = [];
    let waves = 0;
    for (const wave of syntheticEventWaves(Number.MAX_SAFE_INTEGER, 100)) {
      events.push(...wave);
      if (++waves === 4) break;
    }
    const phaseOne = events.slice(0, Math.floor(events.length * 0.6));
    const phaseTwo = events.slice(phaseOne.length);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const produce = async (list: readonly SourceEvent[]) => {
      // One send at a time (each key's events must land in their order), a thousand messages each (the broker's size limit).
      for (let i = 0; i < list.length; i += 1_000) {
        const chunk = list.slice(i, i + 1_000);
        await producer.send({ topic: topics.enrollment, acks: -1, messages: chunk.filter((e): e is PolicyEvent => !isClaim(e)).map(sourceEventMessage) });
        await producer.send({ topic: topics.claims, acks: -1, messages: chunk.filter(isClaim).map(sourceEventMessage) });
      }
    };
    const admin = kafka.admin();
    await admin.connect();
    try {
      // The first backlog before any projector runs, so that it is busy when it is killed.
      await produce(phaseOne);

      const env = {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers.join(','),
        LOG_LEVEL: 'warn',
        ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
        CLAIM_EVENTS_TOPIC: topics.claims,
        PROJECTION_GROUP_PREFIX: `${run}.reporting`,
        // A killed member keeps its partitions until its session times out: the shortest the broker allows.
        PROJECTION_SESSION_TIMEOUT_MS: '6000',
        // Smaller batches: more of them, so that a kill lands between a batch's effect and its commit.
        PROJECTION_FETCH_BYTES_PER_PARTITION: '131072',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_BURST: '1000000',
      };
      const authorization = `Bearer ${devToken('admin', { sub: 'fault-admin' })}`;
      const status = async (s: ServiceProcess): Promise<Status> => (await (await fetch(`${s.url}/status`, { headers: { authorization } })).json()) as Status;
      const applied = (st: Status): number => (st.active?.topics ?? []).flatMap((t) => t.partitions).reduce((sum, p) => sum + Number(p.eventsApplied), 0);
      const start = async () => {
        const s = await startServiceProcess('reporting', env, 60_000);
        running.push(s);
        return s;
      };
      /** Waits until the read model holds more than `count` events, and answers how many it holds then. */
      const beyond = async (s: ServiceProcess, count: number, what: string) =>
        eventually(async () => {
          const n = applied(await status(s));
          return n > count ? n : undefined;
        }, what, 60_000, 20);
      /** The partitions each member of the generation's group holds, once the group is stable with `members` members. */
      const assignments = async (members: number, what: string) =>
        eventually(async () => {
          const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.startsWith(`${run}.reporting.`));
          const group = (await admin.describeGroups(groups.map((g) => g.groupId))).groups.find((g) => g.state === 'Stable' && g.members.length === members);
          if (!group) return undefined;
          const held = group.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {});
          return held.every((a) => Object.values(a).some((partitions) => partitions.length > 0)) ? held : undefined;
        }, what, 60_000, 100);

      // 1. A projector killed while it works through the backlog, twice.
      const first = await start();
      const killedAt: number[] = [];
      killedAt.push(await beyond(first, 2_000, 'the first projector under way'));
      await first.stop('SIGKILL');
      const second = await start();
      killedAt.push(await beyond(second, killedAt[0]! + 2_000, 'the restarted projector under way'));
      await second.stop('SIGKILL');

      // 2. Two instances in one consumer group, both holding partitions, both at work on new events; one
      //    killed, then more events on every partition, the dead member's included.
      const [survivor, partner] = await Promise.all([start(), start()]);
      await assignments(2, 'two members sharing the partitions');
      const half = Math.floor(phaseTwo.length / 2);
      await produce(phaseTwo.slice(0, half));
      killedAt.push(applied(await status(survivor)));
      await partner.stop('SIGKILL');
      const highs = async () => {
        const out = new Map<string, number>();
        for (const topic of Object.values(topics)) for (const o of await admin.fetchTopicOffsets(topic)) out.set(`${topic}/${o.partition}`, Number(o.high));
        return out;
      };
      const highsAtKill = await highs();
      await produce(phaseTwo.slice(half));
      // Every partition got events after the kill, so whichever partitions the dead member held must be taken over.
      const grown = [...(await highs())].filter(([key, high]) => high > (highsAtKill.get(key) ?? Infinity));
      expect(grown.length).toBe(6);
      // The survivor takes the dead member's partitions over once its session has timed out.
      const takenOver = await assignments(1, 'the survivor holding every partition');
      expect(Object.values(takenOver[0]!).reduce((n, partitions) => n + partitions.length, 0)).toBe(6);

      const caughtUp = await eventually(async () => {
        const st = await status(survivor);
        return st.active?.caughtUp ? st : undefined;
      }, 'the surviving instance to catch up', 120_000, 200);
      expect(killedAt.every((n) => n < events.length)).toBe(true); // each kill landed with events still to apply
      expect(applied(caughtUp)).toBe(events.length); // every event applied once: none twice after a kill, none skipped
      process.stdout.write(`Reporting through crashes: ${events.length} events, kill -9 after ${killedAt.join(', ')} applied (the last between two halves of ${phaseTwo.length} new events); all applied once\n`);

      // The figures are those of the events, each applied once, in every grouping asked.
      const asProjection = events.map((e) => toProjectionEvent(isClaim(e) ? 'claims' : 'enrollment', JSON.parse(JSON.stringify(e))));
      const policies = [...project(policyFactsProjection, asProjection).values()];
      const claims = [...project(claimFactsProjection, asProjection).values()];
      const asOf = encodeURIComponent(AS_OF);
      for (const grouping of ['', 'groupBy=county', 'groupBy=channel,referrer', 'groupBy=month']) {
        const query = Object.fromEntries(new URLSearchParams(`${grouping}&asOf=${asOf}`)) as Record<string, string>;
        const expected = computeReport(policies, claims, parseReportQuery(query, new Date(AS_OF))).map((r) => ({ group: r.group, figures: presentTotals(r.totals) }));
        const res = await fetch(`${survivor.url}/reports/summary?${grouping}&asOf=${asOf}`, { headers: { authorization } });
        if (grouping === '') {
          // Whole lifecycles, so that the comparison covers every figure, not only zeros.
          const total = expected[0]?.figures as { claims: { paid: string }; timelyIssuance: { denominator: string }; timelyDelivery: { denominator: string }; claimSatisfaction: { denominator: string } } | undefined;
          expect([total?.claims.paid, total?.timelyIssuance.denominator, total?.timelyDelivery.denominator, total?.claimSatisfaction.denominator].every((n) => Number(n) > 0)).toBe(true);
        }
        expect({ grouping, status: res.status, rows: ((await res.json()) as { rows: unknown[] }).rows }).toEqual({ grouping, status: 200, rows: expected });
      }
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }

  }, 300_000);
});
