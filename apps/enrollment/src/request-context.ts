import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { actorId, type AuthenticatedRequest } from '@fpi/platform';

/**
 * Who is asking, and which part of the map they may see. Handlers take this instead of reading the request,
 * so that the verified principal (JWT, roles, region scope) can replace the placeholder here in one place.
 */
export interface RequestContext {
  actorId: string;
  role: string;
  /** County (6), township (9) or village (12 digits) code the caller is confined to; undefined: everywhere. */
  regionPrefix?: string;
}

/**
 * From the principal the platform's guard verified (JWT or API key): never from a header or the body, which
 * any client could forge. An admin has no region and sees everything; everyone else is confined to the
 * region in their token.
 */
export function requestContextOf(request: Request): RequestContext {
  const principal = (request as Request & AuthenticatedRequest).principal;
  // The global guard rejects unauthenticated calls before any handler runs; reaching here without one is a bug.
  if (!principal) throw new Error('no verified principal on the request');
  return { actorId: actorId(principal), role: principal.role, regionPrefix: principal.region };
}

/** `@Ctx() ctx: RequestContext` in a controller method. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => requestContextOf(context.switchToHttp().getRequest<Request>()));
