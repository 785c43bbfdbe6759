import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SendRejectionNoticeRequest {
  @ApiPropertyOptional({ description: 'Id of the notice (default: derived from the Idempotency-Key)', example: 'RN-2025-000045' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  noticeId?: string;
}
