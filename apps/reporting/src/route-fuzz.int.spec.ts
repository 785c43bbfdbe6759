import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { listRoutes, loadConfig, mintDevToken, resolveSecurityOptions } from '@fpi/platform';
import { auditHead, CLEAN_FUZZ, COMMANDS_RECORDED_OK, eventually, fuzzProblems, fuzzRoutes, tableFootprint, waitForQuiet, type FuzzRuns, type OpenApiDocument } from '@fpi/testing';
import { reportingConfigSchema } from './config';
import { startHarness, type Harness } from './testing/reporting-harness';

/** Operations in the OpenAPI document when this spec was written; fewer means routes went missing from the fuzzing. */
const ROUTES_COUNTED_BY_HAND = 18;
// Mostly reads with many query parameters: the budget goes to queries.
const RUNS: FuzzRuns = { auth: 4, 'malformed-json': 3, 'media-type': 4, body: 12, path: 8, query: 24, header: 4 };
/** The audit trail records every command, refused ones included (with their code): compared separately below. */
const AUDIT_TABLES = ['security_audit_log', 'security_audit_head'];

describe('reporting: every documented route refuses malformed input with a coded 4xx and writes nothing (real PostgreSQL and Kafka)', () => {
  let h: Harness;
  let pool: Pool;

  const query = async <T>(sql: string): Promise<T[]> => (await pool.query(sql)).rows as T[];
  const footprint = () => tableFootprint(query, AUDIT_TABLES);

  beforeAll(async () => {
    h = await startHarness('route_fuzz', { env: { NODE_ENV: 'test' } });
    pool = new Pool({ connectionString: h.db.url, max: 2 });
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await h?.close();
  }, 60_000);

  it('fuzzes every route of the OpenAPI document: never a 5xx, every 4xx coded, a malformed command never accepted or written', async () => {
    await h.caughtUp();
    // One rebuild retires the first generation, so that dropping it is a command that would succeed as sent.
    const started = await h.post<{ generation: string }>('/admin/rebuilds');
    expect(started.status).toBe(202);
    const retired = await eventually(async () => {
      const r = await h.get<{ items: { schema: string; status: string }[] }>('/admin/generations');
      const active = r.body.items.find((g) => g.status === 'active');
      return active?.schema === started.body.generation ? r.body.items.find((g) => g.status === 'retired')?.schema : undefined;
    }, 'the rebuilt generation to become active', 30_000, 100);
    await h.caughtUp();
    await waitForQuiet(footprint);

    const doc = (await h.get<OpenApiDocument>('/docs/json')).body;
    const auditBefore = await auditHead(query);
    const security = resolveSecurityOptions(loadConfig(reportingConfigSchema, { DATABASE_URL: h.db.url, NODE_ENV: 'test' }));
    const report = await fuzzRoutes({
      baseUrl: h.url,
      doc,
      registered: listRoutes(h.app).map((r) => ({ method: r.method, path: r.path, public: r.declaration.kind === 'public' })),
      setup: {
        token: h.auth['authorization']!.replace(/^Bearer /, ''),
        expiredToken: mintDevToken(security, { sub: 'test-admin', role: 'admin' }, { now: new Date('2000-01-01T00:00:00Z'), ttlSeconds: 60 }),
        samples: { probeId: randomUUID(), generation: retired },
        // Without a period most reports answer 400 before the parameter being fuzzed is looked at.
        query: { programmeYear: '2021' },
      },
      seed: 20210301,
      runs: RUNS,
      footprint,
    });

    expect(fuzzProblems(report, RUNS)).toEqual(CLEAN_FUZZ);
    expect(report.routes.length).toBeGreaterThanOrEqual(ROUTES_COUNTED_BY_HAND);
    // Refused commands are audited with their code; none of them may be recorded as done.
    expect(await query<{ action: string }>(COMMANDS_RECORDED_OK(auditBefore))).toEqual([]);
  }, 120_000);
});
