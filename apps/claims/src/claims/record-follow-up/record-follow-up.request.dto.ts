import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FOLLOW_UP_OUTCOMES } from '@fpi/contracts';

export class RecordFollowUpRequest {
  @ApiPropertyOptional({ description: 'Id of the call attempt (default: derived from the Idempotency-Key)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  attemptId?: string;

  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES })
  @IsString()
  outcome!: string;
}
