// Brings up the real local services (PostgreSQL, Kafka) and remembers what this process started,
// so that it stops only that. Used by `npm start`, `npm test` and `npm run services:up|down`.
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kafkaScript = path.join(root, 'deploy/local/kafka/kafka-local.sh');
const pgScript = path.join(root, 'deploy/local/postgres.sh');

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
};

export const tcpAnswers = (host, port, timeoutMs = 1000) =>
  new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });

export async function ensurePostgres() {
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    if (!(await tcpAnswers(u.hostname, Number(u.port || 5432)))) throw new Error(`DATABASE_URL ${u.host} does not answer`);
    return;
  }
  run('bash', [pgScript, 'ensure']);
  run('bash', [pgScript, 'databases']);
}

/** Starts the local broker unless KAFKA_BROKERS points elsewhere; returns true when this call started it. */
export async function ensureKafka() {
  if (process.env.KAFKA_BROKERS) {
    console.log(`kafka: using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
    return false;
  }
  const status = spawnSync('bash', [kafkaScript, 'status'], { cwd: root, encoding: 'utf8' });
  if (status.status === 0) {
    console.log(status.stdout.trim() + ' (reused; left running)');
    return false;
  }
  if (await tcpAnswers('127.0.0.1', 9092)) {
    console.log('kafka: something not started by this project answers on 127.0.0.1:9092; using it');
    return false;
  }
  run('bash', [kafkaScript, 'start']);
  run(process.execPath, [path.join(root, 'deploy/local/kafka/wait-for-kafka.cjs'), '127.0.0.1:9092', '60000']);
  return true;
}

export function stopKafka() {
  spawnSync('bash', [kafkaScript, 'stop'], { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  if (cmd === 'up') {
    await ensurePostgres();
    await ensureKafka();
  } else if (cmd === 'down') {
    stopKafka();
  } else {
    console.error('usage: local-services.mjs up|down');
    process.exit(2);
  }
}

/** SIGTERM to every child service (graceful shutdown), SIGKILL to any still running after 15 s. */
export function stopChildren(children) {
  return Promise.all(
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
}

/** Waits until every service's /health/ready answers 200; returns the name of one that did not in time, or null. */
export async function waitUntilReady(children, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (const s of children) {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${s.port}/health/ready`);
        if (r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) return s.name;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return null;
}

/** The maintenance URL of the PostgreSQL server (DATABASE_URL, else the local one). */
export const postgresServerUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of database `db` on the same server. */
export function databaseUrl(db) {
  const u = new URL(postgresServerUrl());
  u.pathname = `/${db}`;
  return u.toString();
}

/** Builds the three services into dist/ (exits the process when the build fails). */
export function buildServices() {
  const build = spawnSync(process.execPath, [path.join(root, 'tools/scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/**
 * Starts each built service as a child process with its port and database; `onUnexpectedExit(name, how)`
 * is called when one exits on its own, so the caller can stop the others.
 */
export function spawnServices(services, env, onUnexpectedExit) {
  return services.map((s) => {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist', s.name, 'main.js')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, PORT: String(s.port), DATABASE_URL: databaseUrl(s.db) },
    });
    child.on('exit', (code, signal) => onUnexpectedExit(s.name, signal ?? code));
    return { ...s, child };
  });
}

/**
 * Starts the services and keeps them as one unit, for `npm start` and the demo: if one exits on its own,
 * is not ready within 60 s, or the user presses Ctrl-C, every service (and Kafka, when this command started
 * it) is stopped and the process exits. `beforeStop` runs first on the way out (e.g. to end a generator).
 * Resolves once every service is ready.
 */
export async function runServicesUntilStopped(services, env, { startedKafka, beforeStop = () => undefined }) {
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services...');
    beforeStop();
    await stopChildren(children);
    if (startedKafka) stopKafka();
    process.exit(code);
  };
  const children = spawnServices(services, env, (name, how) => {
    if (!stopping) {
      console.error(`${name} exited (${how}); stopping the others`);
      void shutdown(1);
    }
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const notReady = await waitUntilReady(children);
  if (notReady) {
    console.error(`${notReady} is not ready after 60 s`);
    await shutdown(1);
  }
  return children;
}
