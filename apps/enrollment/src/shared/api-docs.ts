import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorResponse {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'ENROLLMENT.POLICY_NOT_PAID', description: 'Stable MODULE.CODE identifier of the problem' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'Field-level problems or context; never personal data' }) details?: unknown;
  @ApiPropertyOptional() correlationId?: string;
}

const descriptions: Record<number, string> = {
  400: 'Invalid request (REQUEST.VALIDATION_FAILED, REQUEST.UNKNOWN_FIELD, REQUEST.IDEMPOTENCY_KEY_REQUIRED, ENROLLMENT.INVALID_*)',
  404: 'Not found (or outside the caller\'s region)',
  409: 'Conflicts with the current state, or Idempotency-Key reused with another request (REQUEST.IDEMPOTENCY_KEY_REUSED)',
  412: 'If-Match names a stale revision (REQUEST.STALE_REVISION)',
  422: 'A business rule refuses the request (ENROLLMENT.*)',
};

/** Documents the coded error answers a route can give. */
export const ApiErrors = (...statuses: (400 | 404 | 409 | 412 | 422)[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: descriptions[status], type: ErrorResponse })));
