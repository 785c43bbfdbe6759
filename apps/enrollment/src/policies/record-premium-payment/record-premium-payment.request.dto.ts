import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { PAYER_TYPES, type PayerType } from '@fpi/enrollment-domain';
import { FenInput } from '../../shared/fen.dto';

export class RecordPremiumPaymentRequest {
  @ApiProperty({ enum: PAYER_TYPES, description: 'Who paid: the household, a level of government or the insurer\'s subsidy' })
  @IsIn(PAYER_TYPES)
  payer!: PayerType;

  @FenInput({ description: 'Amount paid; at most what this payer still owes of its share' })
  amountFen!: bigint;

  @ApiProperty({ example: 'TREASURY-2025-000123', description: 'The payer\'s transfer reference; the same reference and amount again is a no-op' })
  @Matches(/^[A-Za-z0-9._:/-]{1,64}$/, { message: 'reference must be 1-64 letters, digits or . _ : / -' })
  reference!: string;
}
