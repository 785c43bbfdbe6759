import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RegionScope as PrincipalScope, type AuthenticatedRequest } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';

/**
 * The region prefixes the caller may read, from the verified principal only (never from the query): a
 * county's staff see their county, an admin every region. Fails closed: without a principal (a route
 * that somehow escaped the global guard) nothing is visible.
 */
export const ReportScope = createParamDecorator((_: unknown, ctx: ExecutionContext): RegionScope => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('no verified principal on a report request');
  return PrincipalScope.forPrincipal(principal).codes;
});
