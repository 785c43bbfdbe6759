import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { ManualClock } from '../clock/clock';
import { commonConfigSchema } from '../config/common-config';
import { loadConfig } from '../config/config-schema';
import { HealthController, READINESS_PROBES } from '../health/health';
import { configureHttp } from '../http/bootstrap';
import { JsonLogger } from '../logging/json-logger';
import { API_KEY_HEADER } from './api-keys';
import { CurrentPrincipal, RequirePermission } from './decorators';
import { mintDevToken } from './dev-token';
import type { Principal } from './principal';
import type { Role } from './roles';
import { SecurityModule } from './security.module';
import { resolveSecurityOptions, securityConfigSchema, type SecurityOptions } from './security-config';

/** What an integrator's key unlocks in a service: a route needing `events:subscribe`. */
@Controller('feed')
class FeedController {
  @Get()
  @RequirePermission('events:subscribe')
  feed(@CurrentPrincipal() p: Principal): { sub: string } {
    return { sub: p.sub };
  }
}

describe('administering integrator API keys and verifying the audit trail over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let app: INestApplication;
  const query = async <T>(sql: string): Promise<T[]> => (await pool.query(sql)).rows as T[];
  let options: SecurityOptions;
  const clock = new ManualClock(new Date('2026-03-01T00:00:00.000Z'));
  const logLines: string[] = [];

  const bearer = (role: Role, region?: string) => ({ Authorization: `Bearer ${mintDevToken(options, { sub: `${role}-1`, role, ...(region ? { region } : {}) }, { now: clock.now() })}` });
  const admin = () => bearer('admin');
  const http = () => request(app.getHttpServer());
  const scope = { eventTypes: ['ClaimSettled'], regions: ['3301'] };

  beforeAll(async () => {
    db = await createTestDatabase('security_admin');
    pool = new Pool({ connectionString: db.url, max: 2 });
    // Other suites restart or cut PostgreSQL sessions while this one runs; an idle client's error must not be unhandled.
    pool.on('error', () => undefined);
    const config = loadConfig({ ...commonConfigSchema, ...securityConfigSchema }, { NODE_ENV: 'test', DATABASE_URL: db.url });
    options = resolveSecurityOptions(config);
    const logger = new JsonLogger('security-admin-test', 'debug', { write: (line) => logLines.push(line) });
    const moduleRef = await Test.createTestingModule({
      imports: [SecurityModule.forRoot(config, { clock })],
      controllers: [HealthController, FeedController],
      providers: [{ provide: READINESS_PROBES, useValue: [] }],
    })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger });
    configureHttp(app, { title: 'security admin test', description: 'security admin test', bodyLimit: '16kb' });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  });

  it('issues a key once, lists it without the key, and the key opens what its permission allows', async () => {
    const issued = await http().post('/admin/api-keys').set(admin()).send({ integratorId: 'bank-core', label: 'settlements, production', scope });
    expect(issued.status).toBe(201);
    const key = issued.body.apiKey as string;
    expect(key).toMatch(/^fpik_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.key).toMatchObject({ integratorId: 'bank-core', status: 'active', scope, prefix: key.slice(0, 11), revokedAt: null });

    const listed = await http().get('/admin/api-keys').query({ integratorId: 'bank-core' }).set(admin());
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([issued.body.key]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect((await http().get(`/admin/api-keys/${issued.body.key.id as string}`).set(admin())).body).toEqual(issued.body.key);

    expect((await http().get('/feed').set(API_KEY_HEADER, key)).body).toEqual({ sub: 'integrator:bank-core' });
    // Neither the log nor the audit trail ever holds the key.
    const audit = await query<{ row: { action: string } }>('SELECT to_jsonb(a) AS row FROM security_audit_log a');
    expect(audit.map((a) => a.row.action)).toContain('POST /admin/api-keys');
    expect(JSON.stringify(audit) + logLines.join('\n')).not.toContain(key);
  });

  it('rotates with an overlap and revokes at once', async () => {
    const first = await http().post('/admin/api-keys').set(admin()).send({ integratorId: 'association', label: 'reports', scope });
    const rotated = await http().post(`/admin/api-keys/${first.body.key.id as string}/rotation`).set(admin()).send({ overlapHours: 24 });
    expect(rotated.status).toBe(201);
    const [oldKey, newKey] = [first.body.apiKey as string, rotated.body.apiKey as string];
    expect((await http().get('/feed').set(API_KEY_HEADER, oldKey)).status).toBe(200);
    expect((await http().get('/feed').set(API_KEY_HEADER, newKey)).status).toBe(200);
    clock.advance(25 * 3_600_000);
    expect((await http().get('/feed').set(API_KEY_HEADER, oldKey)).status).toBe(401);
    expect((await http().get('/feed').set(API_KEY_HEADER, newKey)).status).toBe(200);

    const revoked = await http().post(`/admin/api-keys/${rotated.body.key.id as string}/revocation`).set(admin()).send();
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await http().post(`/admin/api-keys/${rotated.body.key.id as string}/revocation`).set(admin()).send()).body).toEqual(revoked.body);
    expect((await http().get('/feed').set(API_KEY_HEADER, newKey)).status).toBe(401);
  });

  it('refuses bad input with a coded 4xx and issues nothing', async () => {
    const count = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM security_api_keys'))[0]?.n;
    const before = await count();
    const refused = async (req: request.Test, status: number, code: string) => {
      const res = await req;
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(typeof res.body.message).toBe('string');
    };
    await refused(http().post('/admin/api-keys').set(admin()).send({ integratorId: 'bank-core', label: 'x', scope: { eventTypes: [], regions: ['3301'] } }), 400, 'API_KEY.INVALID_SCOPE');
    await refused(http().post('/admin/api-keys').set(admin()).send({ integratorId: 'bank-core', label: 'x', scope: { eventTypes: ['*'], regions: ['33010'] } }), 400, 'API_KEY.INVALID_SCOPE');
    await refused(http().post('/admin/api-keys').set(admin()).send({ integratorId: 'Bank Core!', label: 'x', scope }), 400, 'REQUEST.VALIDATION_FAILED');
    await refused(http().post('/admin/api-keys').set(admin()).send({ integratorId: 'bank-core', label: 'x', scope, role: 'admin' }), 400, 'REQUEST.UNKNOWN_FIELD');
    await refused(http().post('/admin/api-keys').set(admin()).send({ integratorId: 'bank-core', label: 'x', scope, expiresAt: '2020-01-01T00:00:00Z' }), 400, 'API_KEY.EXPIRY_IN_PAST');
    await refused(http().post('/admin/api-keys/not-a-key/rotation').set(admin()).send({ overlapHours: 1 }), 404, 'API_KEY.NOT_FOUND');
    await refused(http().post('/admin/api-keys/00000000-0000-4000-8000-000000000000/revocation').set(admin()).send(), 404, 'API_KEY.NOT_FOUND');
    await refused(http().get('/admin/api-keys/%27%20OR%201=1').set(admin()), 404, 'API_KEY.NOT_FOUND');
    await refused(http().get('/admin/api-keys').set(admin()), 400, 'REQUEST.VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('lets only administrators manage keys and verify the trail', async () => {
    for (const role of ['handler', 'supervisor', 'clerk'] as const) {
      const res = await http().post('/admin/api-keys').set(bearer(role, '3301')).send({ integratorId: 'bank-core', label: 'x', scope });
      expect(res.status).toBe(403);
      expect((await http().get('/admin/audit/verification').set(bearer(role, '3301'))).status).toBe(403);
    }
  });

  it('verifies the audit trail of every call so far, and names the first entry altered behind its back', async () => {
    const ok = await http().get('/admin/audit/verification').set(admin());
    expect(ok.status).toBe(200);
    const entries = (await query<{ n: number }>('SELECT count(*)::int AS n FROM security_audit_log'))[0]?.n;
    expect(entries).toBeGreaterThanOrEqual(5); // the issuing, rotating and revoking above, refusals included
    expect(ok.body).toMatchObject({ ok: true, checked: entries });

    // Tampering as the table owner could: with the append-only triggers switched off for the change.
    await query(`ALTER TABLE security_audit_log DISABLE TRIGGER USER`);
    await query(`UPDATE security_audit_log SET actor = 'someone-else' WHERE seq = 2`);
    await query(`ALTER TABLE security_audit_log ENABLE TRIGGER USER`);
    const broken = await http().get('/admin/audit/verification').set(admin());
    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.firstBreak).toMatchObject({ seq: 2 });
  });
});
