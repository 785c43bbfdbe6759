import type { INestApplicationContext } from '@nestjs/common';
import { listRoutes, type RouteInfo } from './route-inventory';
import { roleMayCall, ROLES, type Role } from './roles';

/** One request the role matrix sends. */
export interface MatrixRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** What the matrix needs back: the status and, for 403s, the body's `code`. */
export interface MatrixResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** How `runRoleMatrix` authenticates and sends requests. */
export interface RoleMatrixOptions {
  /** Headers that authenticate as `role` (e.g. a bearer token from `mintDevToken`). */
  credentials(role: Role): Record<string, string>;
  /** Sends one request; with supertest: `request(app.getHttpServer())[m](path).set(headers).send(body)`. */
  call(request: MatrixRequest): Promise<MatrixResponse>;
  roles?: readonly Role[];
  /** Values for `:param` segments; unnamed ones get `x`. */
  pathParams?: Readonly<Record<string, string>>;
  body?(route: RouteInfo): unknown;
  routes?: readonly RouteInfo[];
}

/** What the auth layer must do with one (route, role) pair. */
export type Expectation = 'allowed' | 'forbidden' | 'unauthenticated';

/** One (route, role) call and whether the answer matched the policy table. */
export interface RoleMatrixRow {
  readonly route: string;
  readonly role: Role | 'anonymous';
  readonly expected: Expectation;
  readonly status: number;
  readonly pass: boolean;
}

/** What the guard must answer for `role` (undefined = no credentials) on `route`; derived from the policy table. */
export function expectedAccess(route: RouteInfo, role: Role | undefined): Expectation {
  const d = route.declaration;
  if (d.kind === 'undeclared') return 'forbidden';
  if (d.kind === 'public') return 'allowed';
  if (role === undefined) return 'unauthenticated';
  return roleMayCall(role, d.roles, route.method) ? 'allowed' : 'forbidden';
}

const fillPath = (path: string, params: Readonly<Record<string, string>>): string =>
  path.replace(/[:*]([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x')).replace(/[{}]/g, '');

const authCode = (body: unknown): string | undefined => {
  const code = (body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Calls every route with every role and with no credentials, and compares each answer with the policy
 * table. "Allowed" means the auth layer let the request through: any status but 401 and a 403 raised by
 * the auth layer (`AUTH.*`), since a handler may answer 400/404/409/403 for its own reasons.
 */
export async function runRoleMatrix(app: INestApplicationContext, opts: RoleMatrixOptions): Promise<RoleMatrixRow[]> {
  const routes = opts.routes ?? listRoutes(app);
  const rows: RoleMatrixRow[] = [];
  for (const route of routes) {
    const path = fillPath(route.path, opts.pathParams ?? {});
    const method = route.method === 'ALL' ? 'GET' : route.method;
    for (const role of [undefined, ...(opts.roles ?? ROLES)]) {
      const expected = expectedAccess(route, role);
      const res = await opts.call({ method, path, headers: role ? opts.credentials(role) : {}, body: opts.body?.(route) });
      const code = authCode(res.body);
      const deniedByAuth = res.status === 401 || (res.status === 403 && (code === undefined || code.startsWith('AUTH.')));
      const pass =
        expected === 'allowed' ? !deniedByAuth : expected === 'forbidden' ? res.status === 403 : res.status === 401;
      rows.push({ route: `${route.method} ${route.path}`, role: role ?? 'anonymous', expected, status: res.status, pass });
    }
  }
  return rows;
}
