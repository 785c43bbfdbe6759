import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiError, canonicalJson } from '@fpi/platform';

/** What every state-changing request carries besides its body. */
export interface CommandMeta {
  idempotencyKey: string;
  /** SHA-256 of method, path, query and canonical body: "the same request" for idempotent replay. */
  fingerprint: string;
  /** From `If-Match`; undefined when the client did not ask for a revision check. */
  expectedRevision?: number;
}

/** The answer of a command, stored with its idempotency key so that a replay answers byte for byte the same. */
export interface CommandOutcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** `JSON.stringify(body)` when the command already has it (a gifted batch's megabytes of report): stored as is. */
  bodyJson?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ApiError('validation', 'REQUEST.INVALID_IF_MATCH', 'If-Match must be the ETag of a revision, e.g. "3"');
  return Number(m[1]);
}

export function commandMetaOf(req: Request): CommandMeta {
  const key = req.header('idempotency-key');
  if (key === undefined) throw new ApiError('validation', 'REQUEST.IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (8-128 characters) with every create and transition.');
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError('validation', 'REQUEST.INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 8-128 letters, digits or . _ : -');
  const body = typeof req.body === 'string' ? req.body : canonicalJson(req.body ?? null);
  const fingerprint = createHash('sha256').update(`${req.method} ${req.path}\n${canonicalJson(req.query ?? {})}\n${body}`).digest('hex');
  return { idempotencyKey: key, fingerprint, expectedRevision: parseIfMatch(req.header('if-match')) };
}

/** `@Command() meta: CommandMeta` in a controller method of a create or transition. */
export const Command = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => commandMetaOf(context.switchToHttp().getRequest<Request>()));

/** Documents the headers of a create or transition in OpenAPI. */
export const ApiCommandHeaders = (opts: { ifMatch?: boolean } = {}) =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Client-chosen key (8-128 characters). The same key with the same request replays the first answer; with a different request it is refused with 409 REQUEST.IDEMPOTENCY_KEY_REUSED.' }),
    ...(opts.ifMatch ? [ApiHeader({ name: 'If-Match', required: false, description: 'ETag (revision) the change is based on; 412 REQUEST.STALE_REVISION when the resource has moved on.' })] : []),
  );

/** Writes a command's status and headers, returning the body for Nest to serialise. */
export function reply(res: Response, outcome: CommandOutcome & { replayed?: boolean }): unknown {
  res.status(outcome.status);
  for (const [k, v] of Object.entries(outcome.headers)) res.setHeader(k, v);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}

export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * Optimistic concurrency, step one: the revision the client based its change on must be the current one.
 * Step two is the `UPDATE ... WHERE revision = $n` row count in the repositories.
 */
export function assertExpectedRevision(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) {
    throw new ApiError('precondition', 'REQUEST.STALE_REVISION', `The resource is at revision ${current}, not ${expected}; read it again and reapply your change.`, { currentRevision: current }, { ETag: etagOf(current) });
  }
}

/** Thrown by a repository when its guarded UPDATE found the row at another revision (a concurrent writer won). */
export class ConcurrentModification extends Error {
  constructor(readonly aggregate: string, readonly id: string) {
    super(`${aggregate} ${id} was changed concurrently`);
    this.name = 'ConcurrentModification';
  }
}
