import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ApiError, canonicalJson, RegionScope, type AuthenticatedRequest, type Principal } from '@fpi/platform';

/** Everything a claim command carries besides its body, taken from the verified request only. */
export interface CommandRequest {
  readonly idempotencyKey: string;
  /** SHA-256 of method, path and canonical body: what "the same request" means for a replay. */
  readonly fingerprint: string;
  /** From `If-Match`; undefined when the client did not pin the revision it saw. */
  readonly expectedRevision?: bigint;
  readonly principal: Principal;
  readonly scope: RegionScope;
  readonly correlationId?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** `"7"`, `W/"7"` or `7` -> 7n. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,18})"?\s*$/.exec(header);
  if (!m) throw new ApiError('validation', 'REQUEST.INVALID_IF_MATCH', 'If-Match must be the ETag of a claim revision, e.g. "3".');
  return BigInt(m[1] as string);
}

export function commandRequestOf(req: Request & AuthenticatedRequest): CommandRequest {
  const principal = req.principal;
  if (!principal) throw new Error('a claim command route must be behind the auth guard');
  const key = req.header('idempotency-key');
  if (key === undefined || key === '') {
    throw new ApiError('validation', 'REQUEST.IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (8-128 characters) with every claim command.');
  }
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError('validation', 'REQUEST.INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 8-128 letters, digits or . _ : -');
  const fingerprint = createHash('sha256').update(`${req.method} ${req.path}\n${canonicalJson(req.body ?? null)}`).digest('hex');
  return {
    idempotencyKey: key,
    fingerprint,
    expectedRevision: parseIfMatch(req.header('if-match')),
    principal,
    scope: RegionScope.forPrincipal(principal),
    correlationId: req.correlationId,
  };
}

/** `@Command() request: CommandRequest` in a claim command route. */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandRequest =>
  commandRequestOf(ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>()),
);

/** Documents the headers every claim command takes. */
export const ApiCommandHeaders = (opts: { ifMatch?: boolean } = { ifMatch: true }) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'Client-chosen key (8-128 characters); event ids are derived from it. The same key and body replays the first answer; another body is refused with 409 REQUEST.IDEMPOTENCY_KEY_REUSED.',
    }),
    ...(opts.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'ETag (claim revision) the command is based on; 412 CLAIM.STALE_REVISION when the claim has moved on.' })]
      : []),
  );
