import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../errors/http-error.filter';
import type { AuthenticatedRequest } from '../auth/principal';
import { RATE_LIMITER, TokenBucketLimiter } from './rate-limiter';

/**
 * Registered after the auth guard, so it can key on the verified principal (one person cannot exhaust
 * another's budget by sharing an office NAT); anonymous calls (public routes) are keyed by address.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RATE_LIMITER) private readonly limiter: TokenBucketLimiter) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const key = req.principal ? `p:${req.principal.sub}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const decision = this.limiter.take(key);
    if (!decision.allowed) {
      throw new ApiError('too_many', 'REQUEST.RATE_LIMITED', 'Too many requests; retry after the number of seconds in Retry-After.', undefined, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    return true;
  }
}
