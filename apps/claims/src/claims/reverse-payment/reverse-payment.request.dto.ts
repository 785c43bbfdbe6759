import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { REVERSAL_REASONS } from '@fpi/contracts';

export class ReversePaymentRequest {
  @ApiProperty({ enum: REVERSAL_REASONS })
  @IsString()
  reasonCode!: string;
}
