import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { redact, redactText } from '@fpi/contracts';
import { isTransientPgError } from '@fpi/event-store/postgres-errors';

/** Kinds a domain error may declare; the filter maps each to one HTTP status. */
export type ErrorKind = 'validation' | 'not_found' | 'conflict' | 'precondition' | 'forbidden' | 'unauthorized' | 'unprocessable' | 'too_many';

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  unprocessable: 422,
  too_many: 429,
};

const DEPENDENCY_UNAVAILABLE = 'SERVICE.DEPENDENCY_UNAVAILABLE';

/**
 * Domain libraries stay free of Nest, so their errors are recognised by shape: a stable `MODULE.CODE`
 * code and a kind. Anything else that is not an HttpException is a bug and becomes a 500 without details.
 */
export interface CodedError {
  code: string;
  kind: ErrorKind;
  message: string;
  details?: unknown;
}

export function isCodedError(e: unknown): e is CodedError {
  return (
    typeof e === 'object' && e !== null &&
    typeof (e as CodedError).code === 'string' && /^[A-Z][A-Z0-9_]*\.[A-Z0-9_.]+$/.test((e as CodedError).code) &&
    typeof (e as CodedError).kind === 'string' && (e as CodedError).kind in statusOf
  );
}

/** An error raised in the HTTP layer with a code (e.g. `REQUEST.IDEMPOTENCY_KEY_REUSED`). */
export class ApiError extends Error implements CodedError {
  constructor(readonly kind: ErrorKind, readonly code: string, message: string, readonly details?: unknown, readonly headers?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

/** Status codes of errors raised by Nest or Express before our code runs (body parser, router). */
const httpCodeByStatus: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'REQUEST.CONFLICT',
  413: 'REQUEST.BODY_TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request & { correlationId?: string }>();
    const body = this.toBody(exception);
    body.correlationId = req.correlationId;
    if (body.code === DEPENDENCY_UNAVAILABLE) {
      // An outage, not a bug: one line without a stack, and the client is told when to come back.
      this.logger.warn({ msg: 'database unavailable', method: req.method, path: req.path, error: exception instanceof Error ? redactText(exception.message) : String(exception) });
      res.setHeader('Retry-After', '1');
    } else if (body.statusCode >= 500) {
      this.logger.error({ msg: 'unhandled error', method: req.method, path: req.path, error: exception instanceof Error ? { name: exception.name, message: redactText(exception.message), stack: exception.stack } : String(exception) });
    }
    if (exception instanceof ApiError && exception.headers) {
      for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    }
    if (!res.headersSent) {
      // A route may have set its success headers before it failed (a CSV export's type and attachment name):
      // the error is JSON, and is not offered as a file download.
      res.removeHeader('Content-Disposition');
      res.status(body.statusCode).type('application/json').json(body);
    }
  }

  toBody(exception: unknown): ErrorBody {
    if (isCodedError(exception)) {
      const details = exception.details === undefined ? undefined : redact(exception.details);
      return { statusCode: statusOf[exception.kind], code: exception.code, message: redactText(exception.message), ...(details === undefined ? {} : { details }) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const payload = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const code = typeof payload['code'] === 'string' ? (payload['code'] as string) : httpCodeByStatus[status] ?? (status >= 500 ? 'INTERNAL.ERROR' : 'REQUEST.INVALID');
      const message = typeof payload['message'] === 'string' ? (payload['message'] as string) : exception.message;
      const details = payload['details'];
      return { statusCode: status, code, message: redactText(message), ...(details === undefined ? {} : { details: redact(details) }) };
    }
    // Errors thrown by body-parser carry a status and a type (entity.parse.failed, entity.too.large, ...).
    const e = exception as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const byType: Record<string, [string, string]> = {
        'entity.parse.failed': ['REQUEST.MALFORMED_JSON', 'The request body is not valid JSON.'],
        'entity.too.large': ['REQUEST.BODY_TOO_LARGE', 'The request body is larger than this service accepts.'],
        'encoding.unsupported': ['REQUEST.UNSUPPORTED_ENCODING', 'The request body encoding is not supported.'],
        'charset.unsupported': ['REQUEST.UNSUPPORTED_CHARSET', 'The request body charset is not supported; use utf-8.'],
      };
      const [code, message] = byType[e.type ?? ''] ?? [httpCodeByStatus[status] ?? 'REQUEST.INVALID', 'The request could not be read.'];
      return { statusCode: status, code, message };
    }
    // The database down, restarting or out of connections (on the error or on what it wraps): 503 with
    // Retry-After, because the request may well succeed in a moment, rather than 500, which says "a bug".
    if (isTransientPgError(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: DEPENDENCY_UNAVAILABLE,
        message: 'The database could not complete this request just now (restarting, unreachable, out of connections, or a transaction conflict). Retry shortly with the same Idempotency-Key: a command that did take effect is not done twice.',
      };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL.ERROR', message: 'An internal error occurred; it has been logged with the correlation id.' };
  }
}
