import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { DEFAULT_DELIVERY_DEADLINE_DAYS, DEFAULT_ISSUANCE_DEADLINE_DAYS, PAYER_TYPES, type PayerType } from '@fpi/enrollment-domain';
import { FenInput } from '../../shared/fen.dto';

export class PayerShareRequest {
  @ApiProperty({ enum: PAYER_TYPES })
  @IsIn(PAYER_TYPES)
  payer!: PayerType;

  @FenInput({ description: 'This payer\'s share of the premium' })
  amountFen!: bigint;
}

export class BenefitsRequest {
  @FenInput({ allowZero: true, description: 'Household death and disability sum insured (split equally among insured members)' })
  deathDisabilitySumInsuredFen!: bigint;

  @FenInput({ allowZero: true, description: 'Household medical limit, shared by all insured members' })
  medicalLimitFen!: bigint;

  @FenInput({ allowZero: true, description: 'Medical deductible' })
  medicalDeductibleFen!: bigint;

  @ApiProperty({ minimum: 0, maximum: 10000, description: 'Reimbursed share after the deductible, basis points (8000 = 80 %)' })
  @IsInt()
  @Min(0)
  @Max(10000)
  medicalReimbursementBp!: number;

  @FenInput({ allowZero: true, description: 'Hospital allowance per day' })
  hospitalAllowancePerDayFen!: bigint;

  @ApiProperty({ minimum: 0, maximum: 366 })
  @IsInt()
  @Min(0)
  @Max(366)
  hospitalAllowanceMaxDays!: number;
}

export class CoverStartRequest {
  @ApiProperty({ enum: ['FIXED_DATE', 'AFTER_ENROLMENT'] })
  @IsIn(['FIXED_DATE', 'AFTER_ENROLMENT'])
  rule!: 'FIXED_DATE' | 'AFTER_ENROLMENT';

  @ApiPropertyOptional({ example: '2025-03-01', description: 'With FIXED_DATE: the date cover starts' })
  // Checked whenever it is sent, not only with its rule: otherwise any value (false, an object) passes unchecked.
  @ValidateIf((o: CoverStartRequest) => o.rule === 'FIXED_DATE' || o.date !== undefined)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ example: 1, description: 'With AFTER_ENROLMENT: days after the enrolment date' })
  @ValidateIf((o: CoverStartRequest) => o.rule === 'AFTER_ENROLMENT' || o.days !== undefined)
  @IsInt()
  @Min(0)
  @Max(90)
  days?: number;
}

export class CreateProductRequest {
  @ApiProperty({ example: 'STD-60', description: 'Upper-case code, unique within the programme year' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'code must be 1-32 upper-case letters, digits, _ or -' })
  code!: string;

  @ApiProperty({ example: '计生家庭意外伤害保险 60 元档' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @FenInput({ description: 'Premium per household' })
  premiumFen!: bigint;

  @ApiProperty({ type: [PayerShareRequest], description: 'Must add up to the premium' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => PayerShareRequest)
  payerShares!: PayerShareRequest[];

  @ApiProperty({ type: BenefitsRequest })
  @ValidateNested()
  @Type(() => BenefitsRequest)
  benefits!: BenefitsRequest;

  @ApiProperty({ type: CoverStartRequest })
  @ValidateNested()
  @Type(() => CoverStartRequest)
  coverStart!: CoverStartRequest;

  @ApiPropertyOptional({ default: DEFAULT_ISSUANCE_DEADLINE_DAYS, description: 'Days from full payment to the issuance deadline' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  issuanceDeadlineDays?: number;

  @ApiPropertyOptional({ default: DEFAULT_DELIVERY_DEADLINE_DAYS, description: 'Days from issuance to the delivery deadline' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  deliveryDeadlineDays?: number;

  @ApiPropertyOptional({ default: 2 }) @IsOptional() @IsInt() @Min(1) @Max(10) minMembers?: number;
  @ApiPropertyOptional({ default: 5 }) @IsOptional() @IsInt() @Min(1) @Max(10) maxMembers?: number;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(0) @Max(120) minAge?: number;
  @ApiPropertyOptional({ default: 65 }) @IsOptional() @IsInt() @Min(0) @Max(120) maxAge?: number;
}
