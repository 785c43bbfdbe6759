import { Kafka, logLevel } from 'kafkajs';
import { Client, Pool } from 'pg';
import { deadLetterTopic, Headers } from '@fpi/contracts';
import { isTransientPgError } from '@fpi/event-store/postgres-errors';
import { createTestDatabase, eventually, resolveKafkaBrokers, resolvePostgresUrl, uniqueTopic } from '@fpi/testing';
import { BatchConsumer, parseJson, PoisonMessageError, type RawMessage } from './batch-consumer';
import { ensureTopics } from './kafka';
import { KafkaPublisher } from './publisher';

interface Sample {
  n: number;
}

const decode = (raw: RawMessage): Sample => {
  const v = parseJson(raw) as Sample;
  if (typeof v?.n !== 'number') throw new PoisonMessageError('missing n');
  return v;
};

describe('batch consumer against a real broker', () => {
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  const consumers: BatchConsumer<Sample>[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'batch-consumer-test', brokers: await resolveKafkaBrokers(), logLevel: logLevel.NOTHING });
    publisher = new KafkaPublisher(kafka);
  });
  // Leaving a consumer group waits for the broker's answer, which under a full parallel test run can take
  // longer than Jest's default 5 s for a hook.
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await publisher.close();
  }, 30_000);

  const send = async (topic: string, values: (string | object)[]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((v, i) => ({ key: 'k', value: typeof v === 'string' ? v : JSON.stringify(v), headers: { [Headers.id]: `${topic}-${i}`, [Headers.type]: 'Sample' } })),
    });
    await producer.disconnect();
  };

  /** Sends samples to one partition, each with its own event id. */
  const sendTo = async (topic: string, partition: number, samples: { id: string; n: number }[]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: samples.map((s) => ({ partition, key: `p${partition}`, value: JSON.stringify({ n: s.n }), headers: { [Headers.id]: s.id, [Headers.type]: 'Sample' } })),
    });
    await producer.disconnect();
  };

  /** What the group has committed, per partition. */
  const committed = async (groupId: string, topic: string): Promise<Record<number, string>> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, p.offset]));
    } finally {
      await admin.disconnect();
    }
  };

  /** How many messages `topic` holds in all. */
  const messageCount = async (topic: string): Promise<number> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  const groupMembers = async (groupId: string): Promise<{ state: string; members: string[] }> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      return { state: groups[0]?.state ?? 'unknown', members: (groups[0]?.members ?? []).map((m) => m.memberId) };
    } finally {
      await admin.disconnect();
    }
  };

  const readAll = async (topic: string, expected: number) => {
    const seen: { value: string; headers: Record<string, string> }[] = [];
    const c = kafka.consumer({ groupId: `${topic}-reader` });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      eachMessage: async ({ message }) => {
        seen.push({ value: message.value!.toString(), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
      },
    });
    await eventually(async () => (seen.length >= expected ? true : undefined), `${expected} messages on ${topic}`, 20_000);
    await c.disconnect();
    return seen;
  };

  it('dead-letters poison and persistently failing messages with their origin, and keeps the partition flowing', async () => {
    const topic = uniqueTopic('batch');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: deadLetterTopic(topic), numPartitions: 1 }]);
    const applied: number[] = [];
    const consumer = new BatchConsumer<Sample>({
      kafka,
      groupId: `${topic}-group`,
      topics: [topic],
      source: 'test',
      decode,
      deadLetters: publisher,
      maxAttempts: 3,
      retryBackoffMs: 10,
      handle: async (ms) => {
        if (ms.some((m) => m.value.n === 13)) throw new Error('unlucky number 13912345678');
        applied.push(...ms.map((m) => m.value.n));
      },
    });
    consumers.push(consumer);
    await send(topic, [{ n: 1 }, 'not json', { n: 13 }, { wrong: true }, { n: 2 }]);
    await consumer.start();
    await send(topic, [{ n: 3 }]);

    await eventually(async () => (applied.includes(3) ? true : undefined), 'message after the poison ones to be applied', 30_000);
    expect(applied).toEqual([1, 2, 3]);

    const dead = await readAll(deadLetterTopic(topic), 3);
    expect(dead).toHaveLength(3);
    const byOffset = Object.fromEntries(dead.map((d) => [d.headers[Headers.dlqSourceOffset], d]));
    expect(Object.keys(byOffset).sort()).toEqual(['1', '2', '3']);
    expect(byOffset['1']!.headers).toMatchObject({ [Headers.dlqSourceTopic]: topic, [Headers.dlqSourcePartition]: '0', [Headers.dlqErrorClass]: 'PoisonMessageError', [Headers.dlqAttempts]: '1' });
    expect(byOffset['2']!.headers).toMatchObject({ [Headers.dlqErrorClass]: 'Error', [Headers.dlqAttempts]: '3' });
    // The error text quoted a phone number: it leaves masked.
    expect(byOffset['2']!.headers[Headers.dlqErrorMessage]).toBe('unlucky number 139****5678');
    expect(byOffset['2']!.headers[Headers.dlqFirstFailureAt]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(byOffset['1']!.value)).toEqual({ original: 'not json' });
  }, 60_000);

  it('dead-letters what a handler declares poison at once, and names each partition its own error when partitions fail together', async () => {
    class AlphaError extends Error {
      override readonly name = 'AlphaError';
    }
    class BetaError extends Error {
      override readonly name = 'BetaError';
    }
    const topic = uniqueTopic('batch-classes');
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }, { topic: deadLetterTopic(topic), numPartitions: 1 }]);
    const applied: number[] = [];
    const declaredPoisonAlone: number[] = [];
    const consumer = new BatchConsumer<Sample>({
      kafka,
      groupId: `${topic}-group`,
      topics: [topic],
      source: 'test',
      decode,
      deadLetters: publisher,
      maxAttempts: 3,
      retryBackoffMs: 10,
      partitionsConsumedConcurrently: 2,
      handle: async (ms) => {
        if (ms.length === 1 && ms[0]?.value.n === -2) declaredPoisonAlone.push(-2);
        // Both partitions fail at the same moment, each with an error of its own.
        await new Promise((r) => setTimeout(r, 20));
        if (ms.some((m) => m.value.n === -1)) throw new AlphaError('alpha');
        if (ms.some((m) => m.value.n === -2)) throw new PoisonMessageError('declared poison by the handler');
        if (ms.some((m) => m.value.n === -3)) throw new BetaError('beta');
        applied.push(...ms.map((m) => m.value.n));
      },
    });
    consumers.push(consumer);
    await sendTo(topic, 0, [{ id: `${topic}-a1`, n: 1 }, { id: `${topic}-a2`, n: -1 }]);
    await sendTo(topic, 1, [{ id: `${topic}-b1`, n: 2 }, { id: `${topic}-b2`, n: -2 }, { id: `${topic}-b3`, n: -3 }]);
    await consumer.start();

    const dead = await readAll(deadLetterTopic(topic), 3);
    expect(dead).toHaveLength(3);
    const byOrigin = Object.fromEntries(dead.map((d) => [`${d.headers[Headers.dlqSourcePartition]}/${d.headers[Headers.dlqSourceOffset]}`, d.headers]));
    expect(Object.keys(byOrigin).sort()).toEqual(['0/1', '1/1', '1/2']);
    expect(byOrigin['0/1']).toMatchObject({ [Headers.id]: `${topic}-a2`, [Headers.dlqErrorClass]: 'AlphaError', [Headers.dlqAttempts]: '3' });
    expect(byOrigin['1/1']).toMatchObject({ [Headers.id]: `${topic}-b2`, [Headers.dlqErrorClass]: 'PoisonMessageError', [Headers.dlqAttempts]: '1' });
    expect(byOrigin['1/2']).toMatchObject({ [Headers.id]: `${topic}-b3`, [Headers.dlqErrorClass]: 'BetaError', [Headers.dlqAttempts]: '3' });
    // Declared poison is not retried on its own.
    expect(declaredPoisonAlone).toEqual([-2]);
    await eventually(async () => (applied.length >= 2 ? true : undefined), 'the healthy messages to be applied');
    expect([...applied].sort()).toEqual([1, 2]);
  }, 60_000);

  it('waits out a PostgreSQL outage longer than its retry budget: nothing dead-lettered or committed meanwhile, everything applied once afterwards', async () => {
    const topic = uniqueTopic('batch-outage');
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }, { topic: deadLetterTopic(topic), numPartitions: 1 }]);
    const groupId = `${topic}-group`;
    const db = await createTestDatabase('batch_outage');
    // The handler connects as a role of its own, so that the test can shut it out of PostgreSQL: its sessions
    // are terminated (57P01) and new ones refused (53300, too many connections) until the limit is lifted.
    const role = `${db.name}_handler`;
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    const handlerUrl = new URL(db.url);
    handlerUrl.username = role;
    const handlerPool = new Pool({ connectionString: handlerUrl.toString(), max: 4, connectionTimeoutMillis: 5000 });
    // Idle sessions terminated by the test fail here; without a listener they would crash the test process.
    handlerPool.on('error', () => undefined);
    let consumer: BatchConsumer<Sample> | undefined;
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      await admin.query(`CREATE TABLE applied (seq bigserial PRIMARY KEY, id text NOT NULL, n integer NOT NULL, partition integer NOT NULL)`);
      await admin.query(`GRANT SELECT, INSERT ON applied TO "${role}"; GRANT USAGE ON SEQUENCE applied_seq_seq TO "${role}"`);

      const errors: unknown[] = [];
      consumer = new BatchConsumer<Sample>({
        kafka,
        groupId,
        topics: [topic],
        source: 'test',
        decode,
        deadLetters: publisher,
        // Under the old rules these settings dead-lettered a message after ~150 ms of failures; the outage lasts 8 s.
        maxAttempts: 3,
        retryBackoffMs: 50,
        maxRetryBackoffMs: 400,
        // Shorter than the outage: only heartbeats while waiting keep the member in its group.
        sessionTimeoutMs: 6000,
        partitionsConsumedConcurrently: 2,
        handle: async (ms) => {
          if (ms.some((m) => m.value.n < 0)) throw new RangeError('negative n');
          const c = await handlerPool.connect();
          let broken = false;
          try {
            await c.query('BEGIN');
            for (const m of ms) await c.query('INSERT INTO applied (id, n, partition) VALUES ($1, $2, $3)', [m.id, m.value.n, m.partition]);
            await c.query('COMMIT');
          } catch (e) {
            await c.query('ROLLBACK').catch(() => {
              broken = true;
            });
            throw e;
          } finally {
            c.release(broken);
          }
        },
        onError: (e) => errors.push(e),
      });
      const appliedCount = async () => (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM applied')).rows[0]?.n ?? 0;
      const samples = (partition: number, from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `${topic}-${partition}-${from + i}`, n: from + i }));

      await sendTo(topic, 0, samples(0, 0, 5));
      await sendTo(topic, 1, samples(1, 100, 5));
      await consumer.start();
      await eventually(async () => ((await appliedCount()) === 10 ? true : undefined), 'the first messages to be applied', 30_000);
      await eventually(async () => {
        const offsets = await committed(groupId, topic);
        return offsets[0] === '5' && offsets[1] === '5' ? true : undefined;
      }, 'their offsets to be committed');
      const before = await groupMembers(groupId);
      expect(before.members).toHaveLength(1);

      // PostgreSQL goes away for the handler.
      await admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT 0`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      await eventually(async () => ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE usename = $1', [role])).rowCount === 0 ? true : undefined), 'the handler sessions to end');
      const failuresBefore = errors.length;
      await sendTo(topic, 0, samples(0, 5, 5));
      await sendTo(topic, 1, samples(1, 105, 5));
      await new Promise((r) => setTimeout(r, 8000));

      const outageErrors = errors.slice(failuresBefore);
      // Retried well past maxAttempts on both partitions, and every failure was a genuine PostgreSQL refusal.
      expect(outageErrors.length).toBeGreaterThan(2 * 3 * 2);
      expect(outageErrors.filter((e) => !isTransientPgError(e))).toEqual([]);
      expect(outageErrors.some((e) => (e as { code?: string }).code === '53300')).toBe(true);
      expect(await appliedCount()).toBe(10);
      expect(await committed(groupId, topic)).toEqual({ 0: '5', 1: '5' });
      expect(await messageCount(deadLetterTopic(topic))).toBe(0);

      // PostgreSQL answers again: processing resumes where it stopped.
      await admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`);
      await eventually(async () => ((await appliedCount()) === 20 ? true : undefined), 'the messages of the outage to be applied', 20_000);
      await eventually(async () => {
        const offsets = await committed(groupId, topic);
        return offsets[0] === '10' && offsets[1] === '10' ? true : undefined;
      }, 'their offsets to be committed');
      const { rows } = await admin.query<{ id: string; n: number; partition: number }>('SELECT id, n, partition FROM applied ORDER BY seq');
      // Each message exactly once, and each partition in its order.
      expect(rows.map((r) => r.id).sort()).toEqual([...samples(0, 0, 10), ...samples(1, 100, 10)].map((s) => s.id).sort());
      expect(rows.filter((r) => r.partition === 0).map((r) => r.n)).toEqual(samples(0, 0, 10).map((s) => s.n));
      expect(rows.filter((r) => r.partition === 1).map((r) => r.n)).toEqual(samples(1, 100, 10).map((s) => s.n));
      expect(await messageCount(deadLetterTopic(topic))).toBe(0);
      // The same member throughout: the waits kept heartbeating through an outage longer than the session timeout.
      const after = await groupMembers(groupId);
      expect(after).toEqual({ state: 'Stable', members: before.members });

      // A failure during the outage is not remembered once the message succeeded: a later message under the same
      // event id (a republished event) that fails for good reports its own first failure.
      const resentAt = Date.now();
      await sendTo(topic, 0, [{ id: `${topic}-0-5`, n: -1 }]);
      const [dead, ...more] = await readAll(deadLetterTopic(topic), 1);
      expect(more).toEqual([]);
      expect(dead?.headers).toMatchObject({ [Headers.id]: `${topic}-0-5`, [Headers.dlqErrorClass]: 'RangeError', [Headers.dlqAttempts]: '3', [Headers.dlqSourceOffset]: '10' });
      expect(Date.parse(dead?.headers[Headers.dlqFirstFailureAt] ?? '')).toBeGreaterThanOrEqual(resentAt);
      expect(await appliedCount()).toBe(20);
    } finally {
      await consumer?.stop();
      await handlerPool.end();
      await admin.end();
      await db.drop();
      const server = new Client({ connectionString: await resolvePostgresUrl() });
      await server.connect();
      await server.query(`DROP ROLE IF EXISTS "${role}"`).finally(() => server.end());
    }
  }, 60_000);
});
