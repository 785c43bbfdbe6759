import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal';
import { RegionScope } from './region';
import { rolesWith, type Permission, type Role } from './roles';

/** Metadata key written by `@Roles` / `@RequirePermission`. */
export const ROLES_METADATA = 'fpi:auth:roles';
/** Metadata key written by `@Public`. */
export const PUBLIC_METADATA = 'fpi:auth:public';

/**
 * The roles that may call a route (on a method, or on a controller for all its methods). A route with
 * neither `@Roles` nor `@Public` is refused to everyone and fails the route-inventory test.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_METADATA, roles);

/** `@Roles` for every role the policy table grants `permission`, so the table stays the source of truth. */
export const RequirePermission = (permission: Permission) => SetMetadata(ROLES_METADATA, rolesWith(permission));

/** No authentication at all. For health probes and documentation only; the inventory flags unsafe methods. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/** How a route declared its access. `conflict` (both on one level) is treated as protected by the guard. */
export type RouteDeclaration =
  | { readonly kind: 'public' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  | { readonly kind: 'conflict'; readonly roles: readonly Role[] }
  | { readonly kind: 'undeclared' };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const levelOf = (target: Function | object): RouteDeclaration | undefined => {
  const isPublic = Reflect.getMetadata(PUBLIC_METADATA, target) === true;
  const roles = Reflect.getMetadata(ROLES_METADATA, target) as Role[] | undefined;
  if (isPublic && roles) return { kind: 'conflict', roles };
  if (isPublic) return { kind: 'public' };
  if (roles) return { kind: 'roles', roles };
  return undefined;
};

/**
 * A method's own declaration wins over its controller's, so `@Public()` on a controller can be narrowed by
 * `@Roles` on one method (and vice versa). Shared by the guard and the route inventory.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const declarationOf = (handler: Function, controller: Function): RouteDeclaration =>
  levelOf(handler) ?? levelOf(controller) ?? { kind: 'undeclared' };

const requestOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthenticatedRequest>();

/**
 * The verified caller. Using it on a `@Public()` route is a programming error and fails loudly rather than
 * handing a handler an undefined actor.
 */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = requestOf(ctx).principal;
  if (!principal) throw new Error('@CurrentPrincipal() used on a route without an authenticated principal');
  return principal;
});

/** The caller's region filter, derived from the verified principal only. */
export const CurrentRegionScope = createParamDecorator((_: unknown, ctx: ExecutionContext): RegionScope => {
  const principal = requestOf(ctx).principal;
  if (!principal) throw new Error('@CurrentRegionScope() used on a route without an authenticated principal');
  return RegionScope.forPrincipal(principal);
});
