import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { listRoutes, loadConfig, ManualClock, mintDevToken, resolveSecurityOptions } from '@fpi/platform';
import { auditHead, CLEAN_FUZZ, COMMANDS_RECORDED_OK, fuzzProblems, fuzzRoutes, tableFootprint, waitForQuiet, type FuzzRuns, type OpenApiDocument } from '@fpi/testing';
import { enrollmentConfigSchema } from './config';
import { api, startEnrollmentApp, TEST_ACTOR, type EnrollmentTestApp } from './testing/enrollment-test-app';
import { family, GIFTED_HEADER, giftProduct, household, person, programmeYear2025, standardProduct, VILLAGE } from './testing/fixtures';

/** Operations in the OpenAPI document when this spec was written; fewer means routes went missing from the fuzzing. */
const ROUTES_COUNTED_BY_HAND = 34;
const RUNS: FuzzRuns = { auth: 4, 'malformed-json': 3, 'media-type': 4, body: 30, path: 8, query: 8, header: 8 };
/** The audit trail records every command, refused ones included (with their code): compared separately below. */
const AUDIT_TABLES = ['security_audit_log', 'security_audit_head'];

describe('enrollment: every documented route refuses malformed input with a coded 4xx and writes nothing (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-02-10T02:00:00.000Z');
  let t: EnrollmentTestApp;
  let baseUrl: string;

  const query = <T>(sql: string) => t.query<T>(sql);
  const footprint = () => tableFootprint(query, AUDIT_TABLES);

  beforeAll(async () => {
    t = await startEnrollmentApp('enrollment_route_fuzz', clock, { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('fuzzes every route of the OpenAPI document: never a 5xx, every 4xx coded, a malformed command never accepted or written', async () => {
    const http = api(t);
    const created = async (res: request.Test) => {
      const r = await res;
      if (r.status !== 201) throw new Error(`setup answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    };
    await created(http.post('/programme-years', programmeYear2025));
    await created(http.post('/programme-years/2025/products', standardProduct()));
    await created(http.post('/programme-years/2025/products', giftProduct()));
    const enrolled = await created(http.post('/households', household(family())));
    const policy = await created(http.post('/policies', { householdId: enrolled['householdId'], programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' }));
    const unenrolled = await created(http.post('/households', household(family())));
    const referrer = await created(http.post('/referrers', { name: '某', villageCodes: [VILLAGE] }));
    const csv = [GIFTED_HEADER, `G1,LOW_INCOME,449901,449901001,${VILLAGE},HEAD,甲某,${person('1970-01-01')},,`].join('\r\n');
    const batch = await created(http.raw().post('/gifted-batches?programmeYear=2025&productCode=GIFT-60').set({ 'Idempotency-Key': http.key(), 'Content-Type': 'text/csv' }).send(csv));
    // The outbox relay deletes what it has published: wait until it is idle, so that only requests write.
    await waitForQuiet(footprint, async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]?.n === 0);

    const doc = (await request(t.http).get('/docs/json')).body as OpenApiDocument;
    const auditBefore = await auditHead(query);
    const security = resolveSecurityOptions(loadConfig(enrollmentConfigSchema, { NODE_ENV: 'test', DATABASE_URL: t.db.url }));
    const report = await fuzzRoutes({
      baseUrl,
      doc,
      registered: listRoutes(t.app).map((r) => ({ method: r.method, path: r.path, public: r.declaration.kind === 'public' })),
      setup: {
        token: t.token,
        expiredToken: mintDevToken(security, { sub: TEST_ACTOR, role: 'admin' }, { now: new Date('2000-01-01T00:00:00Z'), ttlSeconds: 60 }),
        samples: {
          policyId: String(policy['policyId']),
          householdId: String(enrolled['householdId']),
          referrerId: String(referrer['referrerId']),
          batchId: String(batch['batchId']),
          year: '2025',
          code: 'STD-60',
          programmeYear: '2025',
          productCode: 'GIFT-60',
        },
        // Bodies that would be accepted as they are, so that the one malformed part is all that stands in the way.
        bodies: {
          'POST /households': household(family()),
          'POST /households/{householdId}/members': { name: '王小小', idNumber: person('2015-05-05'), relationship: 'CHILD' },
          'PATCH /households/{householdId}': { familyPlanningStatus: 'LOW_INCOME', address: '某村 4 组', phone: '13900000000' },
          'POST /policies': { householdId: unenrolled['householdId'], programmeYear: 2025, productCode: 'STD-60', channel: 'COUNTER' },
          'POST /policies/{policyId}/payments': { payer: 'COUNTY', amountFen: 100, reference: 'FUZZ-PAY-1' },
          'POST /policies/{policyId}/cancellation': { reason: 'HOUSEHOLD_REQUEST', note: 'fuzz' },
          'POST /programme-years': { year: 2027, startsOn: '2027-01-01', endsOn: '2027-12-31' },
          'POST /programme-years/{year}/products': standardProduct('FUZZ-60'),
          'POST /referrers': { name: '某', phone: '13800000000', villageCodes: [VILLAGE] },
          'POST /gifted-batches': [GIFTED_HEADER, `G1,LOW_INCOME,449901,449901001,${VILLAGE},HEAD,乙某,${person('1971-01-01')},,`].join('\r\n'),
        },
      },
      seed: 20250210,
      runs: RUNS,
      footprint,
    });

    expect(fuzzProblems(report, RUNS)).toEqual(CLEAN_FUZZ);
    expect(report.routes.length).toBeGreaterThanOrEqual(ROUTES_COUNTED_BY_HAND);
    // Refused commands are audited with their code; none of them may be recorded as done.
    expect(await query<{ action: string }>(COMMANDS_RECORDED_OK(auditBefore))).toEqual([]);
  }, 120_000);
});
