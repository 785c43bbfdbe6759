import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { listRoutes, ManualClock, mintDevToken, resolveSecurityOptions } from '@fpi/platform';
import { auditHead, CLEAN_FUZZ, COMMANDS_RECORDED_OK, fuzzProblems, fuzzRoutes, tableFootprint, waitForQuiet, type FuzzRuns, type OpenApiDocument } from '@fpi/testing';
import { ClaimDriver } from './testing/claim-driver';
import { projected, startClaimsApp, type ClaimsTestApp } from './testing/claims-test-app';
import { newPolicy, policyEvent, reportBody } from './testing/fixtures';

/** Operations in the OpenAPI document when this spec was written; fewer means routes went missing from the fuzzing. */
const ROUTES_COUNTED_BY_HAND = 42;
const RUNS: FuzzRuns = { auth: 3, 'malformed-json': 3, 'media-type': 3, body: 16, path: 5, query: 6, header: 5 };
/**
 * Left out of the footprint: the audit trail records every command, refused ones included (with their code),
 * and is compared separately below; the subscriptions' checkpoints hold `$all` positions, which move with the
 * PostgreSQL transaction horizon (any commit in the cluster, an audit entry included) without any claim data
 * changing. The events, read models and idempotency answers themselves are all in the footprint.
 */
const NOT_IN_FOOTPRINT = ['security_audit_log', 'security_audit_head', 'es_checkpoints', 'claims_projection_checkpoints', 'queue_projection_checkpoints'];

describe('claims: every documented route refuses malformed input with a coded 4xx and writes nothing (real PostgreSQL and Kafka)', () => {
  const clock = new ManualClock('2025-03-01T06:00:00.000Z');
  let t: ClaimsTestApp;
  let baseUrl: string;

  const query = <T>(sql: string) => t.query<T>(sql);
  const footprint = () => tableFootprint(query, NOT_IN_FOOTPRINT);

  beforeAll(async () => {
    t = await startClaimsApp('claims_route_fuzz', clock);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('fuzzes every route of the OpenAPI document: never a 5xx, every 4xx coded, a malformed command never accepted or written', async () => {
    const admin = t.token('admin', { sub: 'fuzz-admin' });
    const family = newPolicy(4);
    await t.publishEnrollment([policyEvent(family)]);
    await t.awaitPolicy(family.policyId, 1);
    // A claim just reported: registering it is a command that would succeed, so only the malformed part stops it.
    const claim = await ClaimDriver.report(t, admin, reportBody(family));
    await projected(t, claim.claimId);
    await waitForQuiet(footprint);

    const doc = (await request(t.app.getHttpServer()).get('/docs/json')).body as OpenApiDocument;
    const auditBefore = await auditHead(query);
    const report = await fuzzRoutes({
      baseUrl,
      doc,
      registered: listRoutes(t.app).map((r) => ({ method: r.method, path: r.path, public: r.declaration.kind === 'public' })),
      setup: {
        token: admin,
        expiredToken: mintDevToken(resolveSecurityOptions(t.config), { sub: 'fuzz-admin', role: 'admin' }, { now: new Date('2000-01-01T00:00:00Z'), ttlSeconds: 60 }),
        samples: { claimId: claim.claimId, paymentId: 'P-1' },
        // A report that would be accepted as it is, so that the one malformed part is all that stands in the way.
        bodies: { 'POST /claims': reportBody(family, { claimedAmountFen: '100000' }, 1) },
      },
      seed: 20250301,
      runs: RUNS,
      footprint,
    });

    expect(fuzzProblems(report, RUNS)).toEqual(CLEAN_FUZZ);
    expect(report.routes.length).toBeGreaterThanOrEqual(ROUTES_COUNTED_BY_HAND);
    // Refused commands are audited with their code; none of them may be recorded as done.
    expect(await query<{ action: string }>(COMMANDS_RECORDED_OK(auditBefore))).toEqual([]);
  }, 120_000);
});
