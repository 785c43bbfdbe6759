import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * A whole number from a query string ("20") or a JSON body (20). Unlike `@Type(() => Number)`, it does not
 * turn "0x10", "1e1", " 5" or "" into numbers: those stay strings and fail `@IsInt()` with a 400.
 */
export const DecimalInteger = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));

/** Largest page any list answers; a bigger request is refused, not silently trimmed, so clients notice. */
export const MAX_PAGE_SIZE = 100;

export class PageQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, default: 1 })
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(100_000)
  // SWC cannot infer decorator metadata from an initialiser, hence the explicit `type: Number` above.
  page = 1;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE, { message: `pageSize must not exceed ${MAX_PAGE_SIZE}` })
  pageSize = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const offsetOf = (q: PageQuery): number => (q.page - 1) * q.pageSize;

export class PageInfo {
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Items matching the filters, across all pages' }) total!: number;
}
