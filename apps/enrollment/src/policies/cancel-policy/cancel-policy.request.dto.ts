import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CANCELLATION_REASONS, type CancellationReason } from '@fpi/enrollment-domain';

export class CancelPolicyRequest {
  @ApiProperty({ enum: CANCELLATION_REASONS })
  @IsIn(CANCELLATION_REASONS)
  reason!: CancellationReason;

  @ApiPropertyOptional({ description: 'Kept with the policy, never published (it may name people)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}
