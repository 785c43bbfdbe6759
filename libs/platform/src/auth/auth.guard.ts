import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../errors/http-error.filter';
import { API_KEY_HEADER } from './api-keys';
import { Authenticator } from './authenticator';
import { declarationOf } from './decorators';
import type { AuthenticatedRequest } from './principal';
import { roleMayCall } from './roles';

/**
 * Default deny, registered globally (APP_GUARD): a route that declares nothing is refused to everyone; a
 * `@Public()` route runs without credentials; any other route needs a principal whose role it lists (and
 * read-only roles never pass an unsafe method). The principal is attached to the request for handlers,
 * the rate limiter and the audit interceptor.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Kafka handlers are authenticated by the broker, not by HTTP credentials.
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const declaration = declarationOf(ctx.getHandler(), ctx.getClass());
    if (declaration.kind === 'undeclared') {
      this.logger.error({ msg: 'route declares no roles; refused', controller: ctx.getClass().name, handler: ctx.getHandler().name });
      throw new ApiError('forbidden', 'AUTH.ROUTE_NOT_DECLARED', 'This route declares no roles, so nobody may call it.');
    }
    if (declaration.kind === 'public') return true;

    const principal = await this.authenticator.authenticate({
      authorization: req.headers.authorization,
      apiKey: req.header(API_KEY_HEADER),
    });
    req.principal = principal;
    if (!roleMayCall(principal.role, declaration.roles, req.method)) {
      throw new ApiError('forbidden', 'AUTH.FORBIDDEN', `The ${principal.role} role may not call this route.`);
    }
    return true;
  }
}
