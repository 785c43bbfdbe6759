import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, Headers } from '@fpi/contracts';
import { eventually, resolveKafkaBrokers, uniqueTopic } from '@fpi/testing';
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
});
