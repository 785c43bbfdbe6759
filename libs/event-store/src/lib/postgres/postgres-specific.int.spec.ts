import { randomUUID } from 'node:crypto';
import { Client, types as pgTypes } from 'pg';
import { createTestDatabase, eventually, resolvePostgresUrl, type TestDatabase } from '@fpi/testing';
import type { CheckpointStore, RecordedEvent } from '../event-store';
import { WrongExpectedVersionError } from '../errors';
import { ev, ids, readAllOf, sleep, uniq, waitFor } from '../../testing/test-helpers';
import { createEventStorePool } from './pool';
import { PostgresEventStore } from './postgres-event-store';

// PostgreSQL-only failure modes: the ones the xid8 fence, the checkpoint and the retry loops exist for.

let db: TestDatabase;
let store: PostgresEventStore;
let poolErrors = 0;

beforeAll(async () => {
  db = await createTestDatabase('es_resilience');
  store = await PostgresEventStore.connect({
    connectionString: db.url,
    onError: () => {
      poolErrors += 1;
    },
    polling: { minPollMs: 2, maxPollMs: 50, retry: { initialMs: 20, maxMs: 200 } },
    retry: { attempts: 8, backoff: { initialMs: 20, maxMs: 300 } },
  });
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

it('stalls behind a transaction holding an append open, never skips it, and delivers everything once it commits', async () => {
  const category = `stall${uniq()}`;
  const seen: RecordedEvent[] = [];
  const sub = store.subscribeToAll({ subscriptionId: `stall-${uniq()}`, checkpoints: store.checkpointStore(), filter: { category } }, (e) => {
    seen.push(e);
  });
  const held = new Client({ connectionString: db.url });
  await held.connect();
  try {
    await store.appendToStream(`${category}-0`, [ev('First')]);
    await waitFor(seen, 1, 'first event');

    // This transaction takes its xid (and global_position) before the appends below, but commits after them.
    await held.query('BEGIN');
    await held.query(`SELECT * FROM es_append($1, 'any', NULL, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [`${category}-held`, [randomUUID()], ['Held'], ['{}'], ['{}']]);
    for (let i = 1; i <= 5; i++) await store.appendToStream(`${category}-${i}`, [ev('Later')]);
    await sleep(600);

    expect(seen.map((e) => e.type)).toEqual(['First']);
    expect((await store.readAll({ filter: { category } })).events.map((e) => e.type)).toEqual(['First']);
    // Stream reads are not fenced: a writer still reads its own stream at once.
    expect(await store.readStream(`${category}-1`)).toHaveLength(1);

    await held.query('COMMIT');
    await waitFor(seen, 7, 'after the held commit');
    await sleep(100);
    expect(seen.map((e) => e.type)).toEqual(['First', 'Held', 'Later', 'Later', 'Later', 'Later', 'Later']);
    expect(new Set(ids(seen)).size).toBe(7);
  } finally {
    await held.end();
    await sub.stop();
  }
});

it('resumes after a crash from its last stored checkpoint: what followed it is delivered again, nothing is lost', async () => {
  const category = `crash${uniq()}`;
  for (let i = 0; i < 30; i++) await store.appendToStream(`${category}-${i % 3}`, [ev('E', { i })]);
  const all = await readAllOf(store, { category }, 30);

  // A process kill: from the moment of the crash nothing more reaches the durable checkpoint table.
  const durable = store.checkpointStore();
  let alive = true;
  const dying: CheckpointStore = {
    load: (id) => durable.load(id),
    store: async (id, position) => {
      if (alive) await durable.store(id, position);
    },
  };
  const subscriptionId = `crash-${uniq()}`;
  const firstRun: RecordedEvent[] = [];
  const first = store.subscribeToAll({ subscriptionId, checkpoints: dying, filter: { category }, batchSize: 10 }, (e) => {
    if (firstRun.length === 15) {
      alive = false;
      throw new Error('process killed');
    }
    firstRun.push(e);
  });
  await expect(first.done).rejects.toThrow('process killed');
  // Page one (10 events) was checkpointed; the five handled events of page two were not.
  expect(await durable.load(subscriptionId)).toBe(firstRun[9]?.position);

  const secondRun: RecordedEvent[] = [];
  const second = store.subscribeToAll({ subscriptionId, checkpoints: durable, filter: { category }, batchSize: 10 }, (e) => {
    secondRun.push(e);
  });
  try {
    await waitFor(secondRun, 20, 'restarted subscription');
    await sleep(100);
  } finally {
    await second.stop();
  }
  expect(secondRun[0]?.id).toBe(firstRun[10]?.id);
  expect(secondRun.map((e) => e.data['i'])).toEqual(Array.from({ length: 20 }, (_, k) => k + 10));
  expect([...ids(firstRun.slice(0, 10)), ...ids(secondRun)]).toEqual(ids(all));
});

it('recovers when every connection of the database is terminated mid-subscription, and delivers everything once', async () => {
  const category = `restart${uniq()}`;
  const seen: RecordedEvent[] = [];
  let retries = 0;
  const sub = store.subscribeToAll(
    { subscriptionId: `restart-${uniq()}`, checkpoints: store.checkpointStore(), filter: { category }, onRetry: () => (retries += 1) },
    (e) => {
      seen.push(e);
    },
  );
  const admin = new Client({ connectionString: await resolvePostgresUrl() });
  await admin.connect();
  let terminated = 0;
  const errorsBefore = poolErrors;
  try {
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 15; i++) {
        const batch = [ev('Written', { w, i })];
        // The caller retries with the same event ids: an append cut off during COMMIT cannot land twice.
        for (let attempt = 1; ; attempt++) {
          try {
            await store.appendToStream(`${category}-${w}`, batch);
            break;
          } catch (e) {
            if (attempt >= 20) throw e;
            await sleep(50);
          }
        }
        await sleep(8);
      }
    });
    // A PostgreSQL restart, as far as this database's clients can tell: every backend is killed.
    const killer = (async () => {
      for (let k = 0; k < 3; k++) {
        await sleep(100);
        const { rows } = await admin.query<{ n: string }>(
          'SELECT count(*) AS n FROM (SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t WHERE ok',
          [db.name],
        );
        terminated += Number(rows[0]?.n ?? 0);
      }
    })();
    await Promise.all([...writers, killer]);
    await waitFor(seen, 60, 'events after the restarts');
    await sleep(200);
  } finally {
    await admin.end();
    await sub.stop();
  }
  expect(terminated).toBeGreaterThan(0);
  expect(poolErrors - errorsBefore + retries).toBeGreaterThan(0);
  expect(seen).toHaveLength(60);
  expect(new Set(ids(seen)).size).toBe(60);
  for (let w = 0; w < 4; w++) {
    const stream = `${category}-${w}`;
    expect(seen.filter((e) => e.streamName === stream).map((e) => e.data['i'])).toEqual(Array.from({ length: 15 }, (_, i) => i));
    const read = await store.readStream(stream);
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 15 }, (_, i) => BigInt(i)));
  }
});

it('sets idle_in_transaction_session_timeout on the pool sessions, so a forgotten transaction cannot stall readers for long', async () => {
  const pool = createEventStorePool({ connectionString: db.url, max: 1, idleInTransactionTimeoutMs: 300 });
  try {
    const { rows } = await pool.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
    expect(rows[0]?.idle_in_transaction_session_timeout).toBe('300ms');
    const client = await pool.connect();
    // A checked-out client has no pool listener: without one, its connection's failure would crash the process.
    const killedWith: string[] = [];
    client.on('error', (e: Error & { code?: string }) => {
      killedWith.push(e.code ?? e.message);
    });
    try {
      await client.query('BEGIN');
      await sleep(700);
      await expect(client.query('SELECT 1')).rejects.toThrow();
    } finally {
      client.release(true);
    }
    expect(killedWith).toContain('25P03'); // idle_in_transaction_session_timeout
    await eventually(async () => ((await pool.query('SELECT 1')).rowCount === 1 ? true : undefined), 'the pool to reconnect');
  } finally {
    await pool.end();
  }
});

it('refuses U+0000, which jsonb cannot hold, with a clear error and writes nothing', async () => {
  const s = `nul-${uniq()}`;
  await expect(store.appendToStream(s, [ev('Nul', { text: 'a\u0000b' })])).rejects.toThrow(/U\+0000/);
  await expect(store.readStream(s)).rejects.toThrow(/not found/);
  await store.appendToStream(s, [ev('Escaped', { text: '\\u0000 is fine as text' })]);
  expect((await store.readStream(s))[0]?.data).toEqual({ text: '\\u0000 is fine as text' });
});

it('reads correctly when another library has changed the global pg type parsers (as Emmett does)', async () => {
  const s = `types-${uniq()}`;
  await store.appendToStream(s, [ev('Typed', { fen: { $bigint: '12345678901234567890' }, n: 1 })]);
  const original = { int8: pgTypes.getTypeParser(20, 'text'), jsonb: pgTypes.getTypeParser(3802, 'text') };
  pgTypes.setTypeParser(20, (v: string) => Number(v));
  pgTypes.setTypeParser(3802, () => 'hijacked');
  try {
    const [read] = await store.readStream(s);
    expect(read?.data).toEqual({ fen: { $bigint: '12345678901234567890' }, n: 1 });
    expect(read?.revision).toBe(0n);
    expect(read?.position).toMatch(/^[0-9]+:[0-9]+$/);
  } finally {
    pgTypes.setTypeParser(20, original.int8);
    pgTypes.setTypeParser(3802, original.jsonb);
  }
});

it('treats a replay whose expected state still holds (any), even concurrent copies of it, as one write', async () => {
  const s = `replay-${uniq()}`;
  const batch = [ev('A'), ev('B')];
  expect((await store.appendToStream(s, batch, { expectedState: 'any' })).nextExpectedRevision).toBe(1n);
  expect((await store.appendToStream(s, batch, { expectedState: 'any' })).nextExpectedRevision).toBe(1n);
  const racing = [ev('C')];
  const results = await Promise.all(Array.from({ length: 8 }, () => store.appendToStream(s, racing, { expectedState: 'any' })));
  expect(results.map((r) => r.nextExpectedRevision)).toEqual(Array.from({ length: 8 }, () => 2n));
  expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
});

it('reads a filtered page in index-ordered windows: sparse matches behind many other events, each page as long as asked, none skipped', async () => {
  // The filtered read scans at most a few hundred rows per statement; 1,500 other events before and
  // between the matches make it go window after window within one call.
  const category = `sparse${uniq()}`;
  const noise = `noise${uniq()}`;
  const append = (stream: string, n: number) => store.appendToStream(stream, Array.from({ length: n }, (_, i) => ev('Noted', { i })));
  for (let i = 0; i < 6; i++) await append(`${noise}-${i}`, 250);
  await append(`${category}-a`, 2);
  for (let i = 6; i < 12; i++) await append(`${noise}-${i}`, 250);
  await append(`${category}-b`, 1);
  // Once all three are below the cluster's transaction horizon (other databases' transactions hold it back),
  // a read sees every one of them.
  const visible = await readAllOf(store, { category }, 3, 1);

  const first = await store.readAll({ maxCount: 2, filter: { category } });
  expect(first.events.map((e) => `${e.streamName}@${e.revision}`)).toEqual([`${category}-a@0`, `${category}-a@1`]);
  const second = await store.readAll({ fromPosition: first.nextPosition, maxCount: 2, filter: { category } });
  expect(second.events.map((e) => `${e.streamName}@${e.revision}`)).toEqual([`${category}-b@0`]);
  // Caught up: nothing more, and the position moved past the 1,500 events scanned, so the next poll does not rescan them.
  const third = await store.readAll({ fromPosition: second.nextPosition, maxCount: 2, filter: { category } });
  expect(third.events).toEqual([]);
  expect((await store.readAll({ fromPosition: third.nextPosition, maxCount: 10 })).events).toEqual([]);
  // A reader paging one event at a time saw the same three, in order.
  expect(visible.map((e) => e.id)).toEqual([...first.events, ...second.events].map((e) => e.id));
});

it('lets concurrent $all reads from one position share one statement, each getting at most what it asked for', async () => {
  const pool = createEventStorePool({ connectionString: db.url });
  let reads = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const config = args[0] as { name?: string };
    if (typeof config === 'object' && config.name?.startsWith('fpi_es_read_all')) reads += 1;
    return query(...args);
  };
  const shared = new PostgresEventStore({ pool });
  try {
    const category = `shared${uniq()}`;
    // Read from just before this test's events, so that each read is one statement (one window).
    const fromPosition = (await shared.appendToStream(`other${uniq()}-0`, [ev('Before')])).position!;
    await shared.appendToStream(`${category}-1`, [ev('A'), ev('B'), ev('C')]);
    await readAllOf(shared, { category }, 3); // below the cluster's transaction horizon
    reads = 0;
    const [big, same, small] = await Promise.all([
      shared.readAll({ fromPosition, maxCount: 10, filter: { category } }),
      shared.readAll({ fromPosition, maxCount: 10, filter: { category } }),
      shared.readAll({ fromPosition, maxCount: 2, filter: { category } }),
    ]);
    expect(reads).toBe(1);
    expect(big.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(same.events.map((e) => e.id)).toEqual(big.events.map((e) => e.id));
    expect(small.events.map((e) => e.type)).toEqual(['A', 'B']);
    expect(small.nextPosition).toBe(small.events[1]!.position);
    // A read asking for more than the one in flight, or from elsewhere, runs its own statement.
    await Promise.all([
      shared.readAll({ fromPosition, maxCount: 1, filter: { category } }),
      shared.readAll({ fromPosition, maxCount: 3, filter: { category } }),
      shared.readAll({ fromPosition: small.nextPosition, maxCount: 1, filter: { category } }),
    ]);
    expect(reads).toBe(4);
    // And once the shared read has finished, the next read asks the database again (it may find more).
    await shared.appendToStream(`${category}-1`, [ev('D')]);
    const later = await eventually(async () => {
      const page = await shared.readAll({ fromPosition: big.nextPosition, maxCount: 10, filter: { category } });
      return page.events.length > 0 ? page : undefined;
    }, 'the fourth event below the horizon');
    expect(later.events.map((e) => e.type)).toEqual(['D']);
  } finally {
    await pool.end();
  }
});

it('appends with a guard of the caller in one statement: both or neither, and nothing when the guard declines', async () => {
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query('CREATE TABLE IF NOT EXISTS guard_keys (key text PRIMARY KEY, note text NOT NULL)');
    const guard = (key: string, note: string) => ({ text: 'INSERT INTO guard_keys (key, note) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING 1', values: [key, note] });
    const stream = `guarded${uniq()}-1`;
    const notes = async (key: string) => (await admin.query<{ note: string }>('SELECT note FROM guard_keys WHERE key = $1', [key])).rows.map((r) => r.note);

    const first = await store.appendToStreamGuarded(stream, [ev('A'), ev('B')], { expectedState: 'no_stream' }, guard('k-1', 'first'));
    expect(first?.nextExpectedRevision).toBe(1n);
    expect(await notes('k-1')).toEqual(['first']);
    // The guard declines (its key is taken): nothing is appended, and the answer says so.
    expect(await store.appendToStreamGuarded(stream, [ev('C')], { expectedState: 1n }, guard('k-1', 'second'))).toBeNull();
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
    expect(await notes('k-1')).toEqual(['first']);
    // The append fails (stale expected revision): the guard's row goes with it.
    await expect(store.appendToStreamGuarded(stream, [ev('C')], { expectedState: 0n }, guard('k-2', 'stale'))).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await notes('k-2')).toEqual([]);
    const third = await store.appendToStreamGuarded(stream, [ev('C')], { expectedState: 1n }, guard('k-2', 'third'));
    expect(third?.nextExpectedRevision).toBe(2n);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(await notes('k-2')).toEqual(['third']);
  } finally {
    await admin.end();
  }
});
