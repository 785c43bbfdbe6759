import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLAIM_DOCUMENTS } from '@fpi/contracts';

export class RequestDocumentsRequest {
  @ApiPropertyOptional({ description: 'Id of the notice (default: derived from the Idempotency-Key)', example: 'N-2025-000123' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  noticeId?: string;

  @ApiPropertyOptional({ enum: CLAIM_DOCUMENTS, isArray: true, description: 'Case-specific documents beyond what the benefits require' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLAIM_DOCUMENTS.length)
  @IsString({ each: true })
  additional?: string[];
}
