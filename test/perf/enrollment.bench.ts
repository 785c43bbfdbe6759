/**
 * Enrollment service benchmark (not part of `npm test`).
 *
 *   node -r @swc-node/register test/perf/enrollment.bench.ts
 *
 * Builds the service, starts it as its own process on a free port with its own database and Kafka topic,
 * then measures, each beside a raw multi-row `pg` insert of the same rows in the same run:
 *  1. one enrolment through the API (register household, apply, two payments, issue, deliver) by 8 and by
 *     32 concurrent clients: per-enrolment and per-request p50/p99, enrolments per second;
 *  2. the government-gifted CSV batch import in rows per second (target: at least 0.3x the raw insert),
 *     against two raw baselines: (a) the CSV's own rows into a plain table, and (b) every database row the
 *     import wrote (households, members, policies, insured members, history, batch report, idempotency
 *     record, and the outbox rows read back from Kafka), into index-identical copies of the tables.
 * Options (environment): BENCH_ENROLMENTS (per concurrency level, default 400), BENCH_BATCH_ROWS (default 10000),
 * BENCH_BATCH_RUNS (default 3), BENCH_SERVICE_NODE_ARGS (extra node flags for the service, e.g. a profiler preload),
 * BENCH_SERVICE_LOG=1 (show the service's log).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import type { Consumer } from 'kafkajs';
import { createKafka, OUTBOX_BUNDLE_TYPE, outboxBundleRow, type OutboundMessage } from '@fpi/messaging';
import { mintDevToken, securityOptionsFromEnv } from '@fpi/platform';
import { addDays, chinaDateOf, syntheticResidentId } from '@fpi/enrollment-domain';
import { createTestDatabase, resolveKafkaBrokers, uniqueTopic } from '@fpi/testing';

const root = path.resolve(__dirname, '../..');
const ENROLMENTS = Number(process.env['BENCH_ENROLMENTS'] ?? 400);
const BATCH_ROWS = Number(process.env['BENCH_BATCH_ROWS'] ?? 10_000);
const BATCH_RUNS = Number(process.env['BENCH_BATCH_RUNS'] ?? 3);
const VILLAGE = '449901001001';
/** The service runs with NODE_ENV=production, so it needs a real HS256 secret; the bench signs its admin token with it. */
const JWT_SECRET = `bench-jwt-${randomUUID()}-${randomUUID()}`;
/** GIFTED_BATCH_CHUNK_HOUSEHOLDS of the service (its default), so that the same-rows baseline can rebuild its outbox bundles. */
const GIFTED_CHUNK_HOUSEHOLDS = 250;
const CSV_HEADER = 'household_ref,family_planning_status,county_code,township_code,village_code,relationship,name,id_number,phone,referrer_id';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const rate = (n: number, ms: number): number => (n * 1000) / ms;

/** Synthetic people: prefecture code 99 is unassigned, so none of these numbers belongs to anyone. */
let personCounter = 0;
function syntheticPerson(): { idNumber: string; birthDate: string } {
  personCounter += 1;
  const county = `4499${String(personCounter % 100).padStart(2, '0')}`;
  const sequence = (Math.floor(personCounter / 100) % 998) + 1;
  const year = 1962 + (Math.floor(personCounter / 99_800) % 50);
  const day = 1 + (personCounter % 28);
  const birthDate = `${year}-0${1 + (personCounter % 9)}-${String(day).padStart(2, '0')}`;
  return { idNumber: syntheticResidentId(birthDate, sequence, county), birthDate };
}

function adminToken(): string {
  return mintDevToken(securityOptionsFromEnv({ NODE_ENV: 'development', AUTH_JWT_SECRET: JWT_SECRET }), { sub: 'enrollment-bench', role: 'admin' });
}

class Api {
  private readonly token = adminToken();
  constructor(private readonly base: string) {}
  async send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}`, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, json, ms: performance.now() - started };
  }
  async expect(status: number, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
    const r = await this.send(method, url, body, headers);
    if (r.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${r.status} ${JSON.stringify(r.json)}`);
    return r;
  }
}

async function startService(databaseUrl: string, port: number, topic: string, brokers: string[]): Promise<ChildProcess> {
  const nodeArgs = (process.env['BENCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/enrollment/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      HTTP_BODY_LIMIT: '16mb',
      ENROLLMENT_EVENTS_TOPIC: topic,
      LIFECYCLE_SWEEP_INTERVAL_MS: '0',
      ID_NUMBER_HMAC_KEY: `bench-${randomUUID()}-${randomUUID()}`,
      AUTH_JWT_SECRET: JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
      GIFTED_BATCH_MAX_ROWS: String(Math.max(BATCH_ROWS, 20_000)),
      GIFTED_BATCH_CHUNK_HOUSEHOLDS: String(GIFTED_CHUNK_HOUSEHOLDS),
    },
    stdio: ['ignore', process.env['BENCH_SERVICE_LOG'] ? 'inherit' : 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not start within 30 s');
}

async function waitForOutboxDrained(pg: Client): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the outbox did not drain within 120 s');
}

/** Multi-row INSERT ... VALUES in chunks (the baseline the brief asks for), in one transaction. */
async function rawInsert(pg: Client, table: string, columns: string[], rows: string[][]): Promise<number> {
  const chunk = Math.floor(60_000 / columns.length);
  const started = performance.now();
  await pg.query('BEGIN');
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const values = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await pg.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, part.flat());
  }
  await pg.query('COMMIT');
  return performance.now() - started;
}

interface EnrolmentResult {
  enrolmentMs: number[];
  requestMs: Record<string, number[]>;
  rows: string[][];
  wallMs: number;
}

async function enrolments(api: Api, year: number, referrerId: string, count: number, concurrency: number): Promise<EnrolmentResult> {
  const enrolmentMs: number[] = [];
  const requestMs: Record<string, number[]> = { household: [], apply: [], payment: [], issue: [], deliver: [] };
  const rows: string[][] = [];
  let next = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const people = [syntheticPerson(), syntheticPerson(), syntheticPerson()];
      const members = people.map((p, k) => ({ name: ['王某', '李某', '王小某'][k], idNumber: p.idNumber, relationship: ['HEAD', 'SPOUSE', 'CHILD'][k] }));
      for (const m of members) rows.push(['ONE_CHILD', VILLAGE.slice(0, 6), VILLAGE.slice(0, 9), VILLAGE, m.relationship, m.name, m.idNumber]);
      const started = performance.now();
      const h = await api.expect(201, 'POST', '/households', { familyPlanningStatus: 'ONE_CHILD', region: { countyCode: VILLAGE.slice(0, 6), townshipCode: VILLAGE.slice(0, 9), villageCode: VILLAGE }, members });
      requestMs['household'].push(h.ms);
      const p = await api.expect(201, 'POST', '/policies', { householdId: h.json['householdId'], programmeYear: year, productCode: 'STD-60', channel: 'REFERRER', referrerId });
      requestMs['apply'].push(p.ms);
      const policyId = p.json['policyId'] as string;
      const pay1 = await api.expect(200, 'POST', `/policies/${policyId}/payments`, { payer: 'COUNTY', amountFen: 3000, reference: `GOV-${i}` }, { 'if-match': '"1"' });
      const pay2 = await api.expect(200, 'POST', `/policies/${policyId}/payments`, { payer: 'HOUSEHOLD', amountFen: '3000', reference: `HH-${i}` }, { 'if-match': '"2"' });
      requestMs['payment'].push(pay1.ms, pay2.ms);
      const issue = await api.expect(200, 'POST', `/policies/${policyId}/issuance`, { policyNumber: `PB${concurrency}-${i}-${randomUUID().slice(0, 8)}` }, { 'if-match': '"3"' });
      requestMs['issue'].push(issue.ms);
      const deliver = await api.expect(200, 'POST', `/policies/${policyId}/delivery`, { method: 'IN_PERSON', receiverName: '王某', proofReference: `photo-${i}` }, { 'if-match': '"4"' });
      requestMs['deliver'].push(deliver.ms);
      enrolmentMs.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  return { enrolmentMs, requestMs, rows, wallMs: performance.now() - started };
}

function giftedCsv(rowCount: number): { csv: string; rows: string[][] } {
  const rows: string[][] = [];
  for (let i = 0; rows.length < rowCount; i++) {
    const remaining = rowCount - rows.length;
    const size = remaining === 4 ? 2 : Math.min(3, remaining);
    const relationships = ['HEAD', 'SPOUSE', 'CHILD'].slice(0, size);
    for (const relationship of relationships) {
      const p = syntheticPerson();
      rows.push([`B${i}`, 'LOW_INCOME', VILLAGE.slice(0, 6), VILLAGE.slice(0, 9), VILLAGE, relationship, `赠保户${i}`, p.idNumber, '13800000000', '']);
    }
  }
  return { csv: [CSV_HEADER, ...rows.map((r) => r.join(','))].join('\n'), rows };
}

/** The batch's database rows, as `to_jsonb` objects keyed by table, for the same-rows baseline. */
async function rowsWrittenBy(pg: Client, batchId: string, idempotencyKey: string): Promise<Record<string, Record<string, unknown>[]>> {
  const q = async (sql: string, params: unknown[]) => (await pg.query<{ r: Record<string, unknown> }>(sql, params)).rows.map((x) => x.r);
  const households = await q('SELECT to_jsonb(t) AS r FROM households t WHERE gifted_batch_id = $1', [batchId]);
  const policies = await q('SELECT to_jsonb(t) AS r FROM policies t WHERE gifted_batch_id = $1', [batchId]);
  const householdIds = households.map((h) => h['id']);
  const policyIds = policies.map((p) => p['id']);
  return {
    gifted_batches: await q('SELECT to_jsonb(t) AS r FROM gifted_batches t WHERE id = $1', [batchId]),
    households,
    household_members: await q('SELECT to_jsonb(t) AS r FROM household_members t WHERE household_id = ANY($1::uuid[])', [householdIds]),
    policies,
    policy_members: await q('SELECT to_jsonb(t) AS r FROM policy_members t WHERE policy_id = ANY($1::uuid[])', [policyIds]),
    aggregate_history: await q('SELECT to_jsonb(t) AS r FROM aggregate_history t WHERE aggregate_id = ANY($1::uuid[])', [[...householdIds, ...policyIds]]),
    idempotency_keys: await q('SELECT to_jsonb(t) AS r FROM idempotency_keys t WHERE idempotency_key = $1', [idempotencyKey]),
  };
}

/** Multi-row INSERT ... VALUES of whole rows (values sent as text, jsonb as JSON) into `raw_<table>` copies. */
async function rawInsertTables(pg: Client, tables: Record<string, Record<string, unknown>[]>): Promise<{ ms: number; rows: number }> {
  const toParam = (v: unknown): unknown => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const started = performance.now();
  let rows = 0;
  await pg.query('BEGIN');
  for (const [table, records] of Object.entries(tables)) {
    if (records.length === 0) continue;
    const columns = Object.keys(records[0]).filter((c) => !(table === 'outbox' && c === 'id') && !(table === 'premium_payments' && c === 'seq'));
    const chunk = Math.max(1, Math.floor(60_000 / columns.length));
    for (let i = 0; i < records.length; i += chunk) {
      const part = records.slice(i, i + chunk);
      const values = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
      await pg.query(`INSERT INTO raw_${table} (${columns.join(', ')}) VALUES ${values}`, part.flatMap((rec) => columns.map((c) => toParam(rec[c]))));
    }
    rows += records.length;
  }
  await pg.query('COMMIT');
  return { ms: performance.now() - started, rows };
}

/** Reads the enrollment topic from the start, so the outbox rows of a batch can be rebuilt after the relay deleted them. */
async function topicReader(brokers: string[], topic: string): Promise<{ messagesFor(keys: Set<string>): OutboundMessage[]; stop(): Promise<void> }> {
  const seen: OutboundMessage[] = [];
  const consumer: Consumer = createKafka({ clientId: 'enrollment-bench', brokers }).consumer({ groupId: `enrollment-bench-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  // The service created the topic at start, but on a busy broker its metadata can lag behind: retry a while.
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      break;
    } catch (e) {
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await consumer.run({
    eachMessage: async ({ message }) => {
      const h = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
      seen.push({ id: h['ce_id'], topic, key: message.key?.toString() ?? '', type: h['ce_type'], source: h['ce_source'], subject: h['ce_subject'], time: h['ce_time'], value: JSON.parse(message.value?.toString() ?? 'null') });
    },
  });
  return { messagesFor: (keys) => seen.filter((m) => keys.has(m.key)), stop: () => consumer.disconnect() };
}

/**
 * The outbox rows the import wrote, rebuilt from the events read back: one bundle per chunk of
 * GIFTED_BATCH_CHUNK_HOUSEHOLDS households (their HouseholdRegistered events, then their PolicyApplied events),
 * as the import's EventWriter groups them.
 */
function outboxRowsOf(messages: OutboundMessage[], householdIds: string[], policyIds: string[]): Record<string, unknown>[] {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < householdIds.length; i += GIFTED_CHUNK_HOUSEHOLDS) {
    const chunk = [...householdIds.slice(i, i + GIFTED_CHUNK_HOUSEHOLDS), ...policyIds.slice(i, i + GIFTED_CHUNK_HOUSEHOLDS)].map((id) => {
      const m = byKey.get(id);
      if (!m) throw new Error(`no event read back for ${id}`);
      return m;
    });
    const b = outboxBundleRow(chunk);
    rows.push({ message_id: b.messageId, topic: b.topic, key: '', type: OUTBOX_BUNDLE_TYPE, source: b.source, subject: null, time: b.time, payload: JSON.parse(b.payloadJson), headers: {}, message_count: b.messageCount });
  }
  return rows;
}

async function main(): Promise<void> {
  process.stdout.write('building the service (tools/scripts/build.mjs enrollment)...\n');
  execFileSync(process.execPath, [path.join(root, 'tools/scripts/build.mjs'), 'enrollment'], { cwd: root, stdio: 'inherit' });
  const db = await createTestDatabase('enrollment_bench');
  const brokers = await resolveKafkaBrokers();
  const port = await freePort();
  const topic = uniqueTopic('enrollment-bench');
  const service = await startService(db.url, port, topic, brokers).catch(async (e: unknown) => {
    await db.drop();
    throw e;
  });
  let reader: Awaited<ReturnType<typeof topicReader>> | undefined;
  const pg = new Client({ connectionString: db.url });
  try {
    // Inside the try: a broker hiccup here must still stop the service, or the benchmark hangs.
    const events = await topicReader(brokers, topic);
    reader = events;
    await pg.connect();
    const api = new Api(`http://127.0.0.1:${port}`);
    const today = chinaDateOf(new Date());
    const year = Number(today.slice(0, 4));
    await api.expect(201, 'POST', '/programme-years', { year, startsOn: today, endsOn: addDays(today, 365) });
    const benefits = { deathDisabilitySumInsuredFen: 10_000_000, medicalLimitFen: 500_000, medicalDeductibleFen: 10_000, medicalReimbursementBp: 8000, hospitalAllowancePerDayFen: 5000, hospitalAllowanceMaxDays: 30 };
    const coverStart = { rule: 'AFTER_ENROLMENT', days: 1 };
    await api.expect(201, 'POST', `/programme-years/${year}/products`, { code: 'STD-60', name: 'standard', premiumFen: 6000, payerShares: [{ payer: 'COUNTY', amountFen: 3000 }, { payer: 'HOUSEHOLD', amountFen: 3000 }], benefits, coverStart });
    await api.expect(201, 'POST', `/programme-years/${year}/products`, { code: 'GIFT-60', name: 'gift', premiumFen: 6000, payerShares: [{ payer: 'PROVINCE', amountFen: 3000 }, { payer: 'COUNTY', amountFen: 3000 }], benefits, coverStart });
    const referrerId = (await api.expect(201, 'POST', '/referrers', { name: '村计生专干', villageCodes: [VILLAGE] })).json['referrerId'] as string;
    await pg.query(`CREATE TABLE bench_raw_enrolment_rows (family_planning_status text, county_code text, township_code text, village_code text, relationship text, name text, id_number text)`);
    for (const table of ['gifted_batches', 'households', 'household_members', 'policies', 'policy_members', 'aggregate_history', 'idempotency_keys', 'outbox']) {
      await pg.query(`CREATE TABLE raw_${table} (LIKE ${table} INCLUDING ALL)`);
    }
    await pg.query(`CREATE TABLE bench_raw_csv_rows (household_ref text, family_planning_status text, county_code text, township_code text, village_code text, relationship text, name text, id_number text, phone text, referrer_id text)`);

    await enrolments(api, year, referrerId, 40, 8); // warm-up: JIT, connection pools
    await waitForOutboxDrained(pg);
    const lines: string[] = [];
    for (const concurrency of [8, 32]) {
      const r = await enrolments(api, year, referrerId, ENROLMENTS, concurrency);
      await waitForOutboxDrained(pg);
      const rawMs = await rawInsert(pg, 'bench_raw_enrolment_rows', ['family_planning_status', 'county_code', 'township_code', 'village_code', 'relationship', 'name', 'id_number'], r.rows);
      const sorted = [...r.enrolmentMs].sort((a, b) => a - b);
      const apiRowsPerSec = rate(r.rows.length, r.wallMs);
      const rawRowsPerSec = rate(r.rows.length, rawMs);
      lines.push(
        `enrolment x${concurrency} clients: ${ENROLMENTS} enrolments (6 requests each) in ${(r.wallMs / 1000).toFixed(2)} s = ${rate(ENROLMENTS, r.wallMs).toFixed(1)} enrolments/s, ${rate(ENROLMENTS * 6, r.wallMs).toFixed(0)} requests/s`,
        `  per enrolment p50 ${fmt(percentile(sorted, 50))}, p99 ${fmt(percentile(sorted, 99))}`,
        ...Object.entries(r.requestMs).map(([k, v]) => {
          const s = [...v].sort((a, b) => a - b);
          return `  ${k.padEnd(9)} p50 ${fmt(percentile(s, 50))}, p99 ${fmt(percentile(s, 99))}`;
        }),
        `  same ${r.rows.length} member rows, raw multi-row pg insert: ${rawMs.toFixed(1)} ms = ${rawRowsPerSec.toFixed(0)} rows/s; API ${apiRowsPerSec.toFixed(0)} rows/s; ratio API/raw = ${(apiRowsPerSec / rawRowsPerSec).toFixed(4)}x`,
      );
      process.stdout.write(`${lines.slice(-8).join('\n')}\n`);
    }

    const warm = giftedCsv(1000);
    await api.expect(201, 'POST', `/gifted-batches?programmeYear=${year}&productCode=GIFT-60`, warm.csv, { 'content-type': 'text/csv' });
    await waitForOutboxDrained(pg);
    const ratios: number[] = [];
    const sameRowRatios: number[] = [];
    for (let run = 1; run <= BATCH_RUNS; run++) {
      const { csv, rows } = giftedCsv(BATCH_ROWS);
      const key = `bench-batch-${randomUUID()}`;
      const imported = await api.expect(201, 'POST', `/gifted-batches?programmeYear=${year}&productCode=GIFT-60`, csv, { 'content-type': 'text/csv', 'idempotency-key': key });
      if (imported.json['acceptedRows'] !== rows.length) throw new Error(`expected every row accepted, got ${JSON.stringify({ ...imported.json, report: undefined })}`);
      await waitForOutboxDrained(pg);
      const rawMs = await rawInsert(pg, 'bench_raw_csv_rows', ['household_ref', 'family_planning_status', 'county_code', 'township_code', 'village_code', 'relationship', 'name', 'id_number', 'phone', 'referrer_id'], rows);
      const importRate = rate(rows.length, imported.ms);
      const rawRate = rate(rows.length, rawMs);
      ratios.push(importRate / rawRate);

      const written = await rowsWrittenBy(pg, imported.json['batchId'] as string, key);
      // Households and policies in the order the import wrote them (accepted households in report order).
      const report = imported.json['report'] as { householdId?: string; policyId?: string }[];
      const householdIds = [...new Set(report.flatMap((r) => (r.householdId ? [r.householdId] : [])))];
      const policyIds = [...new Set(report.flatMap((r) => (r.policyId ? [r.policyId] : [])))];
      const keys = new Set([...householdIds, ...policyIds]);
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 60_000;
        const poll = () => (events.messagesFor(keys).length >= keys.size ? resolve() : Date.now() > deadline ? reject(new Error('batch events not read back from Kafka')) : setTimeout(poll, 200));
        poll();
      });
      written['outbox'] = outboxRowsOf(events.messagesFor(keys), householdIds, policyIds);
      const eventCount = written['outbox'].reduce((t, r) => t + (r['message_count'] as number), 0);
      const same = await rawInsertTables(pg, written);
      sameRowRatios.push(same.ms / imported.ms);
      const line =
        `gifted CSV batch run ${run}: ${rows.length} rows (${imported.json['acceptedHouseholds'] as number} households, ${(csv.length / 1024).toFixed(0)} KiB) imported via API in ${imported.ms.toFixed(0)} ms = ${importRate.toFixed(0)} rows/s\n` +
        `  (a) raw multi-row insert of the CSV rows: ${rawMs.toFixed(0)} ms = ${rawRate.toFixed(0)} rows/s; import/raw ${(importRate / rawRate).toFixed(2)}x\n` +
        `  (b) raw multi-row insert of the same ${same.rows} database rows the import wrote (incl. ${written['outbox'].length} outbox rows carrying ${eventCount} events): ${same.ms.toFixed(0)} ms; import/raw ${(same.ms / imported.ms).toFixed(2)}x`;
      lines.push(line);
      process.stdout.write(`${line}\n`);
    }
    const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const verdict = [
      `gifted CSV import vs (a) raw insert of the CSV rows, median of ${ratios.length} runs: ${medianOf(ratios).toFixed(2)}x (target >= 0.30x): ${medianOf(ratios) >= 0.3 ? 'MET' : 'NOT MET'}`,
      `gifted CSV import vs (b) raw insert of the same database rows, median of ${sameRowRatios.length} runs: ${medianOf(sameRowRatios).toFixed(2)}x (target >= 0.30x): ${medianOf(sameRowRatios) >= 0.3 ? 'MET' : 'NOT MET'}`,
    ].join('\n');
    process.stdout.write(`\n${lines.join('\n')}\n${verdict}\n`);
  } finally {
    await reader?.stop().catch(() => undefined);
    await pg.end().catch(() => undefined);
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await db.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
