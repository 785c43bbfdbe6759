import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SchedulePaymentRequest {
  @ApiPropertyOptional({ description: 'Payment id (default: derived from the Idempotency-Key); names the payment in later commands' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  paymentId?: string;
}
