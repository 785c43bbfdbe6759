import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { ConsumedMessage } from '@fpi/messaging';
import {
  claimEvents,
  claimFactsProjection,
  policyFactsProjection,
  project,
  sampleProgramme,
  toProjectionEvent,
  type ClaimFact,
  type PolicyFact,
  type ProjectionEvent,
} from '@fpi/reporting-domain';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { Diagnostics1764300000000 } from '../migrations/1764300000000-diagnostics';
import { ReportingProjections1764500000000 } from '../migrations/1764500000000-reporting-projections';
import { CLAIM_TABLE, fromDb, POLICY_TABLE } from './fact-rows';
import { ProjectionWriter } from './projection-writer';

const { policies, claims } = sampleProgramme();
const events = [...policies.flat(), ...claims.flat()].map((e) => toProjectionEvent('claimId' in e ? 'claims' : 'enrollment', JSON.parse(JSON.stringify(e))));

const asMessages = (list: readonly ProjectionEvent[], firstOffset = 0, topic = 't', partition = 0): ConsumedMessage<ProjectionEvent>[] =>
  list.map((value, i) => ({ topic, partition, offset: String(firstOffset + i), key: value.aggregateId, id: value.eventId, type: value.event.type, headers: {}, value }));

describe('projection writer against real PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool;
  let writer: ProjectionWriter;

  beforeAll(async () => {
    db = await createTestDatabase('reporting_writer');
    ds = new DataSource({ type: 'postgres', url: db.url, migrations: [Diagnostics1764300000000, ReportingProjections1764500000000], migrationsTableName: 'schema_migrations', logging: false });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    pool = new Pool({ connectionString: db.url, max: 4 });
    writer = new ProjectionWriter(pool, 'rm_v1');
  }, 30_000);

  afterAll(async () => {
    await pool?.end();
    await ds?.destroy();
    await db?.drop();
  });

  const policyRowsInDb = async (): Promise<PolicyFact[]> => (await pool.query('SELECT * FROM rm_v1.policy_facts ORDER BY policy_id')).rows.map((r) => fromDb(POLICY_TABLE, r));
  const claimRowsInDb = async (): Promise<ClaimFact[]> => (await pool.query('SELECT * FROM rm_v1.claim_facts ORDER BY claim_id')).rows.map((r) => fromDb(CLAIM_TABLE, r));
  const position = async () => (await pool.query("SELECT next_offset, events_applied FROM rm_v1.checkpoints WHERE topic = 't' AND partition = 0")).rows[0] as { next_offset: string; events_applied: string };
  const byKey = <R>(m: Map<string, R>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);

  it('writes exactly the rows the pure projection computes, and the position with them', async () => {
    // Two batches, as Kafka would cut them.
    const messages = asMessages(events);
    await writer.apply('t', 0, messages.slice(0, 20));
    await writer.apply('t', 0, messages.slice(20));
    expect(await policyRowsInDb()).toEqual(byKey(project(policyFactsProjection, events)));
    expect(await claimRowsInDb()).toEqual(byKey(project(claimFactsProjection, events)));
    expect(await position()).toEqual({ next_offset: String(events.length), events_applied: String(events.length) });
  });

  it('ignores a redelivered batch (same offsets), run twice', async () => {
    const before = { p: await policyRowsInDb(), c: await claimRowsInDb(), pos: await position() };
    for (let i = 0; i < 2; i++) await writer.apply('t', 0, asMessages(events).slice(10, 30));
    expect({ p: await policyRowsInDb(), c: await claimRowsInDb(), pos: await position() }).toEqual(before);
  });

  it('ignores the same events republished at new offsets (event ids), but moves the position on', async () => {
    const before = { p: await policyRowsInDb(), c: await claimRowsInDb() };
    await writer.apply('t', 0, asMessages(events, events.length));
    expect({ p: await policyRowsInDb(), c: await claimRowsInDb() }).toEqual(before);
    expect(await position()).toEqual({ next_offset: String(2 * events.length), events_applied: String(events.length) });
  });

  it('ignores an older revision under a new event id (the revision guard)', async () => {
    const before = await claimRowsInDb();
    const stale = events.filter((e) => e.aggregate === 'claim' && e.revision === 1).map((e) => ({ ...e, eventId: `${e.eventId}:again` }));
    await writer.apply('t', 0, asMessages(stale, 2 * events.length));
    expect(await claimRowsInDb()).toEqual(before);
  });

  it('writes nothing at all when the batch fails before commit (no row, no event id, no position)', async () => {
    const pos = await position();
    const fresh = claimEvents({ n: 900, policy: null, villageCode: '410102001001', reportedAt: '2021-05-01T00:00:00.000Z' }).map((e) => toProjectionEvent('claims', e));
    // A sequence beyond PostgreSQL's integer range is contract-valid JSON but no row can hold it: the batch fails.
    const overflow = { ...fresh[0]!, eventId: 'CLM-overflow', aggregateId: 'CLM-overflow', revision: 3_000_000_000, event: { ...fresh[0]!.event, claimId: 'CLM-overflow', eventId: 'CLM-overflow', sequence: 3_000_000_000 } } as ProjectionEvent;
    await expect(writer.apply('t', 0, asMessages([...fresh, overflow], Number(pos.next_offset)))).rejects.toThrow(/out of range/);
    expect((await pool.query("SELECT count(*)::int AS n FROM rm_v1.claim_facts WHERE claim_id IN ('CLM-00000900', 'CLM-overflow')")).rows[0].n).toBe(0);
    expect((await pool.query("SELECT count(*)::int AS n FROM rm_v1.applied_events WHERE event_id LIKE 'CLM-00000900%'")).rows[0].n).toBe(0);
    expect(await position()).toEqual(pos);
  });

  it('records the offset of the first message each partition gave it, and keeps it', async () => {
    const firstOf = async (partition: number) => (await pool.query<{ first_offset: string }>(`SELECT first_offset FROM rm_v1.checkpoints WHERE topic = 'u' AND partition = $1`, [partition])).rows[0]?.first_offset;
    const sample = events.slice(0, 3);
    await writer.apply('u', 0, asMessages(sample, 0, 'u', 0)); // read from the partition's start
    await writer.apply('u', 0, asMessages(sample, 3, 'u', 0)); // a later batch changes nothing
    await writer.apply('u', 1, asMessages(sample, 7, 'u', 1)); // offsets 0-6 were gone when it read
    await writer.advance('u', 2, '4', '5'); // a first batch that was dead-lettered
    await writer.apply('u', 3, asMessages(sample, 1, 'u', 3)); // offset 0 was poison: apply saw 1 onwards...
    await writer.advance('u', 3, '0', '4'); // ...and the dead letter's batch began at 0
    expect([await firstOf(0), await firstOf(1), await firstOf(2), await firstOf(3)]).toEqual(['0', '7', '4', '0']);
  });

  it('advances past dead letters, never backwards', async () => {
    const pos = await position();
    await writer.advance('t', 0, pos.next_offset, String(Number(pos.next_offset) + 5));
    expect((await position()).next_offset).toBe(String(Number(pos.next_offset) + 5));
    await writer.advance('t', 0, '0', '1');
    expect((await position()).next_offset).toBe(String(Number(pos.next_offset) + 5));
  });
});
