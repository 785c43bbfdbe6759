import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorResponse {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'CLAIM.NOT_ASSESSED', description: 'Stable MODULE.CODE identifier of the problem' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'Field-level problems or context; never personal data' }) details?: unknown;
  @ApiPropertyOptional() correlationId?: string;
}

const descriptions: Record<number, string> = {
  400: 'Invalid request (REQUEST.VALIDATION_FAILED, REQUEST.UNKNOWN_FIELD, REQUEST.MALFORMED_JSON, REQUEST.IDEMPOTENCY_KEY_REQUIRED, CLAIM.INVALID_*, CLAIM.AMOUNT_*)',
  403: 'Not allowed (CLAIM.FOUR_EYES_REQUIRED, CLAIM.REGION_OUT_OF_SCOPE)',
  404: 'No such claim, or a claim outside the caller\'s region (CLAIM.NOT_FOUND, the same answer for both)',
  409: 'Conflicts with what already happened (CLAIM.ALREADY_*), or the Idempotency-Key was used for another request (REQUEST.IDEMPOTENCY_KEY_REUSED)',
  412: 'The claim is not at the required step (CLAIM.NOT_*), or If-Match names a stale revision (CLAIM.STALE_REVISION)',
  422: 'The facts do not allow it (CLAIM.UNKNOWN_MEMBER, CLAIM.BENEFIT_NOT_IN_PRODUCT, CLAIM.AMOUNT_ABOVE_SUM_INSURED, CLAIM.ACCIDENT_BEFORE_COVER)',
};

/** Documents the coded error answers a claims route can give. */
export const ApiClaimErrors = (...statuses: (400 | 403 | 404 | 409 | 412 | 422)[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: descriptions[status], type: ErrorResponse })));
