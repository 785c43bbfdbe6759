/**
 * Claims read-model benchmark (not part of `npm test`):
 *
 *   node -r @swc-node/register test/perf/queue.bench.ts [--claims=1000000] [--seconds=3] [--keep] [--reuse=<database>]
 *
 * Fills the queue and timeline read models with synthetic claims straight through the projection writer
 * (batched, as the subscription writes pages), then measures, each beside a plain indexed SELECT of the
 * same rows in the same run:
 *  - a county's queue page (top 50), 8 concurrent readers;
 *  - next-claim with 16 concurrent handlers in one county (asserting no claim is handed out twice);
 *  - the timeline of a 30-event claim (read model), and the same claim `asOf` (folded from the event store).
 * The service layer is measured (the code the controllers call), not HTTP. Runs in a database it creates
 * and drops (kept with --keep; --reuse measures again on a kept one without filling it).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { claimStreamName, encodeClaimEvent } from '@fpi/claims-domain';
import { PostgresEventStore, type JsonObject } from '@fpi/event-store';
import { ManualClock, RegionScope, type Principal } from '@fpi/platform';
import { createTestDatabase, resolvePostgresUrl, type TestDatabase } from '@fpi/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark drives the claims app's own writer and readers; no library exposes them
import * as app from '../../apps/claims/src/queue/testing/bench-support';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const CLAIMS = arg('claims', 1_000_000);
const SECONDS = arg('seconds', 3);
const BATCH = arg('batch', 2_000);
const TEMPLATES = arg('templates', 3_000);
const COUNTIES = 40;
const HOT = '330101';
const SPAN_DAYS = 90;
const NOW = app.day(SPAN_DAYS + 5);
const THIRTY = 200;
const KEEP = process.argv.includes('--keep');
const REUSE = process.argv.find((a) => a.startsWith('--reuse='))?.split('=')[1];

async function existingDatabase(name: string): Promise<TestDatabase> {
  const url = new URL(await resolvePostgresUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => Promise.reject(new Error('a reused database is not dropped')) };
}

const countyOf = (n: number): string => (n % 10 === 0 ? HOT : `3301${String(2 + (Math.floor(n / 10) % (COUNTIES - 1))).padStart(2, '0')}`);
const villageOf = (n: number): string => `${countyOf(n)}${String(1 + (n % 7)).padStart(3, '0')}${String(1 + (n % 5)).padStart(3, '0')}`;
const claimIdOf = (n: number): string => `c${String(n).padStart(7, '0')}`;

interface Measured {
  name: string;
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** `workers` loops running `op` as fast as they can for `seconds`; throughput and latency percentiles. */
async function measure(name: string, workers: number, seconds: number, op: (worker: number) => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op(w);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, ops: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * The contenders measured in alternating rounds (each round runs every contender once), so drift on a
 * shared machine hits each alike. Rounds are equally long: the rate is the mean rate, the percentiles
 * those of the worst round.
 */
async function compare(workers: number, contenders: [name: string, op: (w: number) => Promise<void>][], rounds = 2): Promise<Measured[]> {
  const parts: Measured[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [name, op]] of contenders.entries()) parts[i]!.push(await measure(name, workers, SECONDS, op));
  }
  return parts.map(merge);
}

function merge(parts: Measured[]): Measured {
  return {
    name: parts[0]!.name,
    ops: parts.reduce((s, m) => s + m.ops, 0),
    perSecond: parts.reduce((s, m) => s + m.perSecond, 0) / parts.length,
    p50: Math.max(...parts.map((m) => m.p50)),
    p99: Math.max(...parts.map((m) => m.p99)),
  };
}

const rows: string[] = [];
const line = (m: Measured, note = '') =>
  `${m.name.padEnd(50)} ${m.perSecond.toFixed(0).padStart(7)} /s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(6)} ms${note ? `  ${note}` : ''}`;
/** Prints the baselines, then ours with its ratio to each baseline. */
function report(ours: Measured, baselines: Measured[], note = ''): void {
  const ratios = baselines.map((b) => `${(ours.perSecond / b.perSecond).toFixed(2)}x ${b.name.split(', ').pop()}`).join(', ');
  const lines = [...baselines.map((b) => line(b)), line(ours, `= ${ratios}${note ? `  ${note}` : ''}`)];
  rows.push(...lines, '');
  console.log(lines.join('\n'));
}

/** Templates from the real decider, copied per claim, folded and written by the projection writer in batches. */
async function fill(db: TestDatabase, store: PostgresEventStore, fillPool: Pool, pool: Pool, thirty: string[]): Promise<void> {
  const random = app.seededRandom(20_251_128);
  const templates = app.makeTemplates(TEMPLATES, SPAN_DAYS, random);
  const writer = new app.ClaimProjectionWriter(fillPool);
  const fillStart = performance.now();
  let next = 0;
  let events = 0;
  let lastLog = 0;
  const worker = async () => {
    while (next < CLAIMS) {
      const from = next;
      next = Math.min(CLAIMS, next + BATCH);
      const batch: app.StreamEvent[] = [];
      for (let n = from; n < next; n++) {
        const template = templates[Math.floor(random() * templates.length)] as app.Template;
        batch.push(...app.asStream(app.copyTemplate(template, claimIdOf(n), villageOf(n))));
      }
      events += batch.length;
      await writer.apply(batch);
      if (next - lastLog >= 100_000 || next === CLAIMS) {
        lastLog = next;
        const s = (performance.now() - fillStart) / 1000;
        console.log(`  filled ${next.toLocaleString()} claims, ${events.toLocaleString()} events in ${s.toFixed(0)} s (${(next / s).toFixed(0)} claims/s)`);
      }
    }
  };
  // Two batches in flight: one folding in Node while the other is written by PostgreSQL.
  await Promise.all([worker(), worker()]);

  // Thirty-event claims in the hot county, in the event store too (for asOf), projected the same way.
  for (const claimId of thirty) {
    const story = app.thirtyEventClaim(claimId, `${HOT}001001`);
    await store.appendToStream(claimStreamName(story.claimId), story.events.map((e) => encodeClaimEvent(e) as { type: string; data: JsonObject }));
    await writer.apply(story.stream);
  }
  // Some volume in the event store as well, so its index is not trivially small.
  await pool.query(`INSERT INTO es_events (stream_name, revision, event_id, event_type, data)
                    SELECT 'claim-filler-' || (g / 10), g % 10, gen_random_uuid(), 'ClaimDocumentsReceived', '{"documents":[]}'::jsonb FROM generate_series(0, 999999) g`);
  console.log(`fill of ${db.name}: ${CLAIMS.toLocaleString()} claims / ${events.toLocaleString()} events in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);
  await pool.query('VACUUM ANALYZE');
}

async function main(): Promise<void> {
  const db = REUSE ? await existingDatabase(REUSE) : await createTestDatabase('queue_bench');
  console.log(`database ${db.name}; ${CLAIMS.toLocaleString()} claims in ${COUNTIES} counties (10 % in ${HOT}), batches of ${BATCH}`);
  if (!REUSE) {
    const ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: [...app.QUEUE_MIGRATIONS, ...app.TIMELINE_MIGRATIONS, ...app.SUPERVISION_MIGRATIONS],
      migrationsTableName: 'schema_migrations',
    });
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
  }
  const store = await PostgresEventStore.connect({ connectionString: db.url, max: 4 });
  // The fill is a bulk load, not a measurement: its commits need not wait for the disk.
  const fillPool = new Pool({ connectionString: db.url, max: 4, options: '-c synchronous_commit=off' });
  const pool = new Pool({ connectionString: db.url, max: 40 });
  const thirty = Array.from({ length: THIRTY }, (_, i) => `t30-${String(i).padStart(3, '0')}`);
  try {
    if (!REUSE) await fill(db, store, fillPool, pool, thirty);
    const sizes = await pool.query<{ t: string; n: string; size: string }>(
      `SELECT relname AS t, n_live_tup AS n, pg_size_pretty(pg_total_relation_size(relid)) AS size FROM pg_stat_user_tables
        WHERE relname IN ('queue_claims', 'queue_claim_states', 'timeline_entries', 'es_events') ORDER BY relname`,
    );
    const open = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM queue_claims WHERE county_code = $1 AND action IS NOT NULL`, [HOT]);
    // --claims describes a fill; a reused database has the claims it was filled with.
    const claims = REUSE ? Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM queue_claims WHERE claim_id LIKE 'c%'`)).rows[0]?.n) : CLAIMS;
    for (const r of sizes.rows) console.log(`  ${r.t.padEnd(20)} ${Number(r.n).toLocaleString().padStart(12)} rows  ${r.size}`);
    console.log(`  ${HOT} has ${Number(open.rows[0]?.n).toLocaleString()} claims waiting for action\n`);

    const clock = new ManualClock(NOW);
    const limits = { pageSizeDefault: 50, pageSizeMax: 200, exportRowsMax: 50_000 };
    const options = app.DEFAULT_QUEUE_OPTIONS;
    const reader = new app.QueueReader(pool, clock, limits, options);
    const leases = new app.QueueLeases(pool, clock, options);
    const timelines = new app.TimelineReader(pool, store, clock, limits);
    const handler = (i: number): Principal => ({ sub: `bench-handler-${i}`, role: 'handler', region: HOT, via: 'jwt' });
    const scope = RegionScope.forPrincipal(handler(0));
    const warm = (fn: () => Promise<unknown>) => measure('warm-up', 4, 0.5, async () => void (await fn()));

    // 1. A county's queue page, top 50.
    const pageSql = `SELECT ${app.QUEUE_ITEM_COLUMNS} FROM queue_claims q WHERE q.county_code = $1 AND q.action IS NOT NULL ORDER BY q.queue_rank, q.claim_id LIMIT 51`;
    const ourPage = () => reader.list({ county: HOT, pageSize: '50' }, handler(0), scope);
    const plainPage = () => pool.query(pageSql, [HOT]);
    const [mine, theirs] = await Promise.all([ourPage(), plainPage()]);
    if (mine.items.map((i) => i.claimId).join() !== theirs.rows.slice(0, 50).map((r: { claim_id: string }) => r.claim_id).join()) throw new Error('queue page differs from the plain SELECT');
    await warm(ourPage);
    await warm(plainPage);
    const plainPagePrepared = () => pool.query({ name: 'bench_page', text: pageSql, values: [HOT] });
    const [page, pagePlain, pagePrepared] = await compare(8, [
      ['queue page (top 50), read model', async () => void (await ourPage())],
      ['queue page (top 50), plain SELECT', async () => void (await plainPage())],
      ['queue page (top 50), plain SELECT prepared', async () => void (await plainPagePrepared())],
    ]);
    report(page!, [pagePlain!, pagePrepared!]);

    // 2. Next-claim, 16 concurrent handlers in one county; every claim handed out must be unique.
    let holders = new Map<string, string>();
    let duplicates = 0;
    const take = async (w: number) => {
      const item = await leases.next(handler(w), scope, {});
      if (!item) throw new Error('the county ran out of claims; lower --seconds');
      if (holders.has(item.claimId)) duplicates += 1;
      holders.set(item.claimId, `bench-handler-${w}`);
    };
    const freeSql = `SELECT ${app.QUEUE_ITEM_COLUMNS} FROM queue_claims q WHERE q.county_code = $1 AND q.action IS NOT NULL AND q.assignee IS NULL ORDER BY q.queue_rank, q.claim_id LIMIT 1`;
    const rawTake = `UPDATE queue_claims q SET assignee = $2, lease_taken_at = $3, lease_expires_at = $4
                       FROM (SELECT c.claim_id FROM queue_claims c WHERE c.county_code = $1 AND c.action IS NOT NULL AND c.assignee IS NULL
                              ORDER BY c.queue_rank, c.claim_id LIMIT 1 FOR UPDATE SKIP LOCKED) pick
                      WHERE q.claim_id = pick.claim_id RETURNING ${app.QUEUE_ITEM_COLUMNS}`;
    const release = async () => {
      await pool.query(`UPDATE queue_claims SET assignee = NULL, lease_expires_at = NULL, lease_taken_at = NULL WHERE county_code = $1 AND assignee IS NOT NULL`, [HOT]);
      await pool.query('VACUUM queue_claims');
    };
    await warm(() => pool.query(freeSql, [HOT]));
    const plainRounds: Measured[] = [];
    const ourRounds: Measured[] = [];
    let handedOut = 0;
    const preparedRounds: Measured[] = [];
    for (let round = 0; round < 2; round++) {
      plainRounds.push(await measure('next-claim x16, plain SELECT of the top row', 16, SECONDS, async () => void (await pool.query(freeSql, [HOT]))));
      preparedRounds.push(await measure('next-claim x16, plain SELECT prepared', 16, SECONDS, async () => void (await pool.query({ name: 'bench_free', text: freeSql, values: [HOT] }))));
      holders = new Map();
      const ours = await measure('next-claim x16, read model (lock + lease)', 16, SECONDS, take);
      const held = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM queue_claims WHERE county_code = $1 AND assignee IS NOT NULL`, [HOT]);
      // Every call got a claim, no claim went to two handlers, and the table agrees with what the handlers received.
      if (duplicates !== 0 || Number(held.rows[0]?.n) !== holders.size || holders.size !== ours.ops) {
        throw new Error(`next-claim handed out a claim twice: ${duplicates} duplicates, ${holders.size} distinct of ${ours.ops} calls, ${held.rows[0]?.n} held`);
      }
      handedOut += holders.size;
      ourRounds.push(ours);
      await release();
    }
    const ours = merge(ourRounds);
    report(ours, [merge(plainRounds), merge(preparedRounds)], `(${handedOut.toLocaleString()} claims handed out, none twice)`);
    const rawIds = new Set<string>();
    const rawOps = await measure('next-claim x16, bare SKIP LOCKED UPDATE', 16, SECONDS, async (w) => {
      const now = clock.now();
      const r = await pool.query<{ claim_id: string }>(rawTake, [HOT, `raw-${w}`, now, new Date(now.getTime() + 1_800_000)]);
      if (r.rows[0]) rawIds.add(r.rows[0].claim_id);
    });
    const raw = line(rawOps, `(write baseline; ours = ${(ours.perSecond / rawOps.perSecond).toFixed(2)}x; ${rawIds.size} distinct of ${rawOps.ops})`);
    rows.push(raw, '');
    console.log(raw);
    await release();

    // 3. The timeline of a 30-event claim, from the read model and as of an instant (event store fold).
    const pick = () => thirty[Math.floor(Math.random() * thirty.length)] as string;
    const lineSql = `SELECT ${app.ENTRY_COLUMNS} FROM timeline_entries t WHERE t.claim_id = $1 ORDER BY t.revision`;
    const sample = await timelines.timeline(thirty[0] as string, undefined, scope);
    if (sample.entries.length !== 30) throw new Error(`expected 30 lines, got ${sample.entries.length}`);
    await warm(() => timelines.timeline(pick(), undefined, scope));
    await warm(() => pool.query(lineSql, [pick()]));
    const [tl, tlPlain, tlPrepared] = await compare(8, [
      ['timeline (30 events), read model', async () => void (await timelines.timeline(pick(), undefined, scope))],
      ['timeline (30 events), plain SELECT', async () => void (await pool.query(lineSql, [pick()]))],
      ['timeline (30 events), plain SELECT prepared', async () => void (await pool.query({ name: 'bench_lines', text: lineSql, values: [pick()] }))],
    ]);
    report(tl!, [tlPlain!, tlPrepared!]);
    const asOf = app.day(12);
    const streamSql = 'SELECT * FROM es_events WHERE stream_name = $1 ORDER BY revision';
    const [fold, foldPlain] = await compare(8, [
      ['timeline asOf (30-event fold), event store', async () => void (await timelines.timeline(pick(), asOf, scope))],
      ['timeline asOf, plain SELECT of the stream', async () => void (await pool.query(streamSql, [claimStreamName(pick())]))],
    ]);
    report(fold!, [foldPlain!]);
    console.log(`\nsummary (${claims.toLocaleString()} claims, ${SECONDS} s x 2 rounds each)\n${rows.join('\n')}`);
  } finally {
    await pool.end();
    await fillPool.end();
    await store.close();
    if (KEEP || REUSE) console.log(`kept database ${db.name}`);
    else await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
