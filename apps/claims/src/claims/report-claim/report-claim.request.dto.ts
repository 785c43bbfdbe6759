import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CLAIM_BENEFITS, CLAIM_CHANNELS, CLAIM_DOCUMENTS, REPORTER_RELATIONS } from '@fpi/contracts';
import { FenInput } from '../../shared/fen.dto';

/*
 * The request DTOs check shape only (types, lengths, unknown fields). Vocabulary and rules (a benefit the
 * programme knows, an ID number's format, a positive amount) are the decider's, which answers each with
 * its own CLAIM.* code; checking them twice would give two codes for one mistake.
 */

export class ClaimantRequest {
  @ApiProperty({ description: 'Stable member id from enrollment (never the ID number)', example: '0f7d3c1e-4a8b-4c2d-9e6f-1a2b3c4d5e6f' })
  @IsString()
  @MaxLength(64)
  memberId!: string;

  @ApiProperty({ description: 'Resident ID number (GB 11643) as given; only its masked form is ever stored', example: '11010519491231002X' })
  @IsString()
  @MaxLength(32)
  idNumber!: string;
}

export class AccidentRequest {
  @ApiProperty({ description: 'When the accident happened (ISO 8601 with a zone)', example: '2025-03-01T02:00:00Z' })
  @IsString()
  @MaxLength(40)
  occurredAt!: string;

  @ApiProperty({ example: 'village road near the school' })
  @IsString()
  @MaxLength(500)
  place!: string;

  @ApiProperty({ description: 'County code (GB/T 2260, 6 digits) of the place', example: '110105' })
  @IsString()
  @MaxLength(12)
  regionCode!: string;

  @ApiProperty({ example: 'traffic' })
  @IsString()
  @MaxLength(64)
  causeCode!: string;

  @ApiProperty({ example: 'hit by a motorbike on the way home' })
  @IsString()
  @MaxLength(2000)
  description!: string;
}

export class ReporterRequest {
  @ApiProperty({ enum: REPORTER_RELATIONS })
  @IsString()
  relation!: string;

  @ApiProperty({ description: 'Name of the person who called (personal data: masked in answers)', example: '张三' })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Call-back number (personal data: masked in answers)', example: '13812345678' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(32)
  phone?: string | null;
}

export class ReportClaimRequest {
  @ApiProperty({ description: 'Household id from enrollment', example: '6d3b2a1f-8e7c-4b5a-9d0e-1f2a3b4c5d6e' })
  @IsString()
  @MaxLength(64)
  householdId!: string;

  @ApiProperty({ type: ClaimantRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimantRequest)
  claimant!: ClaimantRequest;

  @ApiProperty({ type: AccidentRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => AccidentRequest)
  accident!: AccidentRequest;

  @ApiProperty({ enum: CLAIM_BENEFITS, isArray: true })
  @IsArray()
  @ArrayMaxSize(CLAIM_BENEFITS.length)
  @IsString({ each: true })
  benefits!: string[];

  @FenInput({ description: 'What the family asks for, if they said', optional: true, nullable: true })
  claimedAmountFen?: bigint | null;

  @ApiProperty({ enum: CLAIM_CHANNELS })
  @IsString()
  channel!: string;

  @ApiProperty({ type: ReporterRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => ReporterRequest)
  reporter!: ReporterRequest;

  @ApiPropertyOptional({ enum: CLAIM_DOCUMENTS, isArray: true, description: 'Documents handed in with the report' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLAIM_DOCUMENTS.length)
  @IsString({ each: true })
  documentsProvided?: string[];
}
