import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { netPaidFen } from '@fpi/claims-domain';
import { createKafka, ensureTopics } from '@fpi/messaging';
import {
  computeGroundTruth,
  createTestDatabase,
  eventually,
  planProgrammeYear,
  RANKING_MEASURES,
  REFERENCE_CITY,
  resolveKafkaBrokers,
  runPlan,
  scaleCity,
  SECOND_CITY,
  startServiceProcess,
  type DriverState,
  type GroundTruth,
  type ServiceProcess,
  type TestDatabase,
} from '@fpi/testing';
import { consumerGroupCaughtUp } from '../support/kafka-progress';
import { flatten, fromApi, type ApiFigures } from '../support/reporting-figures';
import { bearer, devToken } from '../support/tokens';
import { distinctById, readFromStart, storedClaims, type ReadMessage } from '../support/topic-history';

/**
 * Issue 8, the acceptance test: a synthetic programme year of two cities is replayed through the real
 * services' public HTTP APIs on controlled clocks (enrollment and claims -> real Kafka -> reporting), and
 * every figure the reporting API shows must equal the generator's ground truth exactly, computed from the
 * plan alone. The integrator's settlement topic must hold exactly one ClaimSettled per paid claim.
 *
 * Scale: ACCEPTANCE_SCALE (default 1/500 of the two reference cities: about 290 households, 11 claims of
 * every outcome, about 2,500 commands) keeps it within the suite's budget on a 2-core machine, where the
 * services take about 50 ms a command; 1/100 takes over ten minutes there.
 */
const SCALE = Number(process.env['ACCEPTANCE_SCALE'] ?? 1 / 500);
const SEED = Number(process.env['ACCEPTANCE_SEED'] ?? 20210801);

describe('acceptance: a synthetic programme year through the real services equals its ground truth', () => {
  const run = randomUUID().slice(0, 8);
  const topics = {
    enrollment: `acc-${run}.enrollment.events`,
    claims: `acc-${run}.claims.events`,
    settlements: `acc-${run}.claims.settlements`,
  };
  const policyViewGroup = `acc-${run}.claims.policy-view`;
  const plan = planProgrammeYear({ seed: SEED, programmeYear: 2021, cities: [scaleCity(REFERENCE_CITY, SCALE), scaleCity(SECOND_CITY, SCALE)] });
  const truth: GroundTruth = computeGroundTruth(plan);
  const dbs: TestDatabase[] = [];
  const databases: Partial<Record<'enrollment' | 'claims' | 'reporting', TestDatabase>> = {};
  const services: Partial<Record<'enrollment' | 'claims' | 'reporting', ServiceProcess>> = {};
  let brokers: string[];
  let state: DriverState;
  let claimEvents = 0;
  const admin = bearer(devToken('admin', { sub: 'acceptance-reader' }));
  const started = Date.now();
  const compared: { figure: string; expected: string; actual: string }[] = [];

  beforeAll(async () => {
    brokers = await resolveKafkaBrokers();
    const kafka = createKafka({ clientId: `acceptance-${run}`, brokers });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
    // The per-principal rate limit protects production from a runaway client; the generator is one
    // principal issuing a year of commands in minutes, so it is lifted here.
    const common = { KAFKA_BROKERS: brokers.join(','), CLOCK_MODE: 'controlled', NODE_ENV: 'test', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' };
    const env: Record<'enrollment' | 'claims' | 'reporting', Record<string, string>> = {
      // The sweep moves policies into force by the clock; the figures do not depend on it, so it stays off.
      enrollment: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, LIFECYCLE_SWEEP_INTERVAL_MS: '0' },
      claims: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, CLAIM_EVENTS_TOPIC: topics.claims, SETTLEMENTS_TOPIC: topics.settlements, POLICY_VIEW_CONSUMER_GROUP: policyViewGroup },
      reporting: { ENROLLMENT_EVENTS_TOPIC: topics.enrollment, CLAIM_EVENTS_TOPIC: topics.claims, PROJECTION_GROUP_PREFIX: `acc-${run}.reporting` },
    };
    await Promise.all(
      (['enrollment', 'claims', 'reporting'] as const).map(async (name) => {
        const db = await createTestDatabase(`e2e_acceptance_${name}`);
        dbs.push(db);
        databases[name] = db;
        services[name] = await startServiceProcess(name, { ...common, ...env[name], DATABASE_URL: db.url }, 60_000);
      }),
    );
  }, 180_000);

  afterAll(async () => {
    // The services' own logs, for a failure to be read after the processes are gone.
    for (const [name, s] of Object.entries(services)) if (s) writeFileSync(path.join(tmpdir(), `fpi-acceptance-${name}.log`), s.output());
    await Promise.all(Object.values(services).map((s) => s?.stop()));
    await Promise.all(dbs.map((d) => d.drop()));
  }, 60_000);

  const get = async <T>(path: string): Promise<T> => {
    // Comparing figures of a replay that failed would only bury the first failure under consequences.
    if (!state) throw new Error('the replay did not complete; see the first test');
    const r = await fetch(`${services.reporting!.url}${path}`, { headers: admin });
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${await r.text()}`);
    return (await r.json()) as T;
  };
  const query = `programmeYear=2021&asOf=${encodeURIComponent(plan.asOf)}`;

  /** One query on a service's database, read directly (the reconciliation checks what each stage holds). */
  const sql = async <T>(db: TestDatabase | undefined, text: string): Promise<T[]> => {
    const client = new Client({ connectionString: db?.url });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const compare = (label: string, expected: unknown, actual: unknown) => {
    const e = flatten(label, expected, new Map());
    const a = flatten(label, actual, new Map());
    for (const [k, v] of e) compared.push({ figure: k, expected: v, actual: a.get(k) ?? '(missing)' });
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(e));
  };

  it('replays the year through the public APIs, hour by hour on controlled clocks', async () => {
    const kafka = createKafka({ clientId: `acceptance-view-${run}`, brokers });
    let last = 0;
    const policyView = consumerGroupCaughtUp(kafka, topics.enrollment, policyViewGroup);
    const result = await runPlan(plan, {
      urls: { enrollment: services.enrollment!.url, claims: services.claims!.url, reporting: services.reporting!.url },
      tokenFor: (role, region, sub) => devToken(role, { sub, region }),
      concurrency: 8,
      awaitPolicyView: policyView.wait,
      onProgress: (p) => {
        if (Date.now() - last > 15_000) {
          last = Date.now();
          process.stdout.write(`acceptance: bucket ${p.bucketsDone}/${p.bucketsTotal} (${p.bucket}), ${p.commands} commands\n`);
        }
      },
    });
    await policyView.close();
    state = result.state;
    const t = result.timings;
    process.stdout.write(
      `acceptance: ${plan.households.length} households, ${plan.claims.length} claims, ${result.commands} commands in ${result.buckets} hour buckets, ${(result.ms / 1000).toFixed(1)} s ` +
        `(clocks ${(t.clockMs / 1000).toFixed(1)} s, policy view ${(t.policyViewMs / 1000).toFixed(1)} s, commands ${(t.commandMs / 1000).toFixed(1)} s summed)\n`,
    );
    // Every claim event the replay caused (the claim's revision counts its stream from 0): reporting must
    // have them all, not just be level with what the claims relay happened to have published so far.
    const claimsAdmin = bearer(devToken('admin', { sub: 'acceptance-reader' }));
    for (const id of Object.values(state.claims)) {
      const r = await fetch(`${services.claims!.url}/claims/${id}`, { headers: claimsAdmin });
      expect(r.status).toBe(200);
      claimEvents += Number(((await r.json()) as { revision: number }).revision) + 1;
    }
    expect(Object.keys(state.households)).toHaveLength(plan.households.length);
    expect(Object.keys(state.claims)).toHaveLength(plan.claims.filter((c) => c.reportedAt <= plan.asOf).length);
  }, 420_000);

  it('waits for the projections to reach every partition’s end (checkpoints, not sleeps)', async () => {
    type Status = { active: { caughtUp: boolean; topics: { topic: string; partitions: { highWatermark: string | null; appliedOffset: string }[] }[] } | null };
    let previous = '';
    let stable = 0;
    await eventually(
      async () => {
        const s = await get<Status>('/status');
        const marks = JSON.stringify(s.active?.topics.map((t) => t.partitions.map((p) => [p.highWatermark, p.appliedOffset])));
        // Caught up on both topics, three times in a row with nothing new published in between (the
        // services' outbox relays publish right after their commands, so nothing more is coming).
        const claimsPublished = (s.active?.topics.find((t) => t.topic === topics.claims)?.partitions ?? []).reduce((n, p) => n + Number(p.highWatermark ?? 0), 0);
        stable = s.active?.caughtUp && marks === previous && claimsPublished >= claimEvents ? stable + 1 : 0;
        previous = marks;
        return stable >= 3 ? true : undefined;
      },
      'reporting to apply every published event',
      120_000,
      300,
    );
  }, 150_000);

  it('shows the programme totals of the ground truth exactly', async () => {
    const summary = await get<{ rows: { figures: ApiFigures }[] }>(`/reports/summary?${query}`);
    compare('total', truth.total, fromApi(summary.rows[0]!.figures));
    // The plan has every outcome, so the comparison is not vacuous.
    expect(Number(truth.total.claims.paid)).toBeGreaterThan(0);
    expect(Number(truth.total.claims.rejected)).toBeGreaterThan(0);
    expect(Number(truth.total.claims.withdrawn)).toBeGreaterThan(0);
    expect(Number(truth.total.timelyIssuance.late) + Number(truth.total.timelyIssuance.openOverdue)).toBeGreaterThan(0);
    // Fast track and promptness too: green-channel claims, one of them past its target, and paid claims timed.
    expect(Number(truth.total.claims.fastTracked)).toBeGreaterThan(0);
    expect(Number(truth.total.fastTrack.timeliness.denominator)).toBeGreaterThan(Number(truth.total.fastTrack.timeliness.numerator));
    expect(Number(truth.total.fastTrack.timeliness.numerator)).toBeGreaterThan(0);
    expect(Number(truth.total.promptness.claims)).toBeGreaterThan(0);
  }, 60_000);

  it.each(['city', 'county', 'channel'] as const)('shows the figures by %s exactly', async (dimension) => {
    const summary = await get<{ rows: { group: Record<string, string | null>; figures: ApiFigures }[] }>(`/reports/summary?${query}&groupBy=${dimension}`);
    const actual = Object.fromEntries(summary.rows.map((r) => [String(r.group[dimension]), fromApi(r.figures)]));
    const expected = dimension === 'city' ? truth.byCity : dimension === 'county' ? truth.byCounty : truth.byChannel;
    compare(dimension, expected, actual);
  }, 60_000);

  it('ranks cities and counties as the ground truth does', async () => {
    for (const level of ['city', 'county'] as const) {
      for (const by of RANKING_MEASURES) {
        const r = await get<{ entries: { rank: number; key: string; value: string }[] }>(`/reports/ranking?${query}&level=${level}&by=${by}`);
        compare(`ranking.${level}.${by}`, truth.ranking[level][by], r.entries.map((e) => ({ rank: e.rank, key: e.key, value: e.value })));
      }
    }
  }, 60_000);

  it('shows every referrer’s productivity exactly', async () => {
    const items: { referrerId: string; households: string; persons: string; premiumFen: string; villages: string; claimsReported: string; amountPaidFen: string }[] = [];
    for (let page = 1; ; page++) {
      const r = await get<{ total: number; items: typeof items }>(`/reports/referrers?${query}&pageSize=500&page=${page}`);
      items.push(...r.items);
      if (items.length >= r.total || r.items.length === 0) break;
    }
    const keyOf = new Map(Object.entries(state.referrers).map(([k, id]) => [id, k]));
    const actual = Object.fromEntries(
      items.map(({ referrerId, households, persons, premiumFen, villages, claimsReported, amountPaidFen }) => [keyOf.get(referrerId) ?? referrerId, { households, persons, premiumFen, villages, claimsReported, amountPaidFen }]),
    );
    compare('referrers', truth.referrers, actual);
  }, 60_000);

  it('puts exactly one ClaimSettled per paid claim on the settlement topic (after de-duplication by ce_id)', async () => {
    const settled = (ms: readonly ReadMessage[]) => distinctById(ms).filter((m) => m.value['type'] === 'ClaimSettled');
    // A moment more once every paid claim has one, so that an extra (duplicate) settlement would be seen too.
    const messages = await readFromStart(brokers, [topics.settlements], (ms) => settled(ms).length >= truth.paidClaims, 'every settlement on the topic', 1500);
    const paidIds = plan.claims.filter((c) => c.outcome === 'paid' && c.paidAt !== null && c.paidAt <= plan.asOf).map((c) => state.claims[c.key]).sort();
    const perClaim = new Map<string, number>();
    for (const s of settled(messages)) perClaim.set(s.value['claimId'] as string, (perClaim.get(s.value['claimId'] as string) ?? 0) + 1);
    compared.push({ figure: 'settlements.ClaimSettled', expected: String(truth.paidClaims), actual: String(settled(messages).length) });
    expect([...perClaim.keys()].sort()).toEqual(paidIds);
    expect([...perClaim.values()].every((n) => n === 1)).toBe(true);
  }, 90_000);

  it('reconciles paid claims per county and day, to the fen, across the event store, the settlement topic and both read models', async () => {
    if (!state) throw new Error('the replay did not complete; see the first test');
    type Tally = Map<string, { claims: number; fen: bigint }>;
    const add = (t: Tally, key: string, fen: bigint) => {
      const v = t.get(key) ?? { claims: 0, fen: 0n };
      t.set(key, { claims: v.claims + 1, fen: v.fen + fen });
    };
    const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
    const byCounty = (t: Tally): Tally => {
      const out: Tally = new Map();
      for (const [key, v] of t) {
        const county = key.slice(0, 6);
        const c = out.get(county) ?? { claims: 0, fen: 0n };
        out.set(county, { claims: c.claims + v.claims, fen: c.fen + v.fen });
      }
      return out;
    };
    const sorted = (t: Tally) => Object.fromEntries([...t].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, `${v.claims} claims, ${v.fen} fen`]));

    // 1. The event store: every claim stream folded by the domain's own rules.
    const stored: Tally = new Map();
    for (const { claim } of await storedClaims(databases.claims?.url ?? '')) {
      if (claim.status === 'empty') continue;
      const paid = netPaidFen(claim);
      if (paid > 0n && claim.coverage && claim.steps.paidAt) add(stored, `${claim.coverage.regionCode}|${chinaDay(claim.steps.paidAt)}`, paid);
    }

    // 2. What was published: the newest settlement message of every claim (de-duplicated by ce_id, later sequence wins).
    const published: Tally = new Map();
    type Settlement = { claimId: string; sequence: number; regionCode: string; amounts: { paidFen: string }; steps: { paidAt: string | null } };
    const newestOf = (ms: readonly ReadMessage[]) => {
      const newest = new Map<string, { sequence: number; regionCode: string; paidFen: string; paidAt: string | null }>();
      for (const m of distinctById(ms)) {
        const v = m.value as unknown as Settlement;
        const seen = newest.get(v.claimId);
        if (!seen || seen.sequence < v.sequence) newest.set(v.claimId, { sequence: v.sequence, regionCode: v.regionCode, paidFen: v.amounts.paidFen, paidAt: v.steps.paidAt });
      }
      return newest;
    };
    const newest = newestOf(await readFromStart(brokers, [topics.settlements], (ms) => [...newestOf(ms).values()].filter((n) => BigInt(n.paidFen) > 0n).length >= truth.paidClaims, 'the settlements'));
    for (const n of newest.values()) if (BigInt(n.paidFen) > 0n && n.paidAt) add(published, `${n.regionCode}|${chinaDay(n.paidAt)}`, BigInt(n.paidFen));

    // 3. The claims service's read model (no payment day there: per county).
    const summaries: Tally = new Map();
    for (const r of await sql<{ county: string; claims: number; fen: string }>(
      databases.claims,
      `SELECT left(region_code, 6) AS county, count(*)::int AS claims, sum(paid_fen)::text AS fen FROM claims_summaries WHERE paid_fen > 0 GROUP BY 1`,
    )) {
      summaries.set(r.county, { claims: r.claims, fen: BigInt(r.fen) });
    }

    // 4. Reporting's read model, behind the figures.
    const facts: Tally = new Map();
    for (const r of await sql<{ key: string; claims: number; fen: string }>(
      databases.reporting,
      `SELECT left(region_code, 6) || '|' || to_char(fully_paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS key, count(*)::int AS claims, sum(paid_fen)::text AS fen
         FROM rm.claim_facts WHERE paid_fen > 0 GROUP BY 1`,
    )) {
      facts.set(r.key, { claims: r.claims, fen: BigInt(r.fen) });
    }

    expect(stored.size).toBeGreaterThan(1);
    expect(sorted(published)).toEqual(sorted(stored));
    expect(sorted(facts)).toEqual(sorted(stored));
    expect(sorted(summaries)).toEqual(sorted(byCounty(stored)));
    const total = [...stored.values()].reduce((t, v) => t + v.fen, 0n);
    expect(total.toString()).toBe(String(truth.total.amountPaidFen));
    compared.push({ figure: 'reconciliation.paidFen (event store = topic = read models)', expected: String(truth.total.amountPaidFen), actual: total.toString() });
  }, 120_000);

  it('reconciles paid premium per county and day, to the fen, across enrollment\'s tables, its topic and reporting\'s policy facts', async () => {
    if (!state) throw new Error('the replay did not complete; see the first test');
    // Key: county and China day the premium was fully paid ('partial' while it is not); value: policies and paid fen.
    const tallyOf = (rows: { key: string; policies: number; fen: string }[]) => Object.fromEntries(rows.sort((a, b) => a.key.localeCompare(b.key)).map((r) => [r.key, `${r.policies} policies, ${r.fen} fen`]));
    const dayKey = (column: string) => `coalesce(to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'partial')`;
    const stored = tallyOf(
      await sql(databases.enrollment, `SELECT county_code || '|' || ${dayKey('premium_fully_paid_at')} AS key, count(*)::int AS policies, sum(paid_fen)::text AS fen FROM policies WHERE paid_fen > 0 GROUP BY 1`),
    );
    const facts = tallyOf(
      await sql(databases.reporting, `SELECT left(region_code, 6) || '|' || ${dayKey('premium_fully_paid_at')} AS key, count(*)::int AS policies, sum(paid_fen)::text AS fen FROM rm.policy_facts WHERE paid_fen > 0 GROUP BY 1`),
    );

    // What was published: the newest event of every policy on the enrollment topic (its snapshot is the policy's state).
    const admin = createKafka({ clientId: `acceptance-premium-${run}`, brokers }).admin();
    await admin.connect();
    const end = (await admin.fetchTopicOffsets(topics.enrollment)).reduce((n, p) => n + Number(p.high), 0);
    await admin.disconnect();
    const newest = new Map<string, { revision: number; county: string; paidFen: string; fullyPaidAt: string | null }>();
    for (const m of await readFromStart(brokers, [topics.enrollment], (ms) => ms.length >= end, `the ${end} enrollment events`)) {
      const v = m.value as { aggregateType: string; aggregateId: string; revision: number; data: { policy?: { paidFen: string; region: { countyCode: string }; timestamps: { premiumFullyPaidAt: string | null } } } };
      const p = v.data.policy;
      if (v.aggregateType !== 'policy' || !p) continue;
      const seen = newest.get(v.aggregateId);
      if (!seen || seen.revision < v.revision) newest.set(v.aggregateId, { revision: v.revision, county: p.region.countyCode, paidFen: p.paidFen, fullyPaidAt: p.timestamps.premiumFullyPaidAt });
    }
    const published = new Map<string, { policies: number; fen: bigint }>();
    for (const n of newest.values()) {
      if (BigInt(n.paidFen) === 0n) continue;
      const key = `${n.county}|${n.fullyPaidAt ? new Date(Date.parse(n.fullyPaidAt) + 8 * 3_600_000).toISOString().slice(0, 10) : 'partial'}`;
      const v = published.get(key) ?? { policies: 0, fen: 0n };
      published.set(key, { policies: v.policies + 1, fen: v.fen + BigInt(n.paidFen) });
    }

    expect(Object.keys(stored).length).toBeGreaterThan(1);
    expect(tallyOf([...published].map(([key, v]) => ({ key, policies: v.policies, fen: v.fen.toString() })))).toEqual(stored);
    expect(facts).toEqual(stored);
  }, 120_000);

  it('never wrote a generated personal value (ID number, name) to any service log', () => {
    if (!state) throw new Error('the replay did not complete; see the first test');
    const logs = Object.values(services).map((s) => s?.output() ?? '').join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const people = plan.households.flatMap((h) => h.members);
    const leaked = people.flatMap((m) => [m.idNumber, m.name]).filter((value) => logs.includes(value));
    expect(leaked).toEqual([]);
  });

  it('never put a generated personal value (ID number, name) on any topic, dead letters included', async () => {
    if (!state) throw new Error('the replay did not complete; see the first test');
    const admin = createKafka({ clientId: `acceptance-pii-${run}`, brokers }).admin();
    await admin.connect();
    const all = await admin.listTopics();
    const ours = all.filter((t) => t.startsWith(`acc-${run}.`));
    const ends = new Map<string, number>();
    for (const topic of ours) ends.set(topic, (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0));
    await admin.disconnect();
    // The three event topics at least, and whatever dead-letter topics the consumers made.
    expect(ours).toEqual(expect.arrayContaining(Object.values(topics)));
    const expected = [...ends.values()].reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(1000);
    const messages = await readFromStart(brokers, ours, (ms) => ms.length >= expected, `the ${expected} messages of the run's topics`);
    const texts = messages.map((m) => `${m.key} ${m.text} ${Object.entries(m.headers).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const everything = texts.join('\n');
    const people = plan.households.flatMap((h) => h.members);
    const leaked = people.flatMap((m) => [m.idNumber, m.name]).filter((value) => everything.includes(value));
    expect(leaked).toEqual([]);
    // Masked forms are there instead (first four and last four characters of an ID number).
    expect(people.some((m) => everything.includes(`${m.idNumber.slice(0, 4)}**********${m.idNumber.slice(-4)}`))).toBe(true);
  }, 120_000);

  afterAll(() => {
    // A short table of what was compared: the headline figures, and how many figures matched in all.
    const headline = compared.filter((c) => /^(total|city\.\d+)\.(households|persons|premiumFen|mobileStorefront\.\w+|claims\.\w+|amountPaidFen|personsPaid|lossRatio\.basisPoints|averagePayoutPerPerson\.roundedFen|timely\w+\.(numerator|denominator|basisPoints)|claimSatisfaction\.(numerator|denominator|basisPoints)|promptness\.\w+|fastTrack\.\w+\.(numerator|denominator|basisPoints))$|^settlements/.test(c.figure));
    const width = Math.max(...headline.map((c) => c.figure.length), 10);
    const lines = headline.map((c) => `${c.figure.padEnd(width)}  ${c.expected.padStart(12)}  ${c.actual.padStart(12)}  ${c.expected === c.actual ? 'ok' : 'DIFFERS'}`);
    const differing = compared.filter((c) => c.expected !== c.actual).length;
    process.stdout.write(
      [`${'figure'.padEnd(width)}  ${'ground truth'.padStart(12)}  ${'reporting'.padStart(12)}`, ...lines, `${compared.length} figures compared, ${differing} differ; ${((Date.now() - started) / 1000).toFixed(0)} s`].join('\n') + '\n',
    );
  });
});
