import { listRoutes, loadConfig, mintDevToken, resolveSecurityOptions, routeProblems } from '@fpi/platform';
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

  const token = (role: 'association' | 'handler', region: string) =>
    mintDevToken(resolveSecurityOptions(loadConfig(reportingConfigSchema, { DATABASE_URL: h.db.url, NODE_ENV: 'test' })), { sub: `t-${role}`, role, region });

  it('declares who may call every route; only health is public', () => {
    const routes = listRoutes(h.app);
    expect(routeProblems(routes)).toEqual([]);
    expect(routes.filter((r) => r.declaration.kind === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health/live', 'GET /health/ready']);
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
