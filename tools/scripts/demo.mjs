// `npm run demo`: like `npm start` (real PostgreSQL and Kafka, the three services), but on controlled
// clocks with fresh demo databases and topics, then loads a scaled synthetic programme year through the
// public APIs with the generator CLI and prints where to look. Ctrl-C stops everything it started.
//
//   DEMO_SCALE=0.01 DEMO_SEED=7 npm run demo
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildServices, ensureKafka, ensurePostgres, postgresServerUrl, root, runServicesUntilStopped } from './local-services.mjs';

const run = Date.now().toString(36);
const scale = process.env.DEMO_SCALE ?? '0.01';
const seed = process.env.DEMO_SEED ?? '7';
const topics = { enrollment: `demo-${run}.enrollment.events`, claims: `demo-${run}.claims.events`, settlements: `demo-${run}.claims.settlements` };
const services = [
  { name: 'enrollment', port: Number(process.env.ENROLLMENT_PORT ?? 3001) },
  { name: 'claims', port: Number(process.env.CLAIMS_PORT ?? 3002) },
  { name: 'reporting', port: Number(process.env.REPORTING_PORT ?? 3003) },
].map((s) => ({ ...s, db: `fpi_demo_${run}_${s.name}` }));
const policyViewGroup = `demo-${run}.claims.policy-view`;


await ensurePostgres();
const startedKafka = await ensureKafka();
buildServices();

// Fresh databases: a controlled clock starts in the programme year, which an existing database has passed.
const admin = new pg.Client({ connectionString: postgresServerUrl() });
await admin.connect();
for (const s of services) await admin.query(`CREATE DATABASE ${s.db}`);
await admin.end();

const env = {
  ...process.env,
  // Controlled clocks are refused in production, and an unset NODE_ENV means production.
  NODE_ENV: 'development',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  CLOCK_MODE: 'controlled',
  // One generator principal sends a year of commands in minutes.
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_BURST: '1000000',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  ENROLLMENT_EVENTS_TOPIC: topics.enrollment,
  CLAIM_EVENTS_TOPIC: topics.claims,
  SETTLEMENTS_TOPIC: topics.settlements,
  POLICY_VIEW_CONSUMER_GROUP: policyViewGroup,
  PROJECTION_GROUP_PREFIX: `demo-${run}.reporting`,
  LIFECYCLE_SWEEP_INTERVAL_MS: '0',
};
let generator;
const children = await runServicesUntilStopped(services, env, {
  startedKafka,
  beforeStop: () => {
    if (generator && generator.exitCode === null) generator.kill('SIGTERM');
  },
});

const url = (name) => `http://127.0.0.1:${services.find((s) => s.name === name).port}`;
mkdirSync(path.join(root, 'tmp'), { recursive: true });
const out = path.join(root, 'tmp', `demo-ground-truth-${run}.json`); // tmp/ is git-ignored
console.log(`\nloading a synthetic programme year (seed ${seed}, scale ${scale}, two cities) through the public APIs...`);
generator = spawn(
  process.execPath,
  [
    '-r', '@swc-node/register', path.join(root, 'tools/cli/generate.ts'),
    '--seed', seed, '--scale', scale, '--cities', '2', '--out', out, '--state', path.join(root, 'tmp', `demo-state-${run}.json`),
    '--enrollment', url('enrollment'), '--claims', url('claims'), '--reporting', url('reporting'),
    '--brokers', env.KAFKA_BROKERS, '--enrollment-topic', topics.enrollment, '--policy-view-group', policyViewGroup,
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env },
);
const code = await new Promise((resolve) => generator.once('exit', resolve));
if (code !== 0) {
  console.error(`the generator failed (${code}); the services stay up for inspection. Ctrl-C to stop.`);
} else {
  console.log('\nThe demo programme year is loaded (clocks stand at the end of 2021):');
  for (const s of children) console.log(`  ${s.name.padEnd(10)} API ${url(s.name)}   docs ${url(s.name)}/docs`);
  console.log(`  figures    ${url('reporting')}/reports/summary?programmeYear=2021&groupBy=city   (also /reports/ranking, /reports/rates, /reports/referrers, /status)`);
  console.log(`  truth      ${out}   (what the figures must equal)`);
  console.log('  tokens     npm run token -- --role admin --sub demo   (send as Authorization: Bearer ...)');
  console.log('Press Ctrl-C to stop.');
}
