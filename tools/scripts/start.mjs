// `npm start`: real PostgreSQL and Kafka, migrations (run by each service at start), the three services,
// their URLs. Ctrl-C stops the services, and the Kafka broker if this command started it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureKafka, ensurePostgres, root, stopKafka } from './local-services.mjs';

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
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.child.exitCode !== null) return resolve();
          c.child.once('exit', resolve);
          c.child.kill('SIGTERM');
          setTimeout(() => c.child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  if (startedKafka) stopKafka();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const deadline = Date.now() + 60_000;
for (const s of children) {
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${s.port}/health/ready`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      console.error(`${s.name} is not ready after 60 s`);
      await shutdown(1);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
console.log('\nThe platform is up:');
for (const s of children) {
  console.log(`  ${s.name.padEnd(10)} API http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs   ready http://127.0.0.1:${s.port}/health/ready`);
}
console.log(`  kafka      127.0.0.1:9092${startedKafka ? ' (started here; stops on Ctrl-C)' : ''}`);
console.log('  tokens     npm run token -- --role handler --region 330102   (see README)');
console.log('Press Ctrl-C to stop.');
