import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Length, Min } from 'class-validator';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { AUDIT_TRAIL } from '../audit/audit-trail';
import type { PostgresAuditTrail } from '../audit/audit-trail.pg';
import { AuditRead } from '../audit/audit.decorators';
import { ManualClock } from '../clock/clock';
import { commonConfigSchema } from '../config/common-config';
import { loadConfig } from '../config/config-schema';
import { HealthController, READINESS_PROBES } from '../health/health';
import { configureHttp } from '../http/bootstrap';
import { JsonLogger } from '../logging/json-logger';
import { capExportRows, LIMITS, pageSize, type Limits } from '../limits/paging';
import { API_KEY_STORE, type ApiKeyStore } from './api-keys';
import { CurrentPrincipal, CurrentRegionScope, Public, RequirePermission, Roles } from './decorators';
import { mintDevToken } from './dev-token';
import { actorId, type Principal } from './principal';
import type { RegionScope } from './region';
import { runRoleMatrix } from './role-matrix';
import { listRoutes, routeProblems, assertRoutesDeclared } from './route-inventory';
import type { Role } from './roles';
import { SecurityModule } from './security.module';
import { resolveSecurityOptions, securityConfigSchema, type SecurityOptions } from './security-config';
import { maskUnlessAllowed, UNMASK_REASON_HEADER } from './unmask';

// Synthetic personal data (format-valid shapes, no real person): none of it may reach the logs or the audit trail.
// The ID numbers have valid check characters, so their prefecture code is 99 (digits 3-4), which GB/T 2260
// assigns nowhere (see syntheticResidentId): no resident can hold them.
const CLAIMS = [
  { id: 'c-330102', region: '330102', name: '测试甲', idNumber: '339908199001011234', phone: '13900001111', bankAccount: '6222020000111122223', status: 'Assessed' },
  { id: 'c-330102001', region: '330102001', name: '测试乙', idNumber: '339908198502023458', phone: '13900002222', bankAccount: '6222020000333344445', status: 'Assessed' },
  { id: 'c-330103', region: '330103', name: '测试丙', idNumber: '339909197703035676', phone: '13900003333', bankAccount: '6222020000555566667', status: 'Assessed' },
];
const PERSONAL_VALUES = CLAIMS.flatMap((c) => [c.name, c.idNumber, c.phone, c.bankAccount]);
const NOT_FOUND = { code: 'CLAIM.NOT_FOUND', message: 'No such claim.' };

class ReportClaimRequest {
  @IsString()
  @Length(1, 200)
  description!: string;
}

class ApproveClaimRequest {
  @IsInt()
  @Min(1)
  approvedFen!: number;
}

@Controller('claims')
class ClaimsController {
  constructor(@Inject(LIMITS) private readonly limits: Limits) {}

  // `?region=` is accepted and ignored on purpose: the filter comes from the token only.
  @Get()
  @RequirePermission('claims:read')
  list(@CurrentRegionScope() scope: RegionScope, @Query('limit') limit?: string, @Query('region') _region?: string) {
    const n = pageSize(limit, this.limits);
    return { limit: n, items: scope.filter(CLAIMS, (c) => c.region).slice(0, n).map((c) => c.id) };
  }

  @Get(':claimId')
  @Roles('handler', 'supervisor', 'integrator', 'admin')
  @AuditRead('personal-data')
  get(@Param('claimId') id: string, @CurrentRegionScope() scope: RegionScope, @CurrentPrincipal() p: Principal, @Headers(UNMASK_REASON_HEADER) reason?: string) {
    const claim = scope.visible(CLAIMS.find((c) => c.id === id), (c) => c.region, NOT_FOUND);
    return maskUnlessAllowed(claim, p, reason);
  }

  @Post()
  @Roles('handler', 'supervisor')
  report(@Body() body: ReportClaimRequest, @CurrentPrincipal() p: Principal) {
    return { reportedBy: actorId(p), region: p.region, description: body.description };
  }

  @Post(':claimId/approve')
  @Roles('supervisor', 'admin')
  approve(@Param('claimId') id: string, @Body() body: ApproveClaimRequest, @CurrentRegionScope() scope: RegionScope, @CurrentPrincipal() p: Principal) {
    const claim = scope.visible(CLAIMS.find((c) => c.id === id), (c) => c.region, NOT_FOUND);
    return { claimId: claim.id, approvedFen: body.approvedFen, approvedBy: actorId(p) };
  }
}

@Controller('reports')
class ReportsController {
  constructor(@Inject(LIMITS) private readonly limits: Limits) {}

  @Get('figures')
  @RequirePermission('reports:read')
  figures(@CurrentRegionScope() scope: RegionScope) {
    return { scope: scope.toString() };
  }

  @Get('export')
  @RequirePermission('exports:create')
  export(@CurrentRegionScope() scope: RegionScope) {
    return { rows: capExportRows(scope.filter(CLAIMS, (c) => c.region).map((c) => c.id), this.limits).length };
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  oops() {
    return { leaked: true };
  }
}

@Controller('status')
@Public()
class StatusController {
  @Get()
  status() {
    return { up: true };
  }
}

const REGION_OF: Record<Role, string | undefined> = { handler: '330102', supervisor: '3301', integrator: '3301', association: '3301', clerk: '330102', admin: undefined };
const withoutCorrelation = (body: Record<string, unknown>) => ({ ...body, correlationId: undefined });

describe('SecurityModule in a Nest application (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let options: SecurityOptions;
  const clock = new ManualClock(new Date());
  const logLines: string[] = [];

  const token = (role: Role, region: string | undefined = REGION_OF[role], sub = `${role}-1`) =>
    mintDevToken(options, { sub, role, ...(region ? { region } : {}) }, { now: clock.now() });
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase('security_module');
    const config = loadConfig({ ...commonConfigSchema, ...securityConfigSchema }, {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HTTP_BODY_LIMIT: '2kb',
      RATE_LIMIT_PER_MINUTE: '60',
      RATE_LIMIT_BURST: '40',
      EXPORT_ROWS_MAX: '2',
    });
    options = resolveSecurityOptions(config);
    const logger = new JsonLogger('security-test', 'debug', { write: (line) => logLines.push(line) });
    const moduleRef = await Test.createTestingModule({
      imports: [SecurityModule.forRoot(config, { clock })],
      controllers: [HealthController, ClaimsController, ReportsController, ForgottenController, StatusController],
      providers: [{ provide: READINESS_PROBES, useValue: [] }],
    })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger });
    configureHttp(app, { title: 'security test', description: 'security test', bodyLimit: config.HTTP_BODY_LIMIT });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('route inventory', () => {
    it('lists every route with its declaration', () => {
      const routes = listRoutes(app).map((r) => `${r.method} ${r.path} ${r.declaration.kind}${r.auditRead ? ` audit:${r.auditRead}` : ''}`);
      expect(routes).toEqual([
        // The security module's own administration routes: integrator keys and audit verification.
        'GET /admin/api-keys roles',
        'POST /admin/api-keys roles',
        'GET /admin/api-keys/:id roles',
        'POST /admin/api-keys/:id/revocation roles',
        'POST /admin/api-keys/:id/rotation roles',
        'GET /admin/audit/verification roles',
        'GET /claims roles',
        'POST /claims roles',
        'GET /claims/:claimId roles audit:personal-data',
        'POST /claims/:claimId/approve roles',
        'GET /forgotten undeclared',
        'GET /health/live public',
        'GET /health/ready public',
        'GET /reports/export roles',
        'GET /reports/figures roles',
        'GET /status public',
      ]);
    });

    it('fails on the route without a declaration, and only on it', () => {
      expect(routeProblems(listRoutes(app))).toEqual([{ route: 'GET /forgotten (ForgottenController.oops)', problem: 'declares neither @Roles(...) nor @Public()' }]);
      expect(() => assertRoutesDeclared(app)).toThrow(/GET \/forgotten/);
    });
  });

  describe('default deny', () => {
    it('refuses an undeclared route to everyone, admin included', async () => {
      for (const headers of [{}, bearer(token('admin'))]) {
        const res = await http().get('/forgotten').set(headers);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUTH.ROUTE_NOT_DECLARED');
      }
    });

    it('asks for credentials on a protected route (401 with a Bearer challenge)', async () => {
      const res = await http().get('/claims');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('serves health and docs without credentials', async () => {
      expect((await http().get('/health/live')).status).toBe(200);
      expect((await http().get('/docs/json')).status).toBe(200);
      expect((await http().get('/status')).status).toBe(200);
    });
  });

  it('enforces the role table on every route for every role (table-driven)', async () => {
    const rows = await runRoleMatrix(app, {
      credentials: (role) => bearer(token(role, REGION_OF[role], `matrix-${role}`)),
      call: async ({ method, path, headers, body }) => {
        const res = await http()[method.toLowerCase() as 'get' | 'post'](path).set(headers).send(body as object);
        return { status: res.status, body: res.body as unknown };
      },
      pathParams: { claimId: 'c-330102' },
      body: (route) => (route.path.endsWith('approve') ? { approvedFen: 100 } : route.method === 'POST' ? { description: 'slipped on ice' } : undefined),
    });
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(rows).toHaveLength(16 * 7); // 16 routes (6 of them the module's administration) x (anonymous + 6 roles)
    expect(rows.filter((r) => r.route.startsWith('POST /admin/api-keys') && r.expected === 'allowed').map((r) => r.role)).toEqual(['admin', 'admin', 'admin']);
    const allowed = (route: string) => rows.filter((r) => r.route === route && r.expected === 'allowed').map((r) => r.role);
    expect(allowed('POST /claims/:claimId/approve')).toEqual(['supervisor', 'admin']);
    expect(allowed('POST /claims')).toEqual(['handler', 'supervisor']);
    expect(allowed('GET /reports/figures')).toEqual(['supervisor', 'association', 'admin']);
    expect(allowed('GET /forgotten')).toEqual([]);
  });

  describe('bad tokens answer 401', () => {
    const now = () => Math.floor(clock.now().getTime() / 1000);
    const claims = () => ({ sub: 'eve', role: 'handler', region: '330102', iss: 'fpi-dev', aud: 'fpi-api', iat: now(), exp: now() + 600 });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const secret = () => (options.jwt.secret as { export(): Buffer }).export();
    const cases: [string, () => string, string][] = [
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'AUTH.TOKEN_INVALID'],
      ['wrong audience', () => jwt.sign({ ...claims(), aud: 'reporting-internal' }, secret(), { algorithm: 'HS256' }), 'AUTH.TOKEN_INVALID'],
      ['expired', () => jwt.sign({ ...claims(), iat: now() - 7200, exp: now() - 3600 }, secret(), { algorithm: 'HS256' }), 'AUTH.TOKEN_EXPIRED'],
      [
        'tampered (region widened to the whole province)',
        () => {
          const [h, , s] = token('handler').split('.');
          return `${h}.${b64({ ...claims(), region: '33' })}.${s}`;
        },
        'AUTH.TOKEN_INVALID',
      ],
      ['garbage', () => 'not.a.token', 'AUTH.TOKEN_INVALID'],
    ];
    it.each(cases)('%s', async (_name, make, code) => {
      const res = await http().get('/claims').set(bearer(make()));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(code);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    });

    it('refuses a malformed Authorization header and mixed credentials', async () => {
      expect((await http().get('/claims').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)).body.code).toBe('AUTH.TOKEN_INVALID');
      const res = await http().get('/claims').set(bearer(token('handler'))).set('x-api-key', 'fpik_x');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.AMBIGUOUS_CREDENTIALS');
    });
  });

  it('answers 403 to the wrong role, including a read-only role on a command', async () => {
    const approve = await http().post('/claims/c-330102/approve').set(bearer(token('handler'))).send({ approvedFen: 100 });
    expect(approve.status).toBe(403);
    expect(approve.body.code).toBe('AUTH.FORBIDDEN');
    const report = await http().post('/claims').set(bearer(token('association'))).send({ description: 'x' });
    expect(report.status).toBe(403);
    expect((await http().get('/reports/figures').set(bearer(token('integrator')))).status).toBe(403);
  });

  describe('region scoping', () => {
    it('shows a county its own claims and answers 404 for another county, exactly as for a missing claim', async () => {
      const t = bearer(token('handler', '330102', 'region-handler'));
      expect((await http().get('/claims/c-330102').set(t)).status).toBe(200);
      expect((await http().get('/claims/c-330102001').set(t)).status).toBe(200);
      const foreign = await http().get('/claims/c-330103').set(t);
      const missing = await http().get('/claims/c-nope').set(t);
      expect(foreign.status).toBe(404);
      expect(withoutCorrelation(foreign.body)).toEqual(withoutCorrelation(missing.body));
      expect(foreign.body).toMatchObject({ statusCode: 404, code: 'CLAIM.NOT_FOUND' });
    });

    it('takes the filter from the token only, never from the request', async () => {
      const t = bearer(token('handler', '330102', 'region-handler-2'));
      const res = await http().get('/claims?region=330103').set(t).set('x-region', '33');
      expect(res.body.items).toEqual(['c-330102', 'c-330102001']);
      expect((await http().get('/claims/c-330103?region=330103').set(t)).status).toBe(404);
    });

    it('scopes city, township and admin principals by prefix', async () => {
      const ids = async (role: Role, region: string | undefined, sub: string) => (await http().get('/claims').set(bearer(token(role, region, sub)))).body.items as string[];
      expect(await ids('supervisor', '3301', 'city-sup')).toEqual(['c-330102', 'c-330102001', 'c-330103']);
      expect(await ids('handler', '330102001', 'township')).toEqual(['c-330102001']);
      expect(await ids('handler', '330105', 'other-county')).toEqual([]);
      expect(await ids('admin', undefined, 'root')).toEqual(['c-330102', 'c-330102001', 'c-330103']);
    });

    it('also scopes commands: approving a foreign claim is a 404', async () => {
      const res = await http().post('/claims/c-330103/approve').set(bearer(token('supervisor', '330102', 'county-sup'))).send({ approvedFen: 100 });
      expect(res.status).toBe(404);
    });
  });

  describe('personal data', () => {
    it('masks by default and unmasks for a permitted role that gives a reason', async () => {
      const masked = await http().get('/claims/c-330102').set(bearer(token('handler', '330102', 'pii-1')));
      expect(masked.body).toMatchObject({ name: '测**', idNumber: '3399**********1234', phone: '139****1111', bankAccount: '***************2223' });
      const clear = await http().get('/claims/c-330102').set(bearer(token('handler', '330102', 'pii-1'))).set(UNMASK_REASON_HEADER, 'callback to confirm the payee');
      expect(clear.body).toMatchObject({ name: '测试甲', idNumber: '339908199001011234' });
      const integrator = await http().get('/claims/c-330102').set(bearer(token('integrator', '3301', 'pii-2'))).set(UNMASK_REASON_HEADER, 'payment');
      expect(integrator.body.idNumber).toBe('3399**********1234');
    });
  });

  describe('mass assignment', () => {
    const t = () => bearer(token('supervisor', '3301', 'mass-assign'));
    it.each([
      ['status', { status: 'Approved' }],
      ['approvedBy', { approvedBy: 'mallory' }],
      ['region', { region: '33' }],
      ['an amount', { amountFen: 999_999_00 }],
    ])('rejects a report that tries to set %s (400)', async (_field, extra) => {
      const res = await http().post('/claims').set(t()).send({ description: 'fell', ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('REQUEST.UNKNOWN_FIELD');
    });

    it('rejects an approval that names its approver or a paid amount, and records the token subject as approver', async () => {
      for (const extra of [{ approvedBy: 'mallory' }, { paidFen: 100 }]) {
        expect((await http().post('/claims/c-330102/approve').set(t()).send({ approvedFen: 100, ...extra })).status).toBe(400);
      }
      const ok = await http().post('/claims/c-330102/approve').set(t()).send({ approvedFen: 100 });
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual({ claimId: 'c-330102', approvedFen: 100, approvedBy: 'mass-assign' });
    });
  });

  describe('limits', () => {
    it('answers 429 with Retry-After once a principal exhausts its budget, without touching others', async () => {
      const flooder = bearer(token('handler', '330102', 'flooder'));
      for (let i = 0; i < 40; i++) expect((await http().get('/claims').set(flooder)).status).toBe(200);
      const limited = await http().get('/claims').set(flooder);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('REQUEST.RATE_LIMITED');
      expect(limited.headers['retry-after']).toBe('1');
      expect((await http().get('/claims').set(bearer(token('handler', '330102', 'bystander')))).status).toBe(200);
      clock.advance(1000);
      expect((await http().get('/claims').set(flooder)).status).toBe(200);
    });

    it('answers 413 to a body over HTTP_BODY_LIMIT', async () => {
      const res = await http().post('/claims').set(bearer(token('handler', '330102', 'big-body'))).send({ description: 'x'.repeat(3000) });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('REQUEST.BODY_TOO_LARGE');
    });

    it('caps page sizes and refuses exports above the row cap', async () => {
      const t = bearer(token('supervisor', '3301', 'pager'));
      expect((await http().get('/claims?limit=100000').set(t)).body.limit).toBe(200);
      expect((await http().get('/claims?limit=-1').set(t)).status).toBe(400);
      const exp = await http().get('/reports/export').set(t);
      expect(exp.status).toBe(422);
      expect(exp.body.code).toBe('EXPORT.TOO_MANY_ROWS');
      expect((await http().get('/reports/export').set(bearer(token('supervisor', '330102', 'pager-2')))).body).toEqual({ rows: 2 });
    });
  });

  describe('integrator API keys', () => {
    it('authenticate via x-api-key as a region-scoped integrator, and stop at revocation', async () => {
      const keys = app.get<ApiKeyStore>(API_KEY_STORE);
      const { record, plaintext } = await keys.create({ integratorId: 'insurer-core', label: 'payments', scope: { eventTypes: ['ClaimSettled'], regions: ['330102'] } });
      expect((await http().get('/claims/c-330102').set('x-api-key', plaintext)).status).toBe(200);
      expect((await http().get('/claims/c-330103').set('x-api-key', plaintext)).status).toBe(404);
      expect((await http().post('/claims').set('x-api-key', plaintext).send({ description: 'x' })).status).toBe(403);
      await keys.revoke(record.id);
      const revoked = await http().get('/claims/c-330102').set('x-api-key', plaintext);
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe('AUTH.API_KEY_INVALID');
    });

    it('keep the old key working during a rotation overlap', async () => {
      const keys = app.get<ApiKeyStore>(API_KEY_STORE);
      const { record, plaintext: oldKey } = await keys.create({ integratorId: 'assoc', label: 'sync', scope: { eventTypes: ['*'], regions: ['3301'] } });
      const { plaintext: newKey } = await keys.rotate(record.id, new Date(clock.now().getTime() + 60_000));
      expect((await http().get('/claims/c-330103').set('x-api-key', oldKey)).status).toBe(200);
      expect((await http().get('/claims/c-330103').set('x-api-key', newKey)).status).toBe(200);
      clock.advance(60_000);
      expect((await http().get('/claims/c-330103').set('x-api-key', oldKey)).status).toBe(401);
      expect((await http().get('/claims/c-330103').set('x-api-key', newKey)).status).toBe(200);
    });
  });

  it('accepts a token printed by the mint-token CLI (same configuration defaults)', () => {
    const root = resolve(__dirname, '../../../..');
    const cli = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/cli/mint-token.ts', '--role', 'handler', '--region', '330102', '--sub', 'cli-user'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'development' },
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    return http()
      .get('/claims/c-330102')
      .set(bearer(cli.stdout.trim()))
      .expect(200);
  }, 30_000);

  describe('audit trail', () => {
    const entries = () => (app.get(AUDIT_TRAIL) as PostgresAuditTrail).list({ limit: 1000 });

    it('records commands and personal-data reads with actor, role, region, reason and correlation id', async () => {
      await http().post('/claims/c-330102/approve').set(bearer(token('supervisor', '3301', 'auditor-sup'))).set('x-correlation-id', 'corr-approve-1').send({ approvedFen: 500 });
      await http().get('/claims/c-330102').set(bearer(token('handler', '330102', 'auditor-h'))).set('x-correlation-id', 'corr-read-1').set(UNMASK_REASON_HEADER, 'call back 339908199001011234');
      await http().get('/reports/figures').set(bearer(token('association', '3301', 'auditor-a'))).set('x-correlation-id', 'corr-report-1');
      await http().post('/claims').set(bearer(token('handler', '330102', 'auditor-h'))).set('x-correlation-id', 'corr-bad-1').send({ description: 'x', status: 'Paid' });
      const all = await entries();
      const byCorrelation = (id: string) => all.find((e) => e.correlationId === id);
      expect(byCorrelation('corr-approve-1')).toMatchObject({
        actor: 'auditor-sup',
        role: 'supervisor',
        region: '3301',
        action: 'POST /claims/:claimId/approve',
        target: '/claims/c-330102/approve',
        outcome: 'ok',
        reason: null,
      });
      expect(byCorrelation('corr-read-1')).toMatchObject({
        actor: 'auditor-h',
        action: 'read:personal-data GET /claims/:claimId',
        reason: 'call back 3399**********1234',
        detail: { via: 'jwt', unmask: 'granted' },
      });
      expect(byCorrelation('corr-report-1')).toBeUndefined();
      expect(byCorrelation('corr-bad-1')).toMatchObject({ outcome: 'REQUEST.UNKNOWN_FIELD', action: 'POST /claims' });
    });

    it('masks personal data that arrives in a path', async () => {
      await http().get(`/claims/${CLAIMS[0].idNumber}`).set(bearer(token('handler', '330102', 'path-pii'))).set('x-correlation-id', 'corr-path-pii');
      const e = (await entries()).find((x) => x.correlationId === 'corr-path-pii');
      expect(e).toMatchObject({ target: '/claims/3399**********1234', outcome: 'CLAIM.NOT_FOUND' });
    });

    it('records API-key callers by integrator and key', async () => {
      const all = await entries();
      expect(all.some((e) => e.actor === 'integrator:insurer-core' && e.role === 'integrator' && e.region === '330102' && typeof e.detail?.['apiKeyId'] === 'string')).toBe(true);
    });

    it('verifies as an intact chain', async () => {
      const result = await app.get<PostgresAuditTrail>(AUDIT_TRAIL).verify();
      expect(result.ok).toBe(true);
      expect(result.checked).toBeGreaterThan(20);
    });

    it('holds no generated personal value in clear, and neither do the logs', async () => {
      const trail = JSON.stringify(await entries());
      const logs = logLines.join('\n');
      expect(logLines.length).toBeGreaterThan(0);
      for (const value of PERSONAL_VALUES) {
        expect(trail).not.toContain(value);
        expect(logs).not.toContain(value);
      }
    });
  });
});
