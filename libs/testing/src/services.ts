import { createConnection } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Test set-up finds each real service in this order: an explicit URL in the environment, the local
 * services that `npm test` started (deploy/local), a testcontainers container where a Docker engine
 * answers, else a clear error saying what is missing and how to provide it. Never a mock.
 */

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_KAFKA = '127.0.0.1:9092';

export class MissingServiceError extends Error {
  constructor(service: string, howToProvide: string) {
    super(`${service} is not reachable. ${howToProvide}`);
    this.name = 'MissingServiceError';
  }
}

export function tcpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let dockerAnswer: Promise<boolean> | undefined;
/** True when testcontainers can reach a container runtime (false on the project's machines). */
export function dockerAvailable(): Promise<boolean> {
  dockerAnswer ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return dockerAnswer;
}

const containers: { stop(): Promise<unknown> }[] = [];
/** Stops containers started by this process (call from a global teardown). */
export async function stopTestContainers(): Promise<void> {
  await Promise.all(containers.splice(0).map((c) => c.stop()));
}

let pgUrl: Promise<string> | undefined;
/** URL of a PostgreSQL server on which tests may create databases (maintenance database `postgres`). */
export function resolvePostgresUrl(): Promise<string> {
  pgUrl ??= (async () => {
    const explicit = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    if (explicit) return explicit;
    if (await tcpAnswers('127.0.0.1', 5432)) return DEFAULT_PG;
    if (await dockerAvailable()) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const c = await new PostgreSqlContainer('postgres:15').start();
      containers.push(c);
      return c.getConnectionUri();
    }
    throw new MissingServiceError(
      'PostgreSQL',
      'Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres), run `npm run services:up` (installs and starts Debian\'s PostgreSQL where allowed), or start a Docker engine for testcontainers.',
    );
  })();
  return pgUrl;
}

let kafkaBrokers: Promise<string[]> | undefined;
export function resolveKafkaBrokers(): Promise<string[]> {
  kafkaBrokers ??= (async () => {
    const explicit = process.env['KAFKA_BROKERS'];
    if (explicit) return explicit.split(',').map((s) => s.trim());
    if (await tcpAnswers('127.0.0.1', 9092)) return [DEFAULT_KAFKA];
    if (await dockerAvailable()) {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const c = await new KafkaContainer('confluentinc/cp-kafka:7.6.1').withKraft().start();
      containers.push(c);
      return [`${c.getHost()}:${c.getMappedPort(9093)}`];
    }
    throw new MissingServiceError(
      'Kafka',
      'Set KAFKA_BROKERS, run `npm run services:up` (starts the local broker from deploy/local/kafka), or start a Docker engine for testcontainers.',
    );
  })();
  return kafkaBrokers;
}

export type KurrentResolution = { url: string } | { skipped: string };
/** KurrentDB cannot run on the project's machines: the answer says why a leg is skipped. */
export async function resolveKurrentDb(): Promise<KurrentResolution> {
  const explicit = process.env['KURRENTDB_URL'];
  if (explicit) return { url: explicit };
  if (await dockerAvailable()) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const c = await new GenericContainer('docker.kurrent.io/kurrent-latest/kurrentdb:latest')
      .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    containers.push(c);
    return { url: `kurrentdb://${c.getHost()}:${c.getMappedPort(2113)}?tls=false` };
  }
  return { skipped: 'KURRENTDB_URL is not set and no Docker engine answers (testcontainers: no container runtime), so no KurrentDB server is reachable here' };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, isolated database for one test file; dropped (with its connections) by `drop()`. On the shared
 * server unless `serverUrl` names another (a test's private server, e.g. PrivatePostgres.url).
 */
export async function createTestDatabase(prefix: string, serverUrl?: string): Promise<TestDatabase> {
  const server = serverUrl ?? (await resolvePostgresUrl());
  const name = `t_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`.slice(0, 63);
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A topic name no other test uses. */
export const uniqueTopic = (base: string): string => `test.${base}.${randomBytes(4).toString('hex')}`;

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
