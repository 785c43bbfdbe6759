import { deadLetterTopic, Headers } from '@fpi/contracts';
import { claimEvents, policyEvents } from '@fpi/reporting-domain';
import { eventually } from '@fpi/testing';
import type { SummaryResponse } from '../reports/get-summary/get-summary.handler';
import { startHarness, type Harness } from '../testing/reporting-harness';

describe('poison messages go to the dead-letter topic and the partition keeps flowing', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('dlq');
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  const readDeadLetters = async (topics: string[], expected: number) => {
    const seen: { topic: string; value: string; headers: Record<string, string> }[] = [];
    const consumer = h.kafka.consumer({ groupId: `${topics[0]}.reader` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({ topic, value: message.value?.toString() ?? '', headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
      },
    });
    await eventually(async () => (seen.length >= expected ? true : undefined), `${expected} dead letters`, 30_000);
    await consumer.disconnect();
    return seen;
  };

  it('dead-letters unparseable, schema-invalid and persistently failing messages with their origin, and applies the rest', async () => {
    const before = claimEvents({ n: 1, policy: null, villageCode: '410102001001', reportedAt: '2021-03-01T00:00:00.000Z' });
    const after = claimEvents({ n: 2, policy: null, villageCode: '410102001001', reportedAt: '2021-03-02T00:00:00.000Z' });
    const overflowing = claimEvents({ n: 3, policy: null, villageCode: '410102001001', reportedAt: '2021-03-03T00:00:00.000Z' }).map((e) => ({ ...e, sequence: 3_000_000_000 }));
    const { regionCode: _dropped, ...withoutRegion } = claimEvents({ n: 4, policy: null, villageCode: '410102001001', reportedAt: '2021-03-04T00:00:00.000Z' })[0]!;
    // One key: every message lands in the same partition, in this order.
    const msg = (value: string, id: string) => ({ key: 'one-partition', value, headers: { [Headers.id]: id } });
    await h.produceRaw(h.topics.claims, [
      ...before.map((e) => msg(JSON.stringify(e), e.eventId)),
      msg('{not json', 'poison-1'),
      msg(JSON.stringify(withoutRegion), 'poison-2'),
      ...overflowing.map((e) => msg(JSON.stringify(e), e.eventId)),
      ...after.map((e) => msg(JSON.stringify(e), e.eventId)),
    ]);
    const policy = policyEvents({ n: 1, programmeYear: 2021, villageCode: '410102001001', channel: 'COUNTER', appliedAt: '2021-03-01T00:00:00.000Z' })[0]!;
    await h.produceRaw(h.topics.enrollment, [{ key: policy.aggregateId, value: JSON.stringify({ ...policy, version: 2 }), headers: { [Headers.id]: policy.eventId } }]);

    // The position moves past the dead letters, so the lag returns to zero.
    await h.caughtUp();
    const summary = await h.get<SummaryResponse>('/reports/summary?from=2021-03-01&to=2021-03-31&asOf=2021-04-01T00:00:00Z');
    expect(summary.body.rows[0]!.figures.claims.reported).toBe('2');

    const letters = await readDeadLetters([deadLetterTopic(h.topics.claims), deadLetterTopic(h.topics.enrollment)], 4);
    const dead = letters.filter((l) => l.topic === deadLetterTopic(h.topics.claims));
    const byId = Object.fromEntries(dead.map((d) => [d.headers[Headers.id], d]));
    const partition = byId['poison-1']!.headers[Headers.dlqSourcePartition];
    expect(byId['poison-1']!.headers).toMatchObject({ [Headers.dlqSourceTopic]: h.topics.claims, [Headers.dlqSourceOffset]: String(before.length), [Headers.dlqErrorClass]: 'PoisonMessageError', [Headers.dlqAttempts]: '1' });
    expect(byId['poison-2']!.headers).toMatchObject({ [Headers.dlqSourcePartition]: partition, [Headers.dlqSourceOffset]: String(before.length + 1), [Headers.dlqErrorClass]: 'PoisonMessageError' });
    expect(byId['poison-2']!.headers[Headers.dlqErrorMessage]).toContain('missing regionCode');
    // Valid JSON that no row can hold is retried (3 attempts here) before it is set aside.
    const failing = byId[overflowing[0]!.eventId]!;
    expect(failing.headers).toMatchObject({ [Headers.dlqSourceOffset]: String(before.length + 2), [Headers.dlqAttempts]: '3' });
    expect(failing.headers[Headers.dlqErrorMessage]).toMatch(/out of range/);
    expect(JSON.parse(byId['poison-1']!.value)).toEqual({ original: '{not json' });

    const enrollmentDead = letters.filter((l) => l.topic === deadLetterTopic(h.topics.enrollment));
    expect(enrollmentDead).toHaveLength(1);
    expect(enrollmentDead[0]!.headers).toMatchObject({ [Headers.dlqSourceTopic]: h.topics.enrollment, [Headers.dlqErrorClass]: 'PoisonMessageError' });
    expect(enrollmentDead[0]!.headers[Headers.dlqErrorMessage]).toContain('version');
  }, 60_000);
});
