import { Kafka, logLevel } from 'kafkajs';
import { Client, Pool } from 'pg';
import { createTestDatabase, eventually, resolveKafkaBrokers, uniqueTopic, type TestDatabase } from '@fpi/testing';
import { ensureTopics } from './kafka';
import { OUTBOX_BUNDLE_TYPE, outboxBundleMigration, outboxMigration, OutboxRelay, writeOutbox, writeOutboxBundle } from './outbox';
import { KafkaPublisher, type MessagePublisher, type OutboundMessage } from './publisher';

describe('transactional outbox relay', () => {
  let db: TestDatabase;
  let pool: Pool;
  let kafka: Kafka;

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    pool = new Pool({ connectionString: db.url });
    await pool.query(outboxMigration());
    await pool.query(outboxBundleMigration());
    kafka = new Kafka({ clientId: 'outbox-test', brokers: await resolveKafkaBrokers(), logLevel: logLevel.NOTHING });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const message = (topic: string, key: string, n: number): OutboundMessage => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    topic,
    key,
    type: 'Sample',
    source: 'test',
    time: new Date(0).toISOString(),
    value: { n },
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await writeOutbox(client, [message('t', 'k', 999)]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
  });

  it('keeps messages while the broker refuses them, then publishes them in order per key', async () => {
    const topic = uniqueTopic('outbox');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const real = new KafkaPublisher(kafka);
    let brokerDown = true;
    const flaky: MessagePublisher = {
      publish: async (ms) => {
        if (brokerDown) throw new Error('broker unavailable');
        await real.publish(ms);
      },
      close: () => real.close(),
    };
    const relay = new OutboxRelay({ pool, publisher: flaky, batchSize: 7, maxIdleMs: 50 });
    for (let n = 0; n < 30; n++) await writeOutbox(pool, [message(topic, `key-${n % 3}`, n)]);
    await writeOutbox(pool, [message(topic, 'key-0', 0)]); // a retried command: same message id, no second row
    relay.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.status().lastError).toBe('broker unavailable');
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(30);

    brokerDown = false;
    await eventually(async () => ((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0 ? true : undefined), 'outbox to drain');
    await relay.stop();
    await real.close();

    const received = new Map<string, number[]>();
    let count = 0;
    const c = kafka.consumer({ groupId: `${topic}-reader` });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      eachMessage: async ({ message: m }) => {
        const key = m.key!.toString();
        received.set(key, [...(received.get(key) ?? []), (JSON.parse(m.value!.toString()) as { n: number }).n]);
        count++;
      },
    });
    await eventually(async () => (count >= 30 ? true : undefined), '30 messages');
    await c.disconnect();
    expect(count).toBe(30);
    for (const [key, ns] of received) {
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(ns.every((n) => `key-${n % 3}` === key)).toBe(true);
    }
  }, 60_000);

  it('publishes an outbox backlog larger than one produce request (several MiB) without getting stuck', async () => {
    const topic = uniqueTopic('outbox-big');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const publisher = new KafkaPublisher(kafka);
    const relay = new OutboxRelay({ pool, publisher, batchSize: 500, maxIdleMs: 50 });
    const pad = 'y'.repeat(10_000);
    const big = Array.from({ length: 400 }, (_, n) => ({ ...message(topic, `k-${n % 4}`, 100_000 + n), value: { n, pad } }));
    await writeOutbox(pool, big);
    relay.start();
    await eventually(async () => ((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0 ? true : undefined), 'the 4 MB backlog to drain', 30_000);
    await relay.stop();
    await publisher.close();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((t, p) => t + Number(p.high), 0)).toBe(400);
  }, 60_000);

  /** Every message of `topic` from the start, as [key, n] in the order each partition holds them. */
  async function readAll(topic: string, expected: number): Promise<{ key: string; n: number; id: string }[]> {
    const got: { key: string; n: number; id: string; partition: number; offset: bigint }[] = [];
    const c = kafka.consumer({ groupId: `${topic}-reader` });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      eachMessage: async ({ partition, message: m }) => {
        const ceId = m.headers?.['ce_id']?.toString() ?? '';
        got.push({ key: m.key?.toString() ?? '', n: (JSON.parse(m.value?.toString() ?? 'null') as { n: number }).n, id: ceId, partition, offset: BigInt(m.offset) });
      },
    });
    await eventually(async () => (got.length >= expected ? true : undefined), `${expected} messages on ${topic}`);
    await new Promise((r) => setTimeout(r, 300)); // and nothing more arrives
    await c.disconnect();
    return got.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
  }

  it('publishes bundles and single rows in write order per key, a bundle larger than a page included, and ignores a retried bundle', async () => {
    const topic = uniqueTopic('outbox-bundle');
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    const publisher = new KafkaPublisher(kafka);
    // Pages of 4 messages: the 9-message bundle is larger than a page and must still go out whole.
    const relay = new OutboxRelay({ pool, publisher, batchSize: 4, maxIdleMs: 50 });
    const m = (n: number) => message(topic, `key-${n % 2}`, 200_000 + n);
    await writeOutbox(pool, [m(0)]);
    await writeOutboxBundle(pool, [1, 2, 3, 4, 5, 6, 7, 8, 9].map(m));
    await writeOutbox(pool, [m(10)]);
    await writeOutboxBundle(pool, [11, 12].map(m));
    await writeOutboxBundle(pool, [1, 2, 3, 4, 5, 6, 7, 8, 9].map(m)); // a retried command: no second bundle
    expect((await pool.query(`SELECT count(*)::int AS rows, sum(message_count)::int AS messages FROM outbox WHERE topic = $1`, [topic])).rows[0]).toEqual({ rows: 4, messages: 13 });
    relay.start();
    await eventually(async () => ((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n === 0 ? true : undefined), 'outbox to drain');
    expect(relay.status().published).toBe(13);
    await relay.stop();
    await publisher.close();

    const got = await readAll(topic, 13);
    expect(got).toHaveLength(13);
    for (const key of ['key-0', 'key-1']) {
      const ns = got.filter((g) => g.key === key).map((g) => g.n - 200_000);
      expect(ns).toEqual(Array.from({ length: 13 }, (_, n) => n).filter((n) => `key-${n % 2}` === key));
    }
    // Each message keeps its own id for consumers' de-duplication, not the bundle row's.
    expect(new Set(got.map((g) => g.id)).size).toBe(13);
    expect(got.find((g) => g.n === 200_005)?.id).toBe(message(topic, 'key-1', 200_005).id);
  }, 60_000);

  it('leaves a bundle that does not hold what it counts in place and reports it, instead of publishing part of it', async () => {
    const topic = uniqueTopic('outbox-bad-bundle');
    const sent: OutboundMessage[] = [];
    const recording: MessagePublisher = { publish: async (ms) => void sent.push(...ms), close: async () => undefined };
    await pool.query(
      `INSERT INTO outbox (message_id, topic, key, type, source, time, payload, message_count) VALUES ($1, $2, '', $3, 'test', now(), $4::json, 3)`,
      [message(topic, 'k', 300_000).id, topic, OUTBOX_BUNDLE_TYPE, JSON.stringify([{ ...message(topic, 'k', 300_000), subject: null, headers: {} }])],
    );
    const relay = new OutboxRelay({ pool, publisher: recording, batchSize: 10, maxIdleMs: 50 });
    relay.start();
    await eventually(async () => (relay.status().lastError ? true : undefined), 'the relay to report the bad bundle');
    await relay.stop();
    expect(relay.status().lastError).toMatch(/does not hold the 3 messages it counts/);
    expect(sent).toHaveLength(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1`, [topic])).rows[0].n).toBe(1);
    await pool.query(`DELETE FROM outbox WHERE topic = $1`, [topic]);
  }, 30_000);

  it('takes the lock again after its session dies, and publishes nothing while another session holds it', async () => {
    const lockKey = 'outbox-relay:outbox';
    const topic = uniqueTopic('outbox-lock');
    const sent: OutboundMessage[] = [];
    const recording: MessagePublisher = { publish: async (ms) => void sent.push(...ms), close: async () => undefined };
    // A pool of its own, named, so that the relay's lock session can be told apart from the test's.
    const relayPool = new Pool({ connectionString: db.url, application_name: 'outbox-lock-relay' });
    const relay = new OutboxRelay({ pool: relayPool, publisher: recording, batchSize: 10, maxIdleMs: 50 });
    const relayLockPid = async (): Promise<number | undefined> => {
      const { rows } = await pool.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'outbox-lock-relay'`,
      );
      return rows[0]?.pid;
    };
    const outboxHolds = async (m: OutboundMessage) => (await pool.query('SELECT 1 FROM outbox WHERE message_id = $1', [m.id])).rowCount === 1;
    const first = message(topic, 'k', 400_000);
    const second = message(topic, 'k', 400_001);
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      relay.start();
      const lockPid = await eventually(relayLockPid, 'the relay to take the lock');
      await writeOutbox(pool, [first]);
      relay.notify();
      await eventually(async () => (sent.some((m) => m.id === first.id) ? true : undefined), 'the first message to be published');

      // Another session queues for the lock, so that it gets the lock the moment the relay's session ends
      // (PostgreSQL grants a released lock to its waiter; the relay's try-lock cannot overtake it).
      const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const taken = blocker.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      await eventually(
        async () => ((await pool.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1`, [blockerPid])).rowCount === 1 ? true : undefined),
        'the other session to wait for the lock',
      );
      await pool.query('SELECT pg_terminate_backend($1)', [lockPid]);
      await taken;

      // The relay lost its lock with its session: while the other session holds it, the relay publishes nothing.
      await writeOutbox(pool, [second]);
      relay.notify();
      await new Promise((r) => setTimeout(r, 1500));
      expect(sent.map((m) => m.id)).toEqual([first.id]);
      expect(await outboxHolds(second)).toBe(true);
      expect(await relayLockPid()).toBeUndefined();

      // Once the lock is free, the relay takes it again in a new session and carries on.
      await blocker.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      await eventually(async () => (sent.some((m) => m.id === second.id) ? true : undefined), 'the second message to be published');
      expect(sent.map((m) => m.id)).toEqual([first.id, second.id]);
      const newPid = await eventually(relayLockPid, 'the relay to hold the lock again');
      expect(newPid).not.toBe(lockPid);
      expect(relay.status().published).toBe(2);
    } finally {
      await relay.stop();
      await relayPool.end();
      await blocker.end();
    }
  }, 30_000);
});
