import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { EnrollmentError, parseFen } from '@fpi/enrollment-domain';

const toFen = (value: unknown, allowZero: boolean): unknown => {
  try {
    return parseFen(value, 'amount', { allowZero });
  } catch (e) {
    if (e instanceof EnrollmentError) return value;
    throw e;
  }
};

/**
 * An amount in fen: accepted as a JSON integer or a digit string, held as bigint after validation.
 * Answers always carry digit strings.
 */
export function FenInput(opts: { allowZero?: boolean; description?: string; optional?: boolean } = {}): PropertyDecorator {
  const allowZero = opts.allowZero ?? false;
  const doc = { description: `${opts.description ?? 'Amount'} in fen (integer number or digit string)`, oneOf: [{ type: 'integer', minimum: allowZero ? 0 : 1 }, { type: 'string', pattern: '^\\d{1,13}$' }], example: '6000' };
  return applyDecorators(
    opts.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    Transform(({ value }) => toFen(value, allowZero)),
    ValidateBy({
      name: 'isFen',
      validator: {
        validate: (value: unknown) => typeof value === 'bigint',
        defaultMessage: (args) => `${args?.property ?? 'amount'} must be an integer number of fen (${allowZero ? '0' : '1'} to 1000000000000), as a number or a digit string`,
      },
    }),
  );
}

/** Fen in answers: a digit string. */
export const FenOutput = (description: string) => ApiProperty({ type: 'string', pattern: '^\\d+$', description: `${description} in fen (digit string)`, example: '6000' });
