import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../shared/pagination';

export class ListReferrersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'County, township or village code: referrers serving a village within it' })
  @IsOptional()
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'regionCode must be a 6, 9 or 12-digit code' })
  regionCode?: string;
}
