import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FenInput } from '../../shared/fen.dto';

export class PayDeterminedPartRequest {
  @ApiPropertyOptional({ description: 'Payment id (default: derived from the Idempotency-Key)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  paymentId?: string;

  @FenInput({ description: 'Amount paid now; with earlier advances at most what the claimed benefits can pay' })
  amountFen!: bigint;

  @ApiProperty({ description: 'Bank or payment system reference of the transfer', example: 'BANK-20250312-0001' })
  @IsString()
  @MaxLength(64)
  paymentReference!: string;

  @ApiProperty({ description: 'Why this part is certain already', example: 'hospital invoices received so far' })
  @IsString()
  @MaxLength(2000)
  basis!: string;
}
