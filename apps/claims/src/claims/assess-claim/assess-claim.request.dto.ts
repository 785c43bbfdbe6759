import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CLAIM_BENEFITS } from '@fpi/contracts';
import { FenInput } from '../../shared/fen.dto';

/**
 * What the assessor determined for one claimed benefit. Amounts are computed by the product's rules from
 * these and the policy, never typed in: a grade for disability, the eligible cost and what other payers
 * (basic medical insurance) paid for medical, the days in hospital for the allowance, nothing for death.
 */
export class AssessmentInputRequest {
  @ApiProperty({ enum: CLAIM_BENEFITS })
  @IsString()
  benefit!: string;

  @ApiPropertyOptional({ description: 'Disability grade 1 (most severe) to 10', example: 8 })
  @IsOptional()
  @IsInt()
  grade?: number;

  @FenInput({ description: 'Eligible medical cost', optional: true })
  eligibleCostFen?: bigint;

  @FenInput({ description: 'Paid by other payers (basic medical insurance); default 0', optional: true })
  otherPayersFen?: bigint;

  @ApiPropertyOptional({ description: 'Days in hospital', example: 12 })
  @IsOptional()
  @IsInt()
  days?: number;
}

export class AssessClaimRequest {
  @ApiProperty({ type: AssessmentInputRequest, isArray: true, description: 'One input per claimed benefit' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLAIM_BENEFITS.length)
  @ValidateNested({ each: true })
  @Type(() => AssessmentInputRequest)
  inputs!: AssessmentInputRequest[];
}
