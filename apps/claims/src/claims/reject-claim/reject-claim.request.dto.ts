import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { CLAIM_REJECTION_REASONS } from '@fpi/contracts';

export class RejectClaimRequest {
  @ApiProperty({ enum: CLAIM_REJECTION_REASONS })
  @IsString()
  reasonCode!: string;

  @ApiProperty({ description: 'Why, for the file and the notice', example: 'injury caused by a chronic illness, not an accident' })
  @IsString()
  @MaxLength(2000)
  note!: string;
}
