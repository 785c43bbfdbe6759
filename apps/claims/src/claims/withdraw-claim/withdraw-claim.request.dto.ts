import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { WITHDRAWAL_REASONS } from '@fpi/contracts';

export class WithdrawClaimRequest {
  @ApiProperty({ enum: WITHDRAWAL_REASONS })
  @IsString()
  reasonCode!: string;

  @ApiProperty({ example: 'the family settled with the other driver' })
  @IsString()
  @MaxLength(2000)
  note!: string;
}
