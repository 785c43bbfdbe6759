import { listRoutes, loadConfig, mintDevToken, resolveSecurityOptions, ROLES, routeProblems, runRoleMatrix, type Role } from '@fpi/platform';
import { reportingConfigSchema } from './config';
import { startHarness, type Harness } from './testing/reporting-harness';

describe('reporting routes behind the platform guard', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('routes');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  }, 60_000);

  const token = (role: Role, region?: string) =>
    mintDevToken(resolveSecurityOptions(loadConfig(reportingConfigSchema, { DATABASE_URL: h.db.url, NODE_ENV: 'test' })), { sub: `t-${role}`, role, region });

  it('declares who may call every route; only health is public', () => {
    const routes = listRoutes(h.app);
    expect(routeProblems(routes)).toEqual([]);
    expect(routes.filter((r) => r.declaration.kind === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health/live', 'GET /health/ready']);
  });

  it('lets each role call exactly what the policy table grants it, on every route (table-driven)', async () => {
    const tokens = Object.fromEntries(ROLES.map((role) => [role, token(role, role === 'admin' ? undefined : '449901')]));
    const rows = await runRoleMatrix(h.app, {
      credentials: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
      call: async ({ method, path, headers }) => {
        const r = await fetch(`${h.url}${path}`, { method, headers });
        const text = await r.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        return { status: r.status, body };
      },
      pathParams: { probeId: '00000000-0000-4000-8000-000000000000', generation: 'rm_v999' },
      // Left out: an allowed call would start a real rebuild under the other tests; the inventory test covers its declaration.
      routes: listRoutes(h.app).filter((r) => r.path !== '/admin/rebuilds'),
    });
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(rows.find((r) => r.route.startsWith('GET /reports/summary') && r.role === 'handler')?.expected).toBe('forbidden');
    expect(rows.find((r) => r.route.startsWith('GET /reports/summary') && r.role === 'association')?.expected).toBe('allowed');
  });

  it('refuses a call without a token, and a role without reports:read', async () => {
    expect((await fetch(`${h.url}/reports/summary?programmeYear=2021`)).status).toBe(401);
    const handler = await fetch(`${h.url}/reports/summary?programmeYear=2021`, { headers: { authorization: `Bearer ${token('handler', '449901')}` } });
    expect(handler.status).toBe(403);
  });

  it('lets association staff read figures of their own region only', async () => {
    const own = await fetch(`${h.url}/reports/summary?programmeYear=2021`, { headers: { authorization: `Bearer ${token('association', '449901')}` } });
    expect(own.status).toBe(200);
    // Another county's code is unknown to this principal: the same answer as a code that does not exist.
    const foreign = await fetch(`${h.url}/reports/summary?programmeYear=2021&region=449902`, { headers: { authorization: `Bearer ${token('association', '449901')}` } });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { code: string }).code).toMatch(/^REPORTING\./);
  });
});
