import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class GiftedRowOutcome {
  @ApiProperty({ description: 'Data row number (the header is not counted)' }) row!: number;
  @ApiProperty({ description: 'Line in the file where the row starts (the header is line 1)' }) line!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) householdRef!: string | null;
  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'] }) outcome!: 'ACCEPTED' | 'REJECTED';
  @ApiPropertyOptional({ description: 'Why the row was rejected, e.g. ENROLLMENT.INVALID_ID_NUMBER' }) code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ description: 'The column at fault' }) column?: string;
  @ApiPropertyOptional({ format: 'uuid' }) householdId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) policyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) memberId?: string;
}

export class GiftedBatchResponse {
  @ApiProperty({ format: 'uuid' }) batchId!: string;
  @ApiProperty() programmeYear!: number;
  @ApiProperty() productCode!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() acceptedRows!: number;
  @ApiProperty() rejectedRows!: number;
  @ApiProperty() acceptedHouseholds!: number;
  @ApiProperty() importedAt!: string;
  @ApiProperty({ type: [GiftedRowOutcome], description: 'One entry per data row, in file order' }) report!: GiftedRowOutcome[];
}
