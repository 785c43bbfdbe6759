/**
 * Full scale: one whole city-year (the reference city, 85,700 households, 2,208 paid claims) replayed
 * through the real services on controlled clocks, fresh databases and topics. Prints the time taken, the
 * commands and Kafka events per second, the reporting lag at the end of the replay and once caught up, and
 * then every figure of the reporting API beside the ground truth (and the headline figures beside the
 * seed's table, the reference city-year of domain.md); it exits 1 if any figure differs.
 *
 *   node tools/scripts/build.mjs && node -r @swc-node/register test/perf/full-year.ts [--scale 1] [--concurrency 16] [--state /tmp/full-year.json]
 *
 * Not part of `npm test` (hours at full scale on a small machine); --scale makes a quicker rehearsal.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { computeGroundTruth, createTestDatabase, planProgrammeYear, REFERENCE_CITY, resolveKafkaBrokers, runPlan, scaleCity, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { consumerGroupCaughtUp } from '../support/kafka-progress';
import { flatten, reportingFigures } from '../support/reporting-figures';
import { bearer, devToken } from '../support/tokens';

type Status = { active: { caughtUp: boolean; lag: string | null; topics: { topic: string; partitions: { highWatermark: string | null }[] }[] } | null };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '16' }, state: { type: 'string' }, seed: { type: 'string', default: '2021' } } });
  const run = randomUUID().slice(0, 8);
  const topics = { enrollment: `perf-${run}.enrollment.events`, claims: `perf-${run}.claims.events`, settlements: `perf-${run}.claims.settlements` };
  const group = `perf-${run}.claims.policy-view`;
  const brokers = await resolveKafkaBrokers();
  const kafka = createKafka({ clientId: `perf-${run}`, brokers });
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
  const plan = planProgrammeYear({ seed: Number(values.seed), programmeYear: 2021, cities: [scaleCity(REFERENCE_CITY, Number(values.scale))] });
  const truth = computeGroundTruth(plan);
  console.log(`plan: ${plan.households.length} households, ${plan.claims.length} claims; ground truth premium ${truth.total.premiumFen} fen, paid ${truth.total.amountPaidFen} fen`);

  const common = { KAFKA_BROKERS: brokers.join(','), CLOCK_MODE: 'controlled', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' };
  const env = {
    enrollment: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, LIFECYCLE_SWEEP_INTERVAL_MS: '0' },
    claims: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, CLAIM_EVENTS_TOPIC: topics.claims, SETTLEMENTS_TOPIC: topics.settlements, POLICY_VIEW_CONSUMER_GROUP: group },
    reporting: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, CLAIM_EVENTS_TOPIC: topics.claims, PROJECTION_GROUP_PREFIX: `perf-${run}.reporting` },
  } as const;
  const dbs: TestDatabase[] = [];
  const services: Record<string, ServiceProcess> = {};
  try {
    for (const name of ['enrollment', 'claims', 'reporting'] as const) {
      const db = await createTestDatabase(`perf_full_year_${name}`);
      dbs.push(db);
      services[name] = await startServiceProcess(name, { ...common, ...env[name], DATABASE_URL: db.url }, 60_000);
    }
    const started = Date.now();
    let last = 0;
    const policyView = consumerGroupCaughtUp(kafka, topics.enrollment, group);
    const result = await runPlan(plan, {
      urls: { enrollment: services['enrollment']!.url, claims: services['claims']!.url, reporting: services['reporting']!.url },
      tokenFor: (role, region, sub) => devToken(role, { sub, region }),
      concurrency: Number(values.concurrency),
      statePath: values.state,
      awaitPolicyView: policyView.wait,
      onProgress: (p) => {
        if (Date.now() - last < 10_000) return;
        last = Date.now();
        const s = (Date.now() - started) / 1000;
        console.log(`${p.bucket} ${p.bucketsDone}/${p.bucketsTotal} hours, ${p.commands} commands, ${(p.commands / s).toFixed(0)} commands/s`);
      },
    });
    await policyView.close();
    const replayS = (Date.now() - started) / 1000;
    const status = async () => (await (await fetch(`${services['reporting']!.url}/status`, { headers: bearer(devToken('admin', { sub: 'perf' })) })).json()) as Status;
    const atEnd = await status();
    let s = atEnd;
    while (!s.active?.caughtUp) {
      await new Promise((r) => setTimeout(r, 500));
      s = await status();
    }
    const caughtUpS = (Date.now() - started) / 1000;
    const events = (s.active?.topics ?? []).reduce((n, t) => n + t.partitions.reduce((m, p) => m + Number(p.highWatermark ?? 0), 0), 0);
    console.log(
      [
        `replayed ${result.commands} commands in ${result.buckets} hours: ${replayS.toFixed(0)} s, ${(result.commands / replayS).toFixed(0)} commands/s`,
        `time split: clocks ${(result.timings.clockMs / 1000).toFixed(0)} s, policy view waits ${(result.timings.policyViewMs / 1000).toFixed(0)} s`,
        `Kafka events: ${events}, ${(events / caughtUpS).toFixed(0)} events/s end to end`,
        `reporting lag when the replay ended: ${atEnd.active?.lag ?? 'unknown'} events; caught up ${(caughtUpS - replayS).toFixed(1)} s later`,
      ].join('\n'),
    );
    // Caught up means level with what was published; the relays may still hold a last page: wait until
    // the marks stay put three polls in a row before reading the figures.
    let previous = '';
    for (let stable = 0; stable < 3; ) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await status();
      const marks = JSON.stringify(now.active?.topics.map((t) => t.partitions.map((p) => p.highWatermark)));
      stable = now.active?.caughtUp && marks === previous ? stable + 1 : 0;
      previous = marks;
    }
    const query = `programmeYear=2021&asOf=${encodeURIComponent(plan.asOf)}`;
    const actual = await reportingFigures(services['reporting']!.url, bearer(devToken('admin', { sub: 'perf' })), query, result.state);
    const expected = { total: truth.total, byCity: truth.byCity, byCounty: truth.byCounty, byChannel: truth.byChannel, ranking: truth.ranking, referrers: truth.referrers };
    const e = flatten('', expected, new Map());
    const a = flatten('', actual, new Map());
    const differing = [...e].filter(([k, v]) => a.get(k) !== v);
    const extra = [...a.keys()].filter((k) => !e.has(k));
    const t = truth.total;
    const yuan = (fen: string) => (Number(BigInt(fen) / 100n) + Number(BigInt(fen) % 100n) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    const seed = REFERENCE_CITY;
    const seedRows: [string, string, string, string][] = [
      ['households', seed.households.toLocaleString('en-US'), t.households, a.get('total.households') ?? '(missing)'],
      ['premium (yuan)', seed.premiumYuan.toLocaleString('en-US'), yuan(t.premiumFen), yuan(a.get('total.premiumFen') ?? '0')],
      ['people paid', seed.paid.persons.toLocaleString('en-US'), t.personsPaid, a.get('total.personsPaid') ?? '(missing)'],
      ['amount paid (yuan)', seed.paid.amountYuan.toLocaleString('en-US'), yuan(t.amountPaidFen), yuan(a.get('total.amountPaidFen') ?? '0')],
      ['loss ratio (bp)', '7430 (74.3 %)', String(t.lossRatio.basisPoints), a.get('total.lossRatio.basisPoints') ?? '(missing)'],
      ['average payout per person (fen)', '311,600 (3,116 yuan)', String(t.averagePayoutPerPerson.roundedFen), a.get('total.averagePayoutPerPerson.roundedFen') ?? '(missing)'],
      ['referrers', String(seed.referrers), String(Object.keys(truth.referrers).length), String(Object.keys(actual.referrers).length)],
      ['mobile storefront households', seed.mobile.households.toLocaleString('en-US'), t.mobileStorefront.households, a.get('total.mobileStorefront.households') ?? '(missing)'],
      ['mobile storefront persons', seed.mobile.persons.toLocaleString('en-US'), t.mobileStorefront.persons, a.get('total.mobileStorefront.persons') ?? '(missing)'],
      ['mobile storefront premium (yuan)', seed.mobile.premiumYuan.toLocaleString('en-US'), yuan(t.mobileStorefront.premiumFen), yuan(a.get('total.mobileStorefront.premiumFen') ?? '0')],
      ['timely issuance (bp)', '-', String(t.timelyIssuance.basisPoints), a.get('total.timelyIssuance.basisPoints') ?? '(missing)'],
      ['timely delivery (bp)', '-', String(t.timelyDelivery.basisPoints), a.get('total.timelyDelivery.basisPoints') ?? '(missing)'],
      ['claim satisfaction (bp)', '-', String(t.claimSatisfaction.basisPoints), a.get('total.claimSatisfaction.basisPoints') ?? '(missing)'],
    ];
    const w = [34, 22, 16, 16];
    console.log(['', `${'figure'.padEnd(w[0]!)}${'seed table'.padStart(w[1]!)}${'ground truth'.padStart(w[2]!)}${'reporting API'.padStart(w[3]!)}`, ...seedRows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[0]!) : c.padStart(w[i]!))).join(''))].join('\n'));
    console.log(`${e.size} figures compared (totals, by city, county and channel, rankings, every referrer): ${differing.length} differ, ${extra.length} shown by the API but not in the ground truth`);
    for (const [k, v] of differing.slice(0, 20)) console.log(`  DIFFERS ${k}: ground truth ${v}, reporting ${a.get(k) ?? '(missing)'}`);
    if (differing.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all(Object.values(services).map((x) => x.stop()));
    await Promise.all(dbs.map((d) => d.drop()));
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
