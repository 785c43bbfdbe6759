import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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
