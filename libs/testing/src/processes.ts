import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';

/** The repository root, found from this file (libs/testing/src). */
export const repoRoot = path.resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a built service (`dist/<name>/main.js`, made by tools/scripts/build.mjs) as a real process and
 * waits until `/health/live` answers.
 */
export async function startServiceProcess(name: 'enrollment' | 'claims' | 'reporting', env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const main = path.join(repoRoot, 'dist', name, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`node tools/scripts/build.mjs ${name}\` (npm test does it)`);
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  let out = '';
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: repoRoot,
    // An unset NODE_ENV means production to a service (real keys required); a test process says test.
    env: { ...process.env, NODE_ENV: process.env['NODE_ENV'] || 'test', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} during start:\n${out.slice(-3000)}`);
    try {
      const r = await fetch(`${url}/health/live`);
      if (r.ok) break;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health/live within ${timeoutMs} ms:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    port,
    child,
    output: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * A private Kafka broker for a test that must stop and restart it without disturbing the shared one.
 * Uses the project's own script (deploy/local/kafka) with its own data directory and ports.
 */
export class PrivateKafkaBroker {
  readonly brokers: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly script = path.join(repoRoot, 'deploy/local/kafka/kafka-local.sh');

  constructor(readonly port: number, controllerPort: number, dir: string) {
    this.brokers = `127.0.0.1:${port}`;
    this.env = { ...process.env, KAFKA_LOCAL_DIR: dir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_KEEP_DATA: '1', KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m' };
  }

  private run(cmd: 'start' | 'stop' | 'status'): { ok: boolean; output: string } {
    const r = spawnSync('bash', [this.script, cmd], { env: this.env, encoding: 'utf8', cwd: repoRoot });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  }

  start(): void {
    const r = this.run('start');
    if (!r.ok) throw new Error(`private kafka broker did not start:\n${r.output}`);
  }

  stop(): void {
    this.run('stop');
  }
}
