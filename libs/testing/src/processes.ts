import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

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

const execFileAsync = promisify(execFile);

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

  /**
   * Starts the broker (the script waits until it answers). It never blocks the event loop: a test under
   * load keeps sending while the JVM comes up.
   */
  async start(): Promise<void> {
    await execFileAsync('bash', [this.script, 'start'], { env: this.env, cwd: repoRoot, encoding: 'utf8' }).catch((e: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`private kafka broker did not start:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    });
  }

  /** Stops the broker (controlled shutdown; the script kills it if it lingers); stopping one that is down is fine. */
  async stop(): Promise<void> {
    await execFileAsync('bash', [this.script, 'stop'], { env: this.env, cwd: repoRoot, encoding: 'utf8' }).catch(() => undefined);
  }
}


/** The directory of PostgreSQL's server programs (initdb, pg_ctl): pg_config's answer, else Debian's newest. */
function postgresBinDir(): string {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [fromConfig.status === 0 ? fromConfig.stdout.trim() : '', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  const dir = candidates.find((d) => d && existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')));
  if (!dir) throw new Error('initdb and pg_ctl were not found (pg_config --bindir, /usr/lib/postgresql/*/bin): a private PostgreSQL server needs the server package, which deploy/local/postgres.sh installs');
  return dir;
}

/**
 * A PostgreSQL server of a test's own (initdb into a temporary directory, loopback), for fault scenarios
 * that crash and restart it: the shared server must keep serving the suites running beside. Its superuser
 * has a random password (scram-sha-256): as root the server runs as the system `postgres` account, and a
 * password-less superuser on a TCP port would let any local user run programs as that account.
 * `crash` kills every server process at once, as a crash of PostgreSQL does (the operating system's page
 * cache survives it, unlike a power cut): what it tests is that an answer follows the commit's WAL flush
 * (synchronous_commit, on by default) and that recovery replays what was committed.
 */
export class PrivatePostgres {
  private readonly bin = postgresBinDir();
  private readonly asPostgres = process.getuid?.() === 0;
  readonly url: string;

  private constructor(private readonly dir: string, readonly port: number, password: string) {
    this.url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  }

  /** Initialises a cluster in a fresh directory and starts it on a free port; leaves nothing behind if that fails. */
  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'fpi-pg-'));
    const password = randomBytes(18).toString('hex');
    const server = new PrivatePostgres(dir, await freePort(), password);
    try {
      const pwfile = path.join(dir, 'pwfile');
      writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
      if (server.asPostgres) await execFileAsync('chown', ['-R', 'postgres', dir]);
      await server.program('initdb', ['-D', server.dataDir, '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
      rmSync(pwfile);
      await server.start();
      return server;
    } catch (e) {
      await server.destroy();
      throw e;
    }
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Runs one of the server's programs (as `postgres` when we are root), without blocking the event loop. */
  private async program(name: string, args: string[]): Promise<string> {
    const file = path.join(this.bin, name);
    const [cmd, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    try {
      const { stdout, stderr } = await execFileAsync(cmd, argv, { encoding: 'utf8' });
      return `${stdout}${stderr}`;
    } catch (e) {
      const log = existsSync(path.join(this.dir, 'log')) ? readFileSync(path.join(this.dir, 'log'), 'utf8').slice(-2000) : '';
      throw new Error(`${name} ${args.join(' ')} failed: ${(e as Error).message}\n${log}`);
    }
  }

  /** Starts the server and waits until it accepts connections (after crash recovery, when it crashed). */
  async start(): Promise<void> {
    await this.program('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'log'), '-w', '-t', '60', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`, 'start']);
  }

  /** `pg_ctl stop -m immediate`: every server process quits at once, without a checkpoint, as in a crash. */
  async crash(): Promise<void> {
    await this.program('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** The server's log since it was created (crash recovery shows there). */
  log(): string {
    const file = path.join(this.dir, 'log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stops the server, if it runs, and removes its directory. */
  async destroy(): Promise<void> {
    await this.program('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
