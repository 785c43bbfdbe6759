import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

const DECIMAL = /^-?\d{1,16}$/;

/**
 * An amount of fen in a request: a JSON string of decimal digits (JSON numbers lose precision past 2^53,
 * and money is never a float here), held as bigint after validation. The sign is accepted so that the
 * domain can answer a negative or zero amount with its own code (CLAIM.AMOUNT_NEGATIVE, ...).
 */
export function FenInput(opts: { description: string; optional?: boolean; nullable?: boolean }): PropertyDecorator {
  const doc = { type: 'string' as const, pattern: '^-?\\d{1,16}$', description: `${opts.description}, in fen as a decimal string`, example: '150000', nullable: opts.nullable ?? false };
  return applyDecorators(
    opts.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    Transform(({ value }) => (typeof value === 'string' && DECIMAL.test(value) ? BigInt(value) : value)),
    ValidateBy({
      name: 'isFen',
      validator: {
        validate: (value: unknown) => typeof value === 'bigint' || (opts.nullable === true && value === null) || (opts.optional === true && value === undefined),
        defaultMessage: (args) => `${args?.property ?? 'amount'} must be an amount of fen as a string of decimal digits, e.g. "150000"`,
      },
    }),
  );
}
