import { sampleProgramme, policyEvents } from '@fpi/reporting-domain';
import { eventually } from '@fpi/testing';
import type { SummaryResponse } from '../reports/get-summary/get-summary.handler';
import type { StatusResponse } from '../status/get-status/get-status.handler';
import { startHarness, type Harness } from '../testing/reporting-harness';
import { ProjectionSupervisor } from '../projections/projection-supervisor';
import { Client } from 'pg';

const { policies, claims } = sampleProgramme();
const all = [...policies.flat(), ...claims.flat()];
const AS_OF = encodeURIComponent('2021-03-31T00:00:00.000Z');
const QUERIES = ['', 'groupBy=county,month', 'groupBy=channel,referrer', 'groupBy=village,householdStatus'];

describe('rebuild: replay into a new generation and switch over without downtime', () => {
  let h: Harness;
  let pg: Client;

  beforeAll(async () => {
    h = await startHarness('rebuild');
    pg = new Client({ connectionString: h.db.url });
    await pg.connect();
    await h.produce(all);
    await h.caughtUp();
  }, 60_000);

  afterAll(async () => {
    await pg?.end();
    await h?.close();
  }, 30_000);

  const snapshot = () =>
    Promise.all(
      QUERIES.map(async (q) => {
        const res = await h.get<SummaryResponse>(`/reports/summary?${q}&asOf=${AS_OF}`);
        // A refused read is a different answer too; keep its status in what is compared.
        return res.status === 200 ? res.body.rows : { status: res.status, body: res.body };
      }),
    );

  /** Rows in one table and not the other, both ways: empty means equal as multisets of whole rows. */
  const difference = async (table: string, a: string, b: string) =>
    (await pg.query(`(SELECT * FROM ${a}.${table} EXCEPT ALL SELECT * FROM ${b}.${table}) UNION ALL (SELECT * FROM ${b}.${table} EXCEPT ALL SELECT * FROM ${a}.${table})`)).rowCount;

  it('rebuilds tables equal to the live ones, serving the same figures throughout', async () => {
    const before = await snapshot();
    const started = await h.post<{ generation: string; status: string }>('/admin/rebuilds');
    expect(started).toMatchObject({ status: 202, body: { generation: 'rm_v2', status: 'building' } });
    const again = await h.post<{ code: string }>('/admin/rebuilds');
    expect(again).toMatchObject({ status: 409, body: { code: 'REPORTING.REBUILD_IN_PROGRESS' } });

    // Readers keep getting the same answers while the rebuild runs and at the moment the views move.
    const during: unknown[] = [];
    const status = await eventually(async () => {
      during.push(await snapshot());
      const s = await h.get<StatusResponse>('/status');
      return s.body.active?.generation === 'rm_v2' && s.body.building === null ? s.body : undefined;
    }, 'the rebuilt generation to be switched in', 45_000, 50);
    for (const d of during) expect(d).toEqual(before);
    expect(await snapshot()).toEqual(before);
    expect(status.retired).toEqual(['rm_v1']);
    expect(status.active).toMatchObject({ caughtUp: true, lag: '0' });

    for (const table of ['policy_facts', 'claim_facts']) {
      expect((await pg.query(`SELECT count(*)::int AS n FROM rm_v2.${table}`)).rows[0].n).toBeGreaterThan(0);
      expect({ table, differing: await difference(table, 'rm_v1', 'rm_v2') }).toEqual({ table, differing: 0 });
    }
    const positions = async (schema: string) => (await pg.query(`SELECT topic, partition, next_offset, events_applied FROM ${schema}.checkpoints ORDER BY topic, partition`)).rows;
    expect(await positions('rm_v2')).toEqual(await positions('rm_v1'));
    const view = await pg.query(`SELECT definition FROM pg_views WHERE schemaname = 'rm' AND viewname = 'policy_facts'`);
    expect(view.rows[0].definition).toContain('rm_v2.policy_facts');
  }, 60_000);

  it('keeps projecting into the new generation, and drops only a retired one', async () => {
    await h.produce(policyEvents({ n: 50, programmeYear: 2021, villageCode: '410103001001', channel: 'COUNTER', appliedAt: '2021-03-20T00:00:00.000Z', paidAt: '2021-03-20T00:00:00.000Z' }));
    await h.caughtUp();
    const r = await h.get<SummaryResponse>(`/reports/summary?from=2021-03-01&to=2021-03-31&asOf=${AS_OF}`);
    expect(r.body.rows[0]!.figures.households).toBe('6');
    expect((await h.get<{ items: { schema: string; status: string }[] }>('/admin/generations')).body.items.map((g) => [g.schema, g.status])).toEqual([
      ['rm_v1', 'retired'],
      ['rm_v2', 'active'],
    ]);
    const inUse = await fetch(`${h.url}/admin/generations/rm_v2`, { method: 'DELETE', headers: h.auth });
    expect(inUse.status).toBe(409);
    const dropped = await fetch(`${h.url}/admin/generations/rm_v1`, { method: 'DELETE', headers: h.auth });
    expect(dropped.status).toBe(204);
    expect((await pg.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'rm_v1'`)).rows[0].n).toBe(0);
  }, 60_000);
  it('keeps a rebuild that lacks events out of service, and lets an admin abandon it so that a new one can start', async () => {
    const supervisor = h.app.get(ProjectionSupervisor);
    const offsets = await h.kafka.admin();
    await offsets.connect();
    let partition: { partition: number; high: string } | undefined;
    try {
      partition = (await offsets.fetchTopicOffsets(h.topics.enrollment)).map((o) => ({ partition: o.partition, high: o.high })).find((o) => Number(o.high) > 0);
    } finally {
      await offsets.disconnect();
    }
    if (!partition) throw new Error('no partition of the enrollment topic holds events');
    // A rebuild that found a partition's events gone (retention deleted them while it ran), made certain: its
    // generation starts with that partition's position past its events, before its consumers have joined.
    const lacking = await supervisor.generations.createBuilding();
    await pg.query(`INSERT INTO ${lacking.schema}.checkpoints (topic, partition, next_offset, first_offset) VALUES ($1, $2, $3, $3)`, [h.topics.enrollment, partition.partition, partition.high]);
    const building = await eventually(async () => {
      const s = (await h.get<StatusResponse>('/status')).body;
      return s.building?.caughtUp ? s.building : undefined;
    }, 'the lacking rebuild to catch up with what it can read', 30_000, 100);
    expect({ complete: building.historyComplete, missing: building.missingHistory }).toEqual({ complete: false, missing: [{ topic: h.topics.enrollment, partition: partition.partition, firstOffset: partition.high }] });
    await new Promise((r) => setTimeout(r, 1_000)); // several supervision passes (every 250 ms here)
    const generations = async () => (await h.get<{ items: { schema: string; status: string }[] }>('/admin/generations')).body.items.map((g) => [g.schema, g.status]);
    expect(await generations()).toEqual([['rm_v2', 'active'], [lacking.schema, 'building']]); // never switched in
    expect((await h.post<{ code: string }>('/admin/rebuilds')).body.code).toBe('REPORTING.REBUILD_IN_PROGRESS');

    const notARebuild = await fetch(`${h.url}/admin/rebuilds/rm_v2`, { method: 'DELETE', headers: h.auth });
    expect({ status: notARebuild.status, code: ((await notARebuild.json()) as { code: string }).code }).toEqual({ status: 409, code: 'REPORTING.NOT_A_REBUILD' });
    expect((await fetch(`${h.url}/admin/rebuilds/rm_v99`, { method: 'DELETE', headers: h.auth })).status).toBe(404);
    expect((await fetch(`${h.url}/admin/rebuilds/${lacking.schema}`, { method: 'DELETE', headers: h.auth })).status).toBe(204);
    expect(await generations()).toEqual([['rm_v2', 'active'], [lacking.schema, 'retired']]);
    expect((await h.get<StatusResponse>('/status')).body.building).toBeNull();

    // A new rebuild starts, reads everything and is switched in.
    const next = await h.post<{ generation: string }>('/admin/rebuilds');
    expect(next.status).toBe(202);
    await eventually(async () => ((await h.get<StatusResponse>('/status')).body.active?.generation === next.body.generation ? true : undefined), 'the new rebuild switched in', 30_000, 100);
    expect((await h.get<StatusResponse>('/status')).body.active?.historyComplete).toBe(true);
  }, 90_000);
});
