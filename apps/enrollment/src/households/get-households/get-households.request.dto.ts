import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from '@fpi/enrollment-domain';
import { PageQuery } from '../../shared/pagination';

export class ListHouseholdsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '449901' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ example: '449901001' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'townshipCode must be 9 digits' })
  townshipCode?: string;

  @ApiPropertyOptional({ example: '449901001001' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' })
  villageCode?: string;

  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  familyPlanningStatus?: HouseholdStatus;
}

/** Searching by a person's ID number goes in a body, never a URL, which proxies and access logs record. */
export class SearchHouseholdsRequest extends ListHouseholdsQuery {
  @ApiPropertyOptional({ description: 'Resident ID number of any member; matched through its keyed hash' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  memberIdNumber?: string;
}
