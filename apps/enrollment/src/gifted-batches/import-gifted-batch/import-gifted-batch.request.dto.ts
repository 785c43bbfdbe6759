import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { DecimalInteger } from '../../shared/pagination';

export class ImportGiftedBatchQuery {
  @ApiProperty({ example: 2025 })
  @DecimalInteger()
  @IsInt()
  @Min(2000)
  @Max(2100)
  programmeYear!: number;

  @ApiProperty({ example: 'GIFT-60', description: 'A product without a household share: the government pays the whole premium' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'productCode must be an upper-case product code' })
  productCode!: string;
}
