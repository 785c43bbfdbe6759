import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RecordPaymentRequest {
  @ApiProperty({ description: 'Bank or payment system reference of the transfer', example: 'BANK-20250315-0042' })
  @IsString()
  @MaxLength(64)
  paymentReference!: string;
}
