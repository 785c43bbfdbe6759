import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { createTestDatabase, eventually, resolveKafkaBrokers, uniqueTopic, type TestDatabase } from '@fpi/testing';
import { ensureTopics } from './kafka';
import { outboxMigration, OutboxRelay, writeOutbox } from './outbox';
import { KafkaPublisher, type MessagePublisher, type OutboundMessage } from './publisher';

describe('transactional outbox relay', () => {
  let db: TestDatabase;
  let pool: Pool;
  let kafka: Kafka;

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    pool = new Pool({ connectionString: db.url });
    await pool.query(outboxMigration());
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
});
