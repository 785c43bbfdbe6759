import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const CLAIM_STATUSES = [
  'reported', 'registered', 'awaiting_documents', 'documents_complete', 'assessed', 'approved', 'payment_scheduled', 'paid', 'followed_up',
  'rejected', 'closed', 'withdrawn',
] as const;

export class ListClaimsQuery {
  @ApiPropertyOptional({ description: 'Page size (capped by PAGE_SIZE_MAX)', example: '50' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'limit must be a positive integer' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: string;
}
