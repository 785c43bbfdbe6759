import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from '@fpi/enrollment-domain';

export class UpdateHouseholdRequest {
  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  familyPlanningStatus?: HouseholdStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'phone must be 5-20 digits' })
  phone?: string;
}
