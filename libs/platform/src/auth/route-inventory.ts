import { RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { AUDIT_READ_METADATA } from '../audit/audit.decorators';
import { declarationOf, type RouteDeclaration } from './decorators';
import { isUnsafeMethod, POLICY } from './roles';

/** One HTTP route as the inventory sees it. */
export interface RouteInfo {
  /** HTTP method (`GET`, `POST`, ..., or `ALL`). */
  readonly method: string;
  /** Path template with the global prefix, e.g. `/claims/:claimId/approve`. */
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  readonly declaration: RouteDeclaration;
  readonly auditRead?: string;
}

const asArray = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [typeof v === 'string' ? v : '/']);
const join = (...parts: string[]): string => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

/**
 * Every HTTP route of an application, from Nest's own metadata (the controllers the app really loaded),
 * with how each declares its access. Each app's spec calls it so that a new route without `@Roles` or
 * `@Public` fails CI. Version prefixes and RouterModule paths are not included in `path`.
 */
export function listRoutes(app: INestApplicationContext): RouteInfo[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const prefix = (app as unknown as { config?: { getGlobalPrefix?: () => string } }).config?.getGlobalPrefix?.() ?? '';
  const seen = new Set<unknown>();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    const controller = wrapper.metatype as Function | null;
    if (!controller || seen.has(controller)) continue;
    seen.add(controller);
    const controllerPaths = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
      const handler = proto[name] as Function;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (methodPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
      const auditRead = Reflect.getMetadata(AUDIT_READ_METADATA, handler) ?? Reflect.getMetadata(AUDIT_READ_METADATA, controller);
      for (const cp of controllerPaths) {
        for (const mp of asArray(methodPath)) {
          routes.push({
            method,
            path: join(prefix, cp, mp),
            controller: controller.name,
            handler: name,
            declaration: declarationOf(handler, controller),
            ...(auditRead ? { auditRead: String(auditRead) } : {}),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** A route whose access declaration is missing or inconsistent. */
export interface RouteProblem {
  readonly route: string;
  readonly problem: string;
}

/**
 * What is wrong with a route inventory: undeclared routes, `@Public` together with `@Roles`, public or
 * read-only access to a method that changes state, and personal-data reads marked on a non-GET route.
 * Empty means every route is declared and consistent with the policy table.
 */
export function routeProblems(routes: readonly RouteInfo[]): RouteProblem[] {
  const problems: RouteProblem[] = [];
  for (const r of routes) {
    const route = `${r.method} ${r.path} (${r.controller}.${r.handler})`;
    const d = r.declaration;
    if (d.kind === 'undeclared') problems.push({ route, problem: 'declares neither @Roles(...) nor @Public()' });
    if (d.kind === 'conflict') problems.push({ route, problem: 'declares both @Public() and @Roles(...) on the same level' });
    if (d.kind === 'public' && isUnsafeMethod(r.method)) problems.push({ route, problem: '@Public() on a method that changes state' });
    if ((d.kind === 'roles' || d.kind === 'conflict') && d.roles.length === 0) problems.push({ route, problem: '@Roles() lists no role' });
    if (d.kind === 'roles' && isUnsafeMethod(r.method)) {
      for (const role of d.roles) if (POLICY[role].readOnly) problems.push({ route, problem: `lists read-only role "${role}" on a method that changes state` });
    }
  }
  return problems;
}

/** Throws one error listing every route problem (for app specs and, if wanted, start-up). */
export function assertRoutesDeclared(app: INestApplicationContext): RouteInfo[] {
  const routes = listRoutes(app);
  const problems = routeProblems(routes);
  if (problems.length > 0) throw new Error(`Routes without a valid access declaration:\n${problems.map((p) => `  ${p.route}: ${p.problem}`).join('\n')}`);
  return routes;
}
