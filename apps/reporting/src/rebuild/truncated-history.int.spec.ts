import { Client } from 'pg';
import { sampleProgramme } from '@fpi/reporting-domain';
import { startHarness, type Harness } from '../testing/reporting-harness';
import type { StatusResponse } from '../status/get-status/get-status.handler';

/**
 * When retention has deleted the first events of a partition, tables built from the topic now would be
 * short of them and yet look caught up. A rebuild is refused, with what is missing, and the live generation
 * keeps serving; a first generation (a new database) that can only start after the gap says, on /status,
 * that its history is incomplete and where.
 */
describe('a topic that no longer holds its first events (real broker)', () => {
  let h: Harness;
  let partition = -1;

  beforeAll(async () => {
    h = await startHarness('truncated');
    const { policies } = sampleProgramme();
    await h.produce(policies.flat());
    await h.caughtUp();
    const admin = h.kafka.admin();
    await admin.connect();
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
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('answers a rebuild 409 REPORTING.HISTORY_TRUNCATED naming the partition, and starts no generation', async () => {
    const before = await h.get<{ items: unknown[] }>('/admin/generations');

    const refused = await h.post<{ code: string; message: string; details: { truncated: { topic: string; partition: number; firstOffset: string }[] } }>('/admin/rebuilds');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REPORTING.HISTORY_TRUNCATED');
    expect(refused.body.details.truncated).toEqual([{ topic: h.topics.enrollment, partition, firstOffset: '1' }]);
    expect(refused.body.message).toMatch(/retention\.ms=-1/);
    expect((await h.get('/admin/generations')).body).toEqual(before.body);
  });

  it('keeps the live generation complete (it read every partition from offset 0)', async () => {
    const status = await h.get<StatusResponse>('/status');
    expect({ complete: status.body.active?.historyComplete, missing: status.body.active?.missingHistory }).toEqual({ complete: true, missing: [] });
  });

  it('has a new database say that its first generation lacks the deleted events, and where', async () => {
    const late = await startHarness('truncated-late', { env: { ENROLLMENT_EVENTS_TOPIC: h.topics.enrollment, CLAIM_EVENTS_TOPIC: h.topics.claims } });
    try {
      const status = await late.caughtUp(); // caught up with what is left: the lag alone would not tell
      expect(status.active?.historyComplete).toBe(false);
      expect(status.active?.missingHistory).toEqual([{ topic: h.topics.enrollment, partition, firstOffset: '1' }]);
      const partitionLag = status.active?.topics.find((t) => t.topic === h.topics.enrollment)?.partitions.find((p) => p.partition === partition);
      expect(partitionLag?.firstOffset).toBe('1');

      // Positions from before first offsets were recorded (the migration leaves them empty): complete where
      // the topic still starts at 0, unknown where it does not.
      const pg = new Client({ connectionString: late.db.url });
      await pg.connect();
      try {
        await pg.query(`UPDATE rm_v1.checkpoints SET first_offset = NULL`);
      } finally {
        await pg.end();
      }
      const unknown = (await late.get<StatusResponse>('/status')).body.active;
      expect({ complete: unknown?.historyComplete, missing: unknown?.missingHistory }).toEqual({ complete: null, missing: [] });
    } finally {
      await late.close();
    }
  }, 60_000);
});
