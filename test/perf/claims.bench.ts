/**
 * Claims service benchmark (not part of `npm test`):
 *
 *   node -r @swc-node/register test/perf/claims.bench.ts [--seconds=8] [--claims=3000] [--clients=1,8,32] [--split] [--show-log]
 *
 * (`--split` runs the command phases against an API instance with the background work in a second process.)
 *
 * (`CLAIMS_BENCH_PROFILE=/path/to/hook.js` preloads that module into the service process, e.g. an
 * inspector-based CPU profiler; `--show-log` prints the end of the service's output.)
 *
 * Runs the built claims service as a real process (it builds it first) on a fresh database and unique
 * topics of the local broker, and the example integrator (apps/claims/integrator-example) as a second
 * process, then measures, each beside a baseline taken in the same run:
 *   1. the command cycle report -> register -> assess -> approve -> schedule -> pay over HTTP with 1, 8
 *      and 32 concurrent clients (commands/s, p50/p99 per command and per cycle), beside the event store's
 *      raw append rate with as many writers (1 event per append, durable commits) and the platform audit
 *      trail's own append rate (every command is audited; concurrent entries share one group commit);
 *   2. relay throughput: messages/s from a store preloaded with whole claims to Kafka (acks=-1, checkpoint
 *      after each acknowledged page), beside raw kafkajs sends of the same messages in the same batches;
 *   3. settlement latency: the pay command's 2xx to the integrator printing the settlement, p50/p99, beside
 *      the broker's own produce (acks=-1) to consume latency measured through the same integrator program.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Partitioners, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import { claimStreamName, createClaimDecider, defaultClaimPolicy, encodeClaimEvent, publicMessages, type ClaimCommand, type ClaimEvent, type ClaimState, type CoverageSnapshot } from '@fpi/claims-domain';
import { Headers, sourceEventMessage } from '@fpi/contracts';
import { PostgresEventStore, type JsonObject } from '@fpi/event-store';
import { createKafka, ensureTopics } from '@fpi/messaging';
import { commonConfigSchema, JsonLogger, loadConfig, mintDevToken, PostgresAuditTrail, RegionScope, resolveSecurityOptions, securityConfigSchema, type Principal } from '@fpi/platform';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark drives the claims app's own write path without HTTP; no library exposes it
import { ClaimCommandService, ClaimEventsSignal, IdempotencyRepository, type ClaimsSettings, type CommandBody, type CommandRequest } from '../../apps/claims/src/testing/command-bench-support';
import { createTestDatabase, repoRoot, resolveKafkaBrokers, startServiceProcess, uniqueTopic, type ServiceProcess } from '@fpi/testing';
import { ALLOWANCE_DOCUMENTS, COUNTY, household, policyInForce, syntheticId } from '../support/claims-traffic';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const SECONDS = arg('seconds', 8);
const PRELOADED_CLAIMS = arg('claims', 3000);
const SPLIT = process.argv.includes('--split');
const CLIENTS = (process.argv.find((a) => a.startsWith('--clients='))?.split('=')[1] ?? '1,8,32').split(',').map(Number);
/** Events per relay page, the service's default (RELAY_BATCH_SIZE) unless RELAY_PAGE says otherwise; the raw sends use the same batches. */
const RELAY_PAGE = Number(process.env['RELAY_PAGE'] ?? 2000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const ms = (x: number) => `${fmt(x, 1)} ms`;


/** The events of one whole claim, decided by the real decider (so the relay folds what it would in production). */
function wholeClaim(decider: ReturnType<typeof createClaimDecider>, n: number): ClaimEvent[] {
  return wholeClaimByCommand(decider, n).flat();
}

/** The same, as each of the six commands (report to paid) decided them. */
function wholeClaimByCommand(decider: ReturnType<typeof createClaimDecider>, n: number): ClaimEvent[][] {
  const claimId = randomUUID();
  const coverage = benchCoverage(n, ['m-1', 'm-2']);

  const meta = (h: number, role: 'handler' | 'supervisor' = 'handler') => ({ now: new Date(Date.UTC(2025, 2, 1, 6 + h)).toISOString(), actor: { id: `${role}-1`, role } });
  const commands = [
    { type: 'ReportClaim', data: { claimId, householdId: `h-${n}`, claimant: { memberId: 'm-1', idNumber: syntheticId(n) }, accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'road', regionCode: COUNTY, causeCode: 'fall', description: 'fell' }, benefits: ['allowance'], claimedAmountFen: null, channel: 'counter', reporter: { relation: 'self', name: '测试', phone: null }, documentsProvided: ALLOWANCE_DOCUMENTS }, metadata: meta(0) },
    { type: 'RegisterClaim', data: { coverage }, metadata: meta(1) },
    { type: 'AssessClaim', data: { coverage, inputs: [{ benefit: 'allowance', days: 2 }] }, metadata: meta(2) },
    { type: 'ApproveClaim', data: {}, metadata: meta(3, 'supervisor') },
    { type: 'SchedulePayment', data: { paymentId: 'PAY-1' }, metadata: meta(4) },
    { type: 'RecordPayment', data: { paymentId: 'PAY-1', paymentReference: `BANK-${n}` }, metadata: meta(5) },
  ] as ClaimCommand[];
  let state: ClaimState = decider.initialState();
  return commands.map((c) => {
    const decided = decider.decide(c, state);
    for (const e of decided) state = decider.evolve(state, e);
    return [...decided];
  });
}

/** Parses the integrator's JSON lines: settlement ce id / claim id -> time it was received (epoch ms). */
function startIntegrator(brokers: string[], topic: string): { child: ChildProcess; received: Map<string, number>; byCeId: Map<string, number> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(repoRoot, 'apps/claims/integrator-example/settlement-printer.ts'), `--brokers=${brokers.join(',')}`, `--topic=${topic}`, `--group=bench-${randomUUID()}`, '--from-beginning', '--json'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const received = new Map<string, number>();
  const byCeId = new Map<string, number>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const v = JSON.parse(line) as { ceId: string; claimId: string; type: string; receivedAt: number };
      byCeId.set(v.ceId, v.receivedAt);
      if (v.type === 'ClaimSettled' && !received.has(v.claimId)) received.set(v.claimId, v.receivedAt);
    } catch {
      /* a warning line */
    }
  });
  return { child, received, byCeId };
}

/** The coverage a registered claim of the bench's synthetic policy records (as the policy view would answer it). */
function benchCoverage(n: number, insuredMemberIds: string[]): CoverageSnapshot {
  return {
    policyId: `p-${n}`, policyNumber: `PN-${n}`, status: 'in_force', cancelledAt: null, coverStart: '2025-01-01T00:00:00.000Z', coverEnd: '2027-01-01T00:00:00.000Z',
    insuredMemberIds, benefits: ['death', 'disability', 'medical', 'allowance'], householdSumInsuredFen: 10_000_000n, medicalLimitFen: 1_000_000n,
    medicalRemainingFen: 1_000_000n, medicalDeductibleFen: 10_000n, medicalRatioBp: 9000, allowanceDailyRateFen: 5000n, allowanceCapFen: 150_000n,
    regionCode: COUNTY, villageCode: `${COUNTY}001001`, householdVulnerable: false, channel: 'counter',
  } as CoverageSnapshot;
}

/**
 * The lower bound of any HTTP command on this machine: a bare `node:http` server in its own process that
 * reads the JSON body and answers a small JSON document (no framework, no authentication, no database),
 * called by the same `fetch` client code the command cycles use, with as many concurrent clients.
 */
async function httpFloor(clients: number, seconds: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', `
    require('node:http').createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.setHeader('content-type', 'application/json');
        res.setHeader('etag', '"1"');
        res.end(JSON.stringify({ claimId: 'c', status: 'reported', revision: 1, echo: Object.keys(body).length }));
      });
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => createInterface({ input: child.stdout! }).once('line', (l) => resolve(Number(l))));
    let requests = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const res = await fetch(`http://127.0.0.1:${port}/claims/x/approval`, {
          method: 'POST',
          headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${randomUUID()}`, 'If-Match': '"1"' },
          body: JSON.stringify({ inputs: [{ benefit: 'allowance', days: 2 }] }),
        });
        await res.json();
        requests += 1;
      }
    }));
    return requests / ((performance.now() - started) / 1000);
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * The claims service's own write path in this process, without HTTP: for each command the Idempotency-Key
 * record is looked up, the command decided on the claim's state (remembered from the claim's previous
 * command, verified by the append's expected revision), appended with durable commits, and its answer
 * stored, exactly as `ClaimCommandService` does behind every route. The three policy-view look-ups of
 * report, registration and assessment are replaced by the coverage they would return.
 */
async function inProcessCycles(store: PostgresEventStore, databaseUrl: string, clients: number, seconds: number): Promise<{ commands: number; seconds: number; latencies: number[]; perCommand: Record<'keyLookup' | 'append' | 'answerRecord' | 'streamRead', number> }> {
  const decider = createClaimDecider();
  const logger = new JsonLogger('claims-bench', 'warn', { write: () => undefined });
  const idempotency = new IdempotencyRepository({ databaseUrl } as ClaimsSettings, logger);
  const handler: Principal = { sub: 'bench-handler', role: 'handler', region: COUNTY, via: 'jwt' };
  const supervisor: Principal = { sub: 'bench-supervisor', role: 'supervisor', region: COUNTY, via: 'jwt' };
  const request = (principal: Principal, idempotencyKey: string, path: string, body: unknown): CommandRequest => ({
    idempotencyKey,
    fingerprint: createHash('sha256').update(`POST ${path}\n${JSON.stringify(body, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`).digest('hex'),
    principal,
    scope: RegionScope.forPrincipal(principal),
  });
  const latencies: number[] = [];
  let commands = 0;
  // Where a command's time goes: the three round trips, and stream reads (which the remembered state avoids).
  const spent = { keyLookup: 0, append: 0, answerRecord: 0, streamRead: 0 };
  const timedStore = Object.create(store) as PostgresEventStore;
  timedStore.appendToStream = timing(spent, 'append', store.appendToStream.bind(store));
  timedStore.readStream = timing(spent, 'streamRead', store.readStream.bind(store));
  timedStore.appendToStreamGuarded = timing(spent, 'append', store.appendToStreamGuarded.bind(store));
  idempotency.find = timing(spent, 'keyLookup', idempotency.find.bind(idempotency));
  idempotency.save = timing(spent, 'answerRecord', idempotency.save.bind(idempotency));
  const service = new ClaimCommandService(timedStore, decider, defaultClaimPolicy, { now: () => new Date() }, idempotency, new ClaimEventsSignal(), { streamsInServiceDatabase: true });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const memberId = `m-${c}-${i}`;
        const coverage = benchCoverage(c, [memberId]);
        // `body` gets the claim id: a report's is derived from its request, as the report route derives it.
        const timed = async (principal: Principal, path: string, body: (claimId: string) => CommandBody, existing?: string): Promise<string> => {
          const s = performance.now();
          const key = `bench-${randomUUID()}`;
          const id = existing ?? service.newClaimId(request(principal, key, path, null));
          const command = body(id);
          const req = request(principal, key, path, command);
          const out = await service.idempotent(id, req, existing ? 200 : 201, () => service.decideAndAppend(id, req, command, new Date(), { creates: existing === undefined }));
          if (out.status >= 300) throw new Error(`${path}: ${out.status}`);
          latencies.push(performance.now() - s);
          commands += 1;
          return id;
        };
        const claimId = await timed(handler, '/claims', (id) => ({
          type: 'ReportClaim',
          data: {
            claimId: id, householdId: `h-${c}`, claimant: { memberId, idNumber: syntheticId(c * 1000 + (i % 1000)) },
            accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'road', regionCode: COUNTY, causeCode: 'fall', description: 'fell' },
            benefits: ['allowance'], claimedAmountFen: null, channel: 'counter', reporter: { relation: 'self', name: '测试', phone: null }, documentsProvided: ALLOWANCE_DOCUMENTS,
          },
        }) as unknown as CommandBody);
        await timed(handler, '/registration', () => ({ type: 'RegisterClaim', data: { coverage } }) as CommandBody, claimId);
        await timed(handler, '/assessment', () => ({ type: 'AssessClaim', data: { coverage, inputs: [{ benefit: 'allowance', days: 2 }] } }) as CommandBody, claimId);
        await timed(supervisor, '/approval', () => ({ type: 'ApproveClaim', data: {} }) as CommandBody, claimId);
        await timed(handler, '/payments', () => ({ type: 'SchedulePayment', data: { paymentId: 'PAY-1' } }) as CommandBody, claimId);
        await timed(handler, '/payments/PAY-1/confirmation', () => ({ type: 'RecordPayment', data: { paymentId: 'PAY-1', paymentReference: `BANK-${c}-${i}` } }) as CommandBody, claimId);
      }
    }));
  } finally {
    await idempotency.onApplicationShutdown();
  }
  const perCommand = Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, v / Math.max(commands, 1)])) as typeof spent;
  return { commands, seconds: (performance.now() - started) / 1000, latencies, perCommand };
}

/** Wraps an async function so that the time its calls take adds up in `into[key]`. */
function timing<K extends string, A extends unknown[], R>(into: Record<K, number>, key: K, f: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const t = performance.now();
    try {
      return await f(...args);
    } finally {
      into[key] += performance.now() - t;
    }
  };
}

/**
 * The store's raw append rate for the claim cycle's own events: each writer appends, command by command,
 * the events the six commands of a whole claim decide (the same payloads, the same metadata a command
 * adds), with the expected revision, into streams of a category no projection reads. Appends/s is thus
 * commands/s with nothing but the append.
 */
async function rawSameEventsRate(store: PostgresEventStore, writers: number, seconds: number): Promise<number> {
  const decider = createClaimDecider();
  let appends = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const stream = `benchsame-${randomUUID()}`;
      let revision = -1n;
      for (const decided of wholeClaimByCommand(decider, w * 100_000 + i)) {
        if (performance.now() >= deadline) break;
        const data = decided.map((e) => {
          const { type, data } = encodeClaimEvent(e);
          return { id: randomUUID(), type, data: data as JsonObject, metadata: { actor: { id: 'bench-handler', role: 'handler' }, requestHash: 'f'.repeat(64), commandType: 'Bench' } };
        });
        const r = await store.appendToStream(stream, data, { expectedState: revision < 0n ? 'no_stream' : revision });
        revision = r.nextExpectedRevision;
        appends += 1;
      }
    }
  }));
  return appends / ((performance.now() - started) / 1000);
}

/** The store's raw append rate: `writers` concurrent writers, one small event per append, expected revision, durable commits. */
async function rawAppendRate(store: PostgresEventStore, writers: number, seconds: number): Promise<number> {
  let appends = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    const stream = `benchraw-${writers}-${w}-${randomUUID()}`;
    for (let i = 0; performance.now() < deadline; i++) {
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'BenchEvent', data: { i, amountFen: '12345', note: 'accidental injury, receipts attached' } }], { expectedState: i === 0 ? 'no_stream' : BigInt(i - 1) });
      appends += 1;
    }
  }));
  return appends / ((performance.now() - started) / 1000);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const parsePosition = (p: string): [bigint, bigint] => {
  if (p === 'start') return [-1n, -1n];
  const [a, b] = p.split(':');
  return [BigInt(a as string), BigInt(b as string)];
};
const atOrAfter = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

async function main(): Promise<void> {
  console.log(`building dist/claims ...`);
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'tools/scripts/build.mjs'), 'claims'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr);
  const db = await createTestDatabase('bench_claims');
  const brokers = await resolveKafkaBrokers();
  const topics = { enrollment: uniqueTopic('bench-enrollment'), claimEvents: uniqueTopic('bench-claim-events'), settlements: uniqueTopic('bench-settlements'), raw: uniqueTopic('bench-raw'), rawLatency: uniqueTopic('bench-raw-latency') };
  const kafka = createKafka({ clientId: 'claims-bench', brokers });
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: false, maxInFlightRequests: 1 });
  await producer.connect();
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const store = await PostgresEventStore.connect({ connectionString: db.url, max: 32 });
  let service: ServiceProcess | undefined;
  let workers: ServiceProcess | undefined;
  let integrator: ReturnType<typeof startIntegrator> | undefined;
  console.log(`database ${db.name}; broker ${brokers.join(',')}; ${SECONDS}s per load phase; PostgreSQL durable commits`);

  try {
    // ---- 2. relay throughput: preload whole claims, then let a service's relay publish them.
    const decider = createClaimDecider();
    /** Appends `count` whole claims; their public messages, event count and the position of the last event. */
    const preload = async (count: number, first: number) => {
      const claims = Array.from({ length: count }, (_, n) => wholeClaim(decider, first + n));
      const streams: { recorded: { event: ClaimEvent; eventId: string; revision: number }[] }[] = [];
      let lastPosition = '0:0';
      for (let i = 0; i < claims.length; i += 50) {
        await Promise.all(claims.slice(i, i + 50).map(async (c) => {
          const data = c.map((e) => ({ id: randomUUID(), ...encodeClaimEvent(e) }));
          const r = await store.appendToStream(claimStreamName(c[0]!.data.claimId), data.map((d) => ({ id: d.id, type: d.type, data: d.data as JsonObject })), { expectedState: 'no_stream' });
          streams.push({ recorded: c.map((event, k) => ({ event, eventId: data[k]!.id, revision: k })) });
          if (r.position && atOrAfter(parsePosition(r.position), parsePosition(lastPosition))) lastPosition = r.position;
        }));
      }
      return { events: claims.reduce((s, c) => s + c.length, 0), messages: streams.flatMap((s) => publicMessages(s.recorded)), lastPosition };
    };
    const stored = async (sql: string): Promise<string> => (await pool.query<{ position: string | null }>(sql)).rows[0]?.position ?? 'start';
    const relayCheckpoint = () => stored(`SELECT position FROM es_checkpoints WHERE subscription_id = 'claims.kafka-relay'`);
    /** Messages/s of the relay from its first checkpoint after `from` until it has published `lastPosition`. */
    const relayRun = async (from: string, lastPosition: string, messagesPerEvent: number): Promise<{ rate: number; events: number }> => {
      let firstSeen: { at: number; position: string } | undefined;
      await until('the relay to publish the preloaded claims', async () => {
        const p = await relayCheckpoint();
        if (p === 'start' || p === from) return false;
        firstSeen ??= { at: performance.now(), position: p };
        return atOrAfter(parsePosition(p), parsePosition(lastPosition));
      });
      const seconds = (performance.now() - firstSeen!.at) / 1000;
      const [fx, fp] = parsePosition(firstSeen!.position);
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM es_events WHERE (tx_id::text::bigint, global_position) > ($1::bigint, $2::bigint) AND stream_name LIKE 'claim-%'`,
        [fx.toString(), fp.toString()],
      );
      const events = Number(rows[0]!.n);
      return { rate: (events * messagesPerEvent) / seconds, events };
    };

    const env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers.join(','),
      ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
      CLAIM_EVENTS_TOPIC: topics.claimEvents,
      SETTLEMENTS_TOPIC: topics.settlements,
      POLICY_VIEW_CONSUMER_GROUP: `bench-${randomUUID()}`,
      DEADLINE_SCAN_INTERVAL_MS: '0',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
      RELAY_BATCH_SIZE: String(RELAY_PAGE),
      ...(process.env['CLAIMS_BENCH_PROFILE'] ? { NODE_OPTIONS: `--require ${process.env['CLAIMS_BENCH_PROFILE']}` } : {}),
    };

    // 2a. A relay worker of its own (BACKGROUND_WORKERS=relay), as a deployment that needs the throughput runs it.
    const first = await preload(PRELOADED_CLAIMS, 0);
    const messagesPerEvent = first.messages.length / first.events;
    console.log(`\npreloaded ${fmt(PRELOADED_CLAIMS)} whole claims, ${fmt(first.events)} events, ${fmt(first.messages.length)} messages`);
    service = await startServiceProcess('claims', { ...env, BACKGROUND_WORKERS: 'relay' }, 60_000);
    const dedicated = await relayRun('start', first.lastPosition, messagesPerEvent);
    await service.stop();
    service = undefined;

    // The same messages, raw kafkajs, same broker, same page sizes, acks=-1, one batch in flight.
    const pageOf = Math.round(RELAY_PAGE * messagesPerEvent);
    const rawStart = performance.now();
    for (let i = 0; i < first.messages.length; i += pageOf) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic: topics.raw, messages: first.messages.slice(i, i + pageOf).map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })) }],
      });
    }
    const rawRate = first.messages.length / ((performance.now() - rawStart) / 1000);
    console.log(
      `relay, a relay worker of its own: ${fmt(dedicated.rate)} messages/s (${fmt(dedicated.events)} events after its first checkpoint, ${fmt(messagesPerEvent, 2)} messages per event) | ` +
        `raw kafkajs sendBatch of the same messages: ${fmt(rawRate)} messages/s | ratio ${fmt(dedicated.rate / rawRate, 2)}x (target >= 0.8x)`,
    );

    // 2b. Every worker in one process (the default), all catching up on the same backlog: the relay shares
    // the process with the projections of the same events. First let them catch up with the claims above.
    service = await startServiceProcess('claims', env, 60_000);
    await until('the projections to catch up with the first claims', async () =>
      atOrAfter(parsePosition(await stored(`SELECT position FROM claims_projection_checkpoints WHERE name = 'claims.read-models'`)), parsePosition(first.lastPosition)) &&
      atOrAfter(parsePosition(await stored(`SELECT position FROM queue_projection_checkpoints WHERE projection = 'claims-read-models-v1'`)), parsePosition(first.lastPosition)),
    );
    await service.stop();
    const before = await relayCheckpoint();
    const second = await preload(PRELOADED_CLAIMS, PRELOADED_CLAIMS);
    service = await startServiceProcess('claims', env, 60_000);
    const shared = await relayRun(before, second.lastPosition, messagesPerEvent);
    console.log(
      `relay, every worker in one process, all catching up on ${fmt(second.events)} new events: ${fmt(shared.rate)} messages/s | ratio to the raw sends above ${fmt(shared.rate / rawRate, 2)}x`,
    );
    const messages = first.messages;
    if (SPLIT) {
      // The deployment BACKGROUND_WORKERS allows: an API instance, and the background work in a second process.
      await service.stop();
      service = await startServiceProcess('claims', { ...env, BACKGROUND_WORKERS: 'policy-view' }, 60_000);
      workers = await startServiceProcess('claims', { ...env, BACKGROUND_WORKERS: 'read-models,queue,deadlines,relay' }, 60_000);
      console.log('commands go to an API instance (BACKGROUND_WORKERS=policy-view); projections, deadlines and the relay run in a second process');
    }

    // ---- 1 and 3. command cycles over HTTP, settlement latency through the integrator.
    integrator = startIntegrator(brokers, topics.settlements);
    const households = Array.from({ length: 64 }, (_, n) => household(n + 10_000));
    await producer.send({
      topic: topics.enrollment,
      acks: -1,
      messages: households.map((h) => {
        return sourceEventMessage(policyInForce(h));
      }),
    });
    await until('the policy view', async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM claims_policy_view')).rows[0]!.n) >= households.length);
    // The integrator has caught up with the preloaded settlements: from here on, receipt is live.
    await until('the integrator to catch up', () => integrator!.received.size >= 2 * PRELOADED_CLAIMS, 180_000);

    const security = resolveSecurityOptions(loadConfig({ ...commonConfigSchema, ...securityConfigSchema }, env));
    const handlerToken = mintDevToken(security, { sub: 'bench-handler', role: 'handler', region: COUNTY });
    const supervisorToken = mintDevToken(security, { sub: 'bench-supervisor', role: 'supervisor', region: COUNTY });
    const base = service.url;
    const call = async (token: string, p: string, body: unknown, etag?: string): Promise<{ etag: string; body: Record<string, unknown> }> => {
      const res = await fetch(`${base}${p}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${randomUUID()}`, ...(etag ? { 'If-Match': etag } : {}) },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
      return { etag: res.headers.get('etag') as string, body: json };
    };

    // The PostgreSQL store reads $all below the cluster-wide transaction horizon, so a long transaction in
    // any other database of this server delays the relay. Sample the oldest one while the cycles run, to
    // tell the relay's own latency from the neighbours'.
    const neighbourTx: number[] = [];
    const monitor = setInterval(() => {
      void pool
        .query<{ age_ms: string | null }>(
          `SELECT (extract(epoch FROM max(now() - xact_start)) * 1000)::bigint::text AS age_ms FROM pg_stat_activity WHERE datname IS DISTINCT FROM current_database() AND xact_start IS NOT NULL AND backend_xid IS NOT NULL`,
        )
        .then((r) => neighbourTx.push(Number(r.rows[0]?.age_ms ?? 0)), () => undefined);
    }, 100);
    const paidAtByPhase = new Map<number, Map<string, number>>();
    const floorByPhase = new Map<number, { floorRate: number; commandRate: number }>();
    const rawStore = store;
    for (const clients of CLIENTS) {
      const paidAt = new Map<string, number>();
      paidAtByPhase.set(clients, paidAt);
      const commandLatencies: number[] = [];
      const cycleLatencies: number[] = [];
      let commands = 0;
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      await Promise.all(Array.from({ length: clients }, async (_, c) => {
        const h = households[c % households.length]!;
        for (let i = 0; performance.now() < deadline; i++) {
          const member = h.members[i % 4]!;
          const t0 = performance.now();
          const timed = async (token: string, p: string, body: unknown, etag?: string) => {
            const s = performance.now();
            const r = await call(token, p, body, etag);
            commandLatencies.push(performance.now() - s);
            commands += 1;
            return r;
          };
          const reported = await timed(handlerToken, '/claims', {
            householdId: h.householdId, claimant: { memberId: member.memberId, idNumber: member.idNumber },
            accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'road', regionCode: COUNTY, causeCode: 'fall', description: 'fell' },
            benefits: ['allowance'], claimedAmountFen: null, channel: 'counter', reporter: { relation: 'self', name: '测试', phone: null }, documentsProvided: ALLOWANCE_DOCUMENTS,
          });
          const id = reported.body['claimId'] as string;
          let r = await timed(handlerToken, `/claims/${id}/registration`, {}, reported.etag);
          r = await timed(handlerToken, `/claims/${id}/assessment`, { inputs: [{ benefit: 'allowance', days: 2 }] }, r.etag);
          r = await timed(supervisorToken, `/claims/${id}/approval`, {}, r.etag);
          r = await timed(handlerToken, `/claims/${id}/payments`, { paymentId: 'PAY-1' }, r.etag);
          await timed(handlerToken, `/claims/${id}/payments/PAY-1/confirmation`, { paymentReference: `BANK-${c}-${i}` }, r.etag);
          paidAt.set(id, Date.now());
          cycleLatencies.push(performance.now() - t0);
        }
      }));
      const elapsed = (performance.now() - started) / 1000;
      const commandRate = commands / elapsed;

      // The store's raw append rate with as many writers, same database, same run.
      const appendRate = await rawAppendRate(rawStore, clients, SECONDS);

      // Every command is also written to the platform's hash-chained audit trail (group-committed under its
      // head row lock): its own append rate, same database, same writers, bounds the commands'.
      const audit = new PostgresAuditTrail(pool);
      let audited = 0;
      const auditStart = performance.now();
      const auditDeadline = auditStart + (SECONDS / 2) * 1000;
      await Promise.all(Array.from({ length: clients }, async (_, w) => {
        while (performance.now() < auditDeadline) {
          await audit.append({ actor: `bench-${w}`, role: 'handler', region: COUNTY, action: 'POST /claims/:claimId/approval', target: '/claims/x/approval', reason: null, correlationId: null, outcome: 'ok', detail: null });
          audited += 1;
        }
      }));
      const auditRate = audited / ((performance.now() - auditStart) / 1000);
      const floorRate = await httpFloor(clients, SECONDS / 2);
      floorByPhase.set(clients, { floorRate, commandRate });
      console.log(
        `commands, ${clients} clients: ${fmt(commandRate)} commands/s (${fmt(cycleLatencies.length)} cycles of 6, ${fmt(cycleLatencies.length / elapsed, 1)} cycles/s); ` +
          `per command p50 ${ms(quantile(commandLatencies, 0.5))} p99 ${ms(quantile(commandLatencies, 0.99))}; per cycle p50 ${ms(quantile(cycleLatencies, 0.5))} p99 ${ms(quantile(cycleLatencies, 0.99))} | ` +
          `raw append (1 event, expected revision) ${clients} writers: ${fmt(appendRate)} appends/s | ratio ${fmt(commandRate / appendRate, 2)}x (target >= 0.5x) | ` +
          `audit-trail appends alone, ${clients} writers: ${fmt(auditRate)}/s`,
      );
      console.log(
        `  bare node:http round trip (no framework, no auth, no database), ${clients} clients: ${fmt(floorRate)} requests/s = ${fmt(floorRate / appendRate, 2)}x the raw append: ` +
          `the most any HTTP command could reach on this machine | commands over HTTP ${fmt(commandRate / floorRate, 2)}x of that floor`,
      );
    }

    clearInterval(monitor);
    const settlementLatency = new Map<number, number[]>();
    for (const [clients, paidAt] of paidAtByPhase) {
      await until('the integrator to receive every settlement', () => [...paidAt.keys()].every((id) => integrator!.received.has(id)), 300_000);
      settlementLatency.set(clients, [...paidAt].map(([id, at]) => (integrator!.received.get(id) as number) - at));
    }

    // The broker's own produce (acks=-1) -> consume latency, through the same integrator program, one message at a time.
    const brokerProbe = startIntegrator(brokers, topics.rawLatency);
    const template = messages.find((m) => m.headers[Headers.type]?.includes('settlement')) ?? messages[0]!;
    await producer.send({ topic: topics.rawLatency, acks: -1, messages: [{ key: 'warm-up', value: JSON.stringify(template.value), headers: { ...template.headers, [Headers.id]: 'warm-up' } }] });
    await until('the latency probe to join', () => brokerProbe.byCeId.has('warm-up'), 60_000);
    const sentAt = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const id = randomUUID();
      sentAt.set(id, Date.now());
      await producer.send({ topic: topics.rawLatency, acks: -1, messages: [{ key: `k-${i}`, value: JSON.stringify(template.value), headers: { ...template.headers, [Headers.id]: id } }] });
      await sleep(5);
    }
    await until('the latency probe to receive', () => [...sentAt.keys()].every((id) => brokerProbe.byCeId.has(id)), 60_000);
    const brokerLatency = [...sentAt].map(([id, at]) => (brokerProbe.byCeId.get(id) as number) - at);
    brokerProbe.child.kill('SIGTERM');
    console.log(`broker produce (acks=-1) -> the example integrator, one message at a time: p50 ${ms(quantile(brokerLatency, 0.5))} p99 ${ms(quantile(brokerLatency, 0.99))}`);
    console.log(`oldest open write transaction in other databases of the server while the cycles ran: p50 ${ms(quantile(neighbourTx, 0.5))} p99 ${ms(quantile(neighbourTx, 0.99))} (${neighbourTx.length} samples)`);
    for (const [clients, xs] of settlementLatency) {
      console.log(`settlement latency, pay 2xx -> the example integrator, ${clients} client(s) running cycles (${fmt(xs.length)} settlements): p50 ${ms(quantile(xs, 0.5))} p99 ${ms(quantile(xs, 0.99))}`);
    }

    // ---- 4. the write path alone: the service's command path in this process, without HTTP, with the
    // service and the integrator stopped (so neither projects nor relays meanwhile), beside raw appends.
    integrator.child.kill('SIGTERM');
    await service.stop();
    service = undefined;
    await workers?.stop();
    workers = undefined;
    console.log(`\nthe write path without HTTP (service stopped; idempotency record, decision on the remembered state, durable append, answer record):`);
    for (const clients of CLIENTS) {
      const before = await rawAppendRate(rawStore, clients, SECONDS / 2);
      const sameBefore = await rawSameEventsRate(rawStore, clients, SECONDS / 2);
      const inProcess = await inProcessCycles(rawStore, db.url, clients, SECONDS);
      const sameAfter = await rawSameEventsRate(rawStore, clients, SECONDS / 2);
      const after = await rawAppendRate(rawStore, clients, SECONDS / 2);
      const appendRate = (before + after) / 2;
      const sameRate = (sameBefore + sameAfter) / 2;
      const rate = inProcess.commands / inProcess.seconds;
      const http = floorByPhase.get(clients);
      console.log(
        `  ${clients} clients: ${fmt(rate)} commands/s, p50 ${ms(quantile(inProcess.latencies, 0.5))} p99 ${ms(quantile(inProcess.latencies, 0.99))} | ` +
          `raw append of one small event ${fmt(appendRate)} appends/s (${fmt(before)} before, ${fmt(after)} after): ratio ${fmt(rate / appendRate, 2)}x | ` +
          `raw append of the cycle's own events, command by command ${fmt(sameRate)} appends/s (${fmt(sameBefore)} before, ${fmt(sameAfter)} after): ratio ${fmt(rate / sameRate, 2)}x (target >= 0.5x) | ` +
          `per command: key look-up ${ms(inProcess.perCommand.keyLookup)}, append ${ms(inProcess.perCommand.append)}, answer record ${ms(inProcess.perCommand.answerRecord)}, stream reads ${ms(inProcess.perCommand.streamRead)}` +
          (http ? ` | over HTTP the same commands ran at ${fmt(http.commandRate)}/s, against a bare HTTP floor of ${fmt(http.floorRate)}/s` : ''),
      );
    }
  } finally {
    if (process.argv.includes('--show-log')) console.log(`--- claims service output (last 3000 characters) ---\n${service?.output().slice(-3000)}`);
    integrator?.child.kill('SIGTERM');
    await service?.stop();
    await workers?.stop();
    await producer.disconnect().catch(() => undefined);
    await store.close();
    await pool.end();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
