/**
 * Event store benchmark (not part of `npm test`):
 *
 *   node -r @swc-node/register test/perf/event-store.bench.ts [--seconds=2] [--rounds=2]
 *
 * Append throughput of @fpi/event-store's PostgreSQL adapter with 1, 8 and 32 concurrent writers
 * and 1 or 10 events per append, interleaved in the same run with the same load on a plain
 * single-statement `pg` INSERT and on Emmett's PostgreSQL event store (one stream per writer
 * everywhere, `any` expected version, durable commits); then the `$all` read rate against a COPY of
 * the same rows. Runs in a dedicated database that it creates and drops.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { Pool, type Submittable } from 'pg';
import { ALL_START, InMemoryCheckpointStore, PostgresEventStore, createEventStorePool } from '@fpi/event-store';
import { createTestDatabase } from '@fpi/testing';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const SECONDS = arg('seconds', 2);
const ROUNDS = arg('rounds', 2);
const WRITERS = [1, 8, 32];
const BATCHES = [1, 10];
const MAX_POOL = 32;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const payload = (w: number, i: number): { claimId: string; amountFen: { $bigint: string }; note: string; i: number } => ({
  claimId: `claim-${w}`,
  amountFen: { $bigint: String(123_456_00 + i) },
  note: 'accidental injury, hospital stay, receipts attached',
  i,
});

interface Target {
  readonly name: string;
  append(writer: number, batch: number, i: number): Promise<void>;
}

interface Rate {
  appends: number;
  events: number;
}

/** Runs `writers` loops that append as fast as they can for SECONDS; returns appends/s and events/s. */
async function measure(target: Target, writers: number, batch: number, seconds: number): Promise<Rate> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let appends = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await target.append(w, batch, i);
        appends += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { appends: appends / elapsed, events: (appends * batch) / elapsed };
}

/** COPY ... TO STDOUT through node-postgres, counting rows (one CopyData message per row). */
class CopyOutCounter implements Submittable {
  rows = 0;
  bytes = 0;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  private failed: Error | undefined;
  readonly done = new Promise<void>((resolve, reject) => {
    this.settle = { resolve, reject };
  });
  constructor(private readonly text: string) {}
  submit(connection: Parameters<Submittable['submit']>[0]): void {
    (connection as unknown as { query(text: string): void }).query(this.text);
  }
  handleCopyData(msg: { chunk: Buffer }): void {
    this.rows += 1;
    this.bytes += msg.chunk.length;
  }
  handleCommandComplete(): void {
    // node-postgres calls this after the last row; completion is signalled by ReadyForQuery.
  }
  handleError(error: Error): void {
    this.failed = error;
  }
  handleReadyForQuery(): void {
    if (this.failed) this.settle.reject(this.failed);
    else this.settle.resolve();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_event_store');
  console.log(`database ${db.name}; ${SECONDS}s per measurement, ${ROUNDS} interleaved rounds; PostgreSQL durable commits (synchronous_commit=on)`);
  // Idle connections close quickly, so three pools of 32 stay under max_connections between phases.
  const poolSettings = { max: MAX_POOL, idleTimeoutMillis: 300 };
  const storePool = createEventStorePool({ connectionString: db.url, pool: poolSettings });
  const rawPool = new Pool({ connectionString: db.url, ...poolSettings });
  const emmettPool = new Pool({ connectionString: db.url, ...poolSettings });
  let emmett: EmmettStore | undefined;
  try {
    await PostgresEventStore.migrate(storePool);
    const store = new PostgresEventStore({ pool: storePool });
    await rawPool.query('CREATE TABLE bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_name text NOT NULL, data jsonb NOT NULL)');
    emmett = getPostgreSQLEventStore(db.url, { connectionOptions: { pool: emmettPool } });
    await emmett.schema.migrate();
    const emmettStore = emmett;

    const targets: Target[] = [
      {
        name: 'fpi',
        append: async (w, batch, i) => {
          await store.appendToStream(
            `bench-${w}`,
            Array.from({ length: batch }, (_, k) => ({ id: randomUUID(), type: 'BenchEvent', data: payload(w, i * batch + k) })),
          );
        },
      },
      {
        name: 'raw',
        append: async (w, batch, i) => {
          if (batch === 1) {
            await rawPool.query('INSERT INTO bench_raw (stream_name, data) VALUES ($1, $2::jsonb)', [`raw-${w}`, JSON.stringify(payload(w, i))]);
          } else {
            const rows = Array.from({ length: batch }, (_, k) => JSON.stringify(payload(w, i * batch + k)));
            await rawPool.query('INSERT INTO bench_raw (stream_name, data) SELECT $1, unnest($2::jsonb[])', [`raw-${w}`, rows]);
          }
        },
      },
      {
        name: 'emmett',
        append: async (w, batch, i) => {
          await emmettStore.appendToStream(
            `emmett-${w}`,
            Array.from({ length: batch }, (_, k) => ({ type: 'BenchEvent', data: payload(w, i * batch + k) })),
          );
        },
      },
    ];

    // Warm-up: connections, prepared statements, plans, first pages of each table.
    for (const t of targets) await measure(t, 8, 1, 0.5);

    const results = new Map<string, Map<string, Rate[]>>();
    for (const writers of WRITERS) {
      for (const batch of BATCHES) {
        const key = `${writers}w x ${batch}e`;
        const perTarget = new Map<string, Rate[]>(targets.map((t) => [t.name, []]));
        results.set(key, perTarget);
        for (let round = 0; round < ROUNDS; round++) {
          // Rotate the order each round so no system always runs on a warmer (or more bloated) database.
          const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
          for (const t of order) {
            await sleep(400);
            perTarget.get(t.name)?.push(await measure(t, writers, batch, SECONDS));
          }
        }
        const m = (name: string): Rate => {
          const rs = perTarget.get(name) ?? [];
          return { appends: mean(rs.map((r) => r.appends)), events: mean(rs.map((r) => r.events)) };
        };
        console.log(
          `${key.padEnd(10)} fpi ${fmt(m('fpi').events).padStart(8)} ev/s (${fmt(m('fpi').appends)} appends/s) | raw ${fmt(m('raw').events).padStart(8)} ev/s | emmett ${fmt(m('emmett').events).padStart(8)} ev/s | fpi/raw ${ratio(m('fpi').events, m('raw').events)} | fpi/emmett ${ratio(m('fpi').events, m('emmett').events)}`,
        );
      }
    }

    // $all read rate against COPY of the same rows in the same order.
    const { rows: countRows } = await storePool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events');
    const total = Number(countRows[0]?.n ?? 0);
    const readAll = async (): Promise<number> => {
      const started = performance.now();
      let n = 0;
      let from = ALL_START;
      for (;;) {
        const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
        n += page.events.length;
        if (page.events.length < 1000) break;
        from = page.nextPosition;
      }
      if (n !== total) throw new Error(`readAll returned ${n} of ${total} events`);
      return n / ((performance.now() - started) / 1000);
    };
    const copy = async (): Promise<number> => {
      const client = await storePool.connect();
      try {
        const started = performance.now();
        const counter = client.query(
          new CopyOutCounter(
            'COPY (SELECT tx_id, global_position, stream_name, revision, event_id, event_type, data, metadata, created_at FROM es_events ORDER BY tx_id, global_position) TO STDOUT',
          ),
        );
        await counter.done;
        if (counter.rows !== total) throw new Error(`COPY returned ${counter.rows} of ${total} rows`);
        return counter.rows / ((performance.now() - started) / 1000);
      } finally {
        client.release();
      }
    };
    const subscription = async (): Promise<number> => {
      const started = performance.now();
      let n = 0;
      let done: () => void = () => undefined;
      const finished = new Promise<void>((r) => (done = r));
      const sub = store.subscribeToAll({ subscriptionId: `bench-${randomUUID()}`, checkpoints: new InMemoryCheckpointStore(), batchSize: 1000 }, () => {
        n += 1;
        if (n === total) done();
      });
      await finished;
      const rate = n / ((performance.now() - started) / 1000);
      await sub.stop();
      return rate;
    };
    const reads = { copy: [] as number[], readAll: [] as number[], subscription: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      reads.copy.push(await copy());
      reads.readAll.push(await readAll());
      reads.subscription.push(await subscription());
    }
    const rCopy = mean(reads.copy);
    const rAll = mean(reads.readAll);
    const rSub = mean(reads.subscription);
    console.log(`$all over ${fmt(total)} events: readAll ${fmt(rAll)} ev/s | catch-up subscription ${fmt(rSub)} ev/s | COPY ${fmt(rCopy)} rows/s | readAll/COPY ${ratio(rAll, rCopy)}`);

    // Targets from the issue.
    const at = (key: string, name: string): number => mean((results.get(key)?.get(name) ?? []).map((r) => r.events));
    const checks: [string, number, number][] = [
      ['8 writers, 1 event: fpi / raw INSERT >= 0.7', at('8w x 1e', 'fpi') / at('8w x 1e', 'raw'), 0.7],
      ['8 writers, 1 event: fpi / Emmett >= 1.5', at('8w x 1e', 'fpi') / at('8w x 1e', 'emmett'), 1.5],
      ['8 writers: 10 events per append / 1 event per append (events/s) >= 4', at('8w x 10e', 'fpi') / at('8w x 1e', 'fpi'), 4],
      ['$all readAll / COPY >= 0.25', rAll / rCopy, 0.25],
    ];
    console.log('\ntargets');
    for (const [what, value, min] of checks) console.log(`  ${value >= min ? 'PASS' : 'MISS'}  ${what}: ${value.toFixed(2)}`);
  } finally {
    await emmett?.close().catch(() => undefined);
    await Promise.all([storePool.end(), rawPool.end(), emmettPool.end().catch(() => undefined)]);
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
