import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { DEV_JWT_SECRET } from '@fpi/platform';
import { freePort, repoRoot } from '@fpi/testing';

/** Bad configuration stops a service at start with one clear line per problem, never a stack trace. */
describe('start-up with bad configuration', () => {
  const run = (env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string; stdout: string }> =>
    new Promise((resolve) => {
      const cleanEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], NODE_ENV: 'development', ...env };
      for (const k of Object.keys(cleanEnv)) if (cleanEnv[k] === undefined) delete cleanEnv[k];
      const child = spawn(process.execPath, [path.join(repoRoot, 'dist/claims/main.js')], { env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout });
      });
    });

  it('names a missing variable', async () => {
    const r = await run({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[claims\] cannot start: DATABASE_URL is required \(/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 40_000);

  it('names each malformed variable on its own line', async () => {
    const r = await run({ DATABASE_URL: 'postgres//nohost', KAFKA_BROKERS: 'broker-without-port', PORT: '99999' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[claims\] cannot start: DATABASE_URL is not a valid URL/),
        expect.stringMatching(/^\[claims\] cannot start: KAFKA_BROKERS "broker-without-port" is not host:port/),
        expect.stringMatching(/^\[claims\] cannot start: PORT must be a TCP port between 1 and 65535, got "99999"/),
      ]),
    );
  }, 40_000);

  it('says so in one line when the port is already in use', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const r = await run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', KAFKA_BROKERS: '127.0.0.1:9092', PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`[claims] cannot start: port ${port} on 127.0.0.1 is already in use (set PORT to a free port)`]);
    } finally {
      blocker.close();
    }
  }, 40_000);

  it('runs as production when NODE_ENV is not set, so it never starts on the published development secret', async () => {
    const r = await run({ NODE_ENV: undefined, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[claims\] cannot start: AUTH_JWT_SECRET: is required in production/m);
    const dev = await run({ NODE_ENV: undefined, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', KAFKA_BROKERS: '127.0.0.1:9092', AUTH_JWT_SECRET: DEV_JWT_SECRET });
    expect(dev.code).toBe(1);
    expect(dev.stderr).toMatch(/AUTH_JWT_SECRET: is the published development secret; refusing to start in production/);
  }, 40_000);

  it('says which database it cannot reach', async () => {
    const port = await freePort();
    const r = await run({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nowhere`, KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\[claims\\] cannot start: .*(ECONNREFUSED|connect).*${port}`))]);
  }, 40_000);
});
