// `npm start`: real PostgreSQL and Kafka, migrations (run by each service at start), the three services,
// their URLs. Ctrl-C stops the services, and the Kafka broker if this command started it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureKafka, ensurePostgres, root, stopChildren, stopKafka, waitUntilReady } from './local-services.mjs';

const services = [
  { name: 'enrollment', port: Number(process.env.ENROLLMENT_PORT ?? 3001), db: 'fpi_enrollment' },
  { name: 'claims', port: Number(process.env.CLAIMS_PORT ?? 3002), db: 'fpi_claims' },
  { name: 'reporting', port: Number(process.env.REPORTING_PORT ?? 3003), db: 'fpi_reporting' },
];

const pgBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = (db) => {
  const u = new URL(pgBase);
  u.pathname = `/${db}`;
  return u.toString();
};

await ensurePostgres();
const startedKafka = await ensureKafka();
const build = spawnSync(process.execPath, [path.join(root, 'tools/scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const children = services.map((s) => {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist', s.name, 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(s.port), DATABASE_URL: dbUrl(s.db), KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${s.name} exited (${signal ?? code}); stopping the others`);
      void shutdown(1);
    }
  });
  return { ...s, child };
});

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping services...');
  await stopChildren(children);
  if (startedKafka) stopKafka();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const notReady = await waitUntilReady(children);
if (notReady) {
  console.error(`${notReady} is not ready after 60 s`);
  await shutdown(1);
}
console.log('\nThe platform is up:');
for (const s of children) {
  console.log(`  ${s.name.padEnd(10)} API http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs   ready http://127.0.0.1:${s.port}/health/ready`);
}
console.log(`  kafka      127.0.0.1:9092${startedKafka ? ' (started here; stops on Ctrl-C)' : ''}`);
console.log('  tokens     npm run token -- --role handler --region 330102   (see README)');
console.log('Press Ctrl-C to stop.');
