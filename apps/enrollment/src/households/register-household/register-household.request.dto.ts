import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { HOUSEHOLD_STATUSES, MAX_HOUSEHOLD_MEMBERS, type HouseholdStatus } from '@fpi/enrollment-domain';
import { MemberRequest, RegionRequest } from '../household.request.dto';

export class RegisterHouseholdRequest {
  @ApiProperty({ enum: HOUSEHOLD_STATUSES, description: '独生子女户 ONE_CHILD, 农村双女户 RURAL_TWO_DAUGHTERS, 特扶户 SPECIAL_SUPPORT, 计生特殊家庭 SPECIAL_FAMILY, 低保/脱贫 LOW_INCOME, OTHER' })
  @IsIn(HOUSEHOLD_STATUSES)
  familyPlanningStatus!: HouseholdStatus;

  @ApiProperty({ type: RegionRequest })
  @ValidateNested()
  @Type(() => RegionRequest)
  region!: RegionRequest;

  @ApiPropertyOptional({ example: '某村 3 组 12 号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'phone must be 5-20 digits' })
  phone?: string;

  @ApiProperty({ type: [MemberRequest], description: `Everyone in the household (at most ${MAX_HOUSEHOLD_MEMBERS}), exactly one HEAD` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOUSEHOLD_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => MemberRequest)
  members!: MemberRequest[];
}
