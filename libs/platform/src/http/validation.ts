import { BadRequestException, createParamDecorator, ValidationError, ValidationPipe, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../errors/http-error.filter';

interface FieldProblem {
  field: string;
  problems: string[];
}

const flatten = (errors: ValidationError[], parent = ''): FieldProblem[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });

/**
 * Unknown fields are rejected, not silently dropped (mass assignment: a client must never be able to set
 * `status`, `approvedBy` or `region` by adding a key), and every field's problem is listed in one answer.
 * Rejected values are never echoed back: they may be ID numbers.
 */
export const strictValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const unknown = details.filter((d) => d.problems.some((p) => p.includes('should not exist')));
      return new BadRequestException({
        code: unknown.length > 0 ? 'REQUEST.UNKNOWN_FIELD' : 'REQUEST.VALIDATION_FAILED',
        message:
          unknown.length > 0
            ? `Unknown field(s): ${unknown.map((d) => d.field).join(', ')}. Remove them and send again.`
            : `Invalid request: ${details.map((d) => `${d.field} (${d.problems.join('; ')})`).join(', ')}`,
        details,
      });
    },
  });

/**
 * `@NoBody() _body: void` on a command that takes no fields: an empty body (or `{}`) only. Anything else is
 * refused like an unknown field elsewhere, rather than ignored, so a client never believes it set something.
 */
export const NoBody = createParamDecorator((_: unknown, ctx: ExecutionContext): void => {
  const body = ctx.switchToHttp().getRequest<Request>().body as unknown;
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) return;
  if (typeof body === 'object' && !Array.isArray(body)) {
    throw new ApiError('validation', 'REQUEST.UNKNOWN_FIELD', `Unknown field(s): ${Object.keys(body).join(', ')}. This command takes no fields.`);
  }
  throw new ApiError('validation', 'REQUEST.VALIDATION_FAILED', 'This command takes no body, or an empty JSON object.');
});
