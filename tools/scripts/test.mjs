// `npm test`: brings up the real services (PostgreSQL, Kafka), runs the static checks (lint with enforced
// module boundaries, typecheck), builds the services for the end-to-end tests, runs every Jest project
// (unit, integration, end-to-end), stops what it started, and ends with one summary line.
// Extra arguments go to Jest, e.g. `npm test -- libs/event-store`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureKafka, ensurePostgres, root, stopKafka } from './local-services.mjs';

const started = Date.now();
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (title, cmd, args, env = {}) => {
  const t = Date.now();
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r.status === 0;
};

const jestArgs = process.argv.slice(2);
const quick = jestArgs.length > 0;
let failedSteps = 0;
let startedKafka = false;
try {
  await ensurePostgres();
  startedKafka = await ensureKafka();
  const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  if (!quick) {
    // The boundaries rule silently skips itself without a project graph: compute it first.
    if (!step('project graph', bin('nx'), ['show', 'projects'], nxEnv)) failedSteps++;
    if (!step('lint (module boundaries enforced)', bin('eslint'), ['.', '--max-warnings=0'], nxEnv)) failedSteps++;
    if (!step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failedSteps++;
  }
  if (!step('build services', process.execPath, [path.join(root, 'tools/scripts/build.mjs')])) failedSteps++;

  const out = path.join(root, 'tmp', 'jest-results.json');
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  step('jest (unit, integration, end-to-end)', bin('jest'), ['--ci', '--maxWorkers=2', '--json', `--outputFile=${out}`, ...jestArgs], {
    FPI_TEST_RUN: '1',
  });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const results = JSON.parse(readFileSync(out, 'utf8'));
    passed = results.numPassedTests;
    failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    skipped = results.numPendingTests + results.numTodoTests;
    if (!results.success && failed === 0) failed = 1; // e.g. a suite failed to run
  } catch {
    failed += 1;
    console.error('jest did not write its results; counting the run as failed');
  }
  failed += failedSteps;
  console.log(`\ntotal time ${((Date.now() - started) / 1000).toFixed(0)} s${failedSteps ? `; ${failedSteps} static/build step(s) failed` : ''}`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  if (startedKafka) stopKafka();
}
