import { sampleProgramme } from '@fpi/reporting-domain';
import { startHarness, type Harness } from '../testing/reporting-harness';

/**
 * A rebuild replays the topics from their first offset. When retention has deleted the first events of a
 * partition, the rebuilt tables would be short of them and yet switch in as caught up: the rebuild is
 * refused, with what is missing, and the live generation keeps serving.
 */
describe('rebuild refused when a topic no longer holds its first events (real broker)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('truncated');
    const { policies } = sampleProgramme();
    await h.produce(policies.flat());
    await h.caughtUp();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('answers 409 REPORTING.HISTORY_TRUNCATED naming the partition, and starts no generation', async () => {
    const admin = h.kafka.admin();
    await admin.connect();
    let partition = -1;
    try {
      const offsets = await admin.fetchTopicOffsets(h.topics.enrollment);
      const withEvents = offsets.find((o) => Number(o.high) > 1);
      if (!withEvents) throw new Error('no partition of the enrollment topic holds two events');
      partition = withEvents.partition;
      // What retention does to an old segment: the first event of the partition is gone for good.
      await admin.deleteTopicRecords({ topic: h.topics.enrollment, partitions: [{ partition, offset: '1' }] });
    } finally {
      await admin.disconnect();
    }
    const before = await h.get<{ items: unknown[] }>('/admin/generations');

    const refused = await h.post<{ code: string; message: string; details: { truncated: { topic: string; partition: number; firstOffset: string }[] } }>('/admin/rebuilds');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REPORTING.HISTORY_TRUNCATED');
    expect(refused.body.details.truncated).toEqual([{ topic: h.topics.enrollment, partition, firstOffset: '1' }]);
    expect(refused.body.message).toMatch(/retention\.ms=-1/);
    expect((await h.get('/admin/generations')).body).toEqual(before.body);
  });
});
