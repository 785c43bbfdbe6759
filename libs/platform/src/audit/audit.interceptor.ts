import { Inject, Injectable, Logger, ServiceUnavailableException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, from, mergeMap, throwError, type Observable, catchError } from 'rxjs';
import { redactText } from '@fpi/contracts';
import { HttpErrorFilter } from '../errors/http-error.filter';
import type { AuthenticatedRequest } from '../auth/principal';
import { RegionScope } from '../auth/region';
import { isUnsafeMethod } from '../auth/roles';
import { auditableReason, unmaskDecision, UNMASK_REASON_HEADER } from '../auth/unmask';
import { AUDIT_READ_METADATA, type AuditReadKind } from './audit.decorators';
import { AUDIT_TRAIL, type AuditTrail } from './audit-trail';
import type { AuditDetail, AuditEntryInput } from './hash-chain';

const AUDIT_UNAVAILABLE = 'AUDIT.UNAVAILABLE';
const MAX_TARGET_CHARS = 500;

/**
 * Records every command (unsafe method) and every `@AuditRead` GET, after the handler, with its outcome.
 *
 * Fails closed: if the entry cannot be written, a read returns 503 instead of the personal data, and a
 * command answers 503 so the client retries with its idempotency key (the retry has no second effect and
 * is audited). The remaining gap is a crash between the handler's commit and the append; the domain's own
 * events still record that actor.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');
  private readonly errors = new HttpErrorFilter();

  constructor(
    @Inject(AUDIT_TRAIL) private readonly trail: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const readKind = this.reflector.getAllAndOverride<AuditReadKind | undefined>(AUDIT_READ_METADATA, [ctx.getHandler(), ctx.getClass()]);
    if (!isUnsafeMethod(req.method) && !readKind) return next.handle();
    const entry = this.entryFor(req, readKind);
    let recorded = false;

    return next.handle().pipe(
      catchError((error: unknown) => {
        recorded = true;
        const outcome = this.errors.toBody(error).code;
        return from(this.trail.append({ ...entry, outcome }).catch((e: unknown) => this.logFailure(e, entry))).pipe(mergeMap(() => throwError(() => error)));
      }),
      concatMap(async (value) => {
        if (recorded) return value;
        recorded = true;
        try {
          await this.trail.append({ ...entry, outcome: 'ok' });
        } catch (e) {
          this.logFailure(e, entry);
          throw new ServiceUnavailableException({ code: AUDIT_UNAVAILABLE, message: 'The audit trail is unavailable; nothing was returned. Retry later.' });
        }
        return value;
      }),
    );
  }

  private entryFor(req: Request & AuthenticatedRequest, readKind: AuditReadKind | undefined): Omit<AuditEntryInput, 'outcome'> {
    const p = req.principal;
    const scope = p ? RegionScope.forPrincipal(p) : undefined;
    const codes = scope?.codes;
    const reasonHeader = req.header(UNMASK_REASON_HEADER);
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const template = typeof routePath === 'string' ? routePath : req.path;
    const detail: Record<string, string | boolean | null> = { via: p?.via ?? null };
    if (p?.apiKey) detail['apiKeyId'] = p.apiKey.id;
    if (reasonHeader !== undefined || readKind) {
      const decision = unmaskDecision(p, reasonHeader);
      detail['unmask'] = decision.allowed ? 'granted' : reasonHeader === undefined ? 'not-requested' : `refused:${decision.why}`;
    }
    return {
      actor: p?.sub ?? 'anonymous',
      role: p?.role ?? 'anonymous',
      region: codes === undefined || codes === 'all' ? null : codes.join(','),
      action: `${readKind ? `read:${readKind} ` : ''}${req.method} ${template}`,
      target: redactText(req.path).slice(0, MAX_TARGET_CHARS),
      reason: auditableReason(reasonHeader),
      correlationId: req.correlationId ?? null,
      detail: detail as AuditDetail,
    };
  }

  private logFailure(error: unknown, entry: Omit<AuditEntryInput, 'outcome'>): void {
    this.logger.error({ msg: 'audit append failed', action: entry.action, correlationId: entry.correlationId, error: error instanceof Error ? error.message : String(error) });
  }
}
