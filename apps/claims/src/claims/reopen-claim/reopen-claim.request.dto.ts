import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { REOPEN_REASONS } from '@fpi/contracts';

export class ReopenClaimRequest {
  @ApiPropertyOptional({ description: 'Id of the reopening, e.g. the appeal case number (default: derived from the Idempotency-Key)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  reopenId?: string;

  @ApiProperty({ enum: REOPEN_REASONS })
  @IsString()
  reason!: string;

  @ApiProperty({ example: 'new medical evidence shows the fall caused the fracture' })
  @IsString()
  @MaxLength(2000)
  note!: string;
}
