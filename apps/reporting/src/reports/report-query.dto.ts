import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DIMENSIONS, OVERDUE_KINDS } from '@fpi/reporting-domain';

/**
 * Query strings as declared strings: the strict validation pipe refuses unknown parameters and repeated
 * ones (arrays), and the domain parser gives the meaningful 400s with stable codes.
 */
export class ReportFilterQuery {
  @ApiPropertyOptional({ description: 'first calendar date (China), inclusive', example: '2021-01-01' })
  @IsOptional() @IsString() @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ description: 'last calendar date (China), inclusive', example: '2021-12-31' })
  @IsOptional() @IsString() @MaxLength(10)
  to?: string;

  @ApiPropertyOptional({ example: '2021' })
  @IsOptional() @IsString() @MaxLength(4)
  programmeYear?: string;

  @ApiPropertyOptional({ description: 'region prefix: city (4 digits), county (6), township (9) or village (12)', example: '410102' })
  @IsOptional() @IsString() @MaxLength(12)
  region?: string;

  @ApiPropertyOptional({ enum: ['COUNTER', 'REFERRER', 'MOBILE_STOREFRONT', 'GOVERNMENT_GIFTED'] })
  @IsOptional() @IsString() @MaxLength(40)
  channel?: string;

  @ApiPropertyOptional({ description: 'figures as they stood at this instant (default: now)', example: '2021-12-31T16:00:00Z' })
  @IsOptional() @IsString() @MaxLength(40)
  asOf?: string;
}

export class GroupedReportQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ description: `comma-separated dimensions: ${DIMENSIONS.join(', ')}`, example: 'county,month' })
  @IsOptional() @IsString() @MaxLength(200)
  groupBy?: string;
}

export class PagedReportQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ description: 'rows per page (a value above the cap is refused)', example: '50' })
  @IsOptional() @IsString() @MaxLength(10)
  pageSize?: string;

  @ApiPropertyOptional({ example: '1' })
  @IsOptional() @IsString() @MaxLength(10)
  page?: string;
}

export class OverdueQuery extends PagedReportQuery {
  @ApiPropertyOptional({ enum: OVERDUE_KINDS, description: 'one kind only (default: both)' })
  @IsOptional() @IsString() @MaxLength(20)
  kind?: string;
}

export class RankingQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: ['county', 'city'], default: 'county' })
  @IsOptional() @IsString() @MaxLength(20)
  level?: string;

  @ApiPropertyOptional({ enum: ['premium', 'households', 'persons', 'amountPaid', 'claimsReported'], default: 'premium' })
  @IsOptional() @IsString() @MaxLength(20)
  by?: string;
}

/** Exports hold every row: the filter and the kind, no paging. */
export class OverdueExportQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: OVERDUE_KINDS, description: 'one kind only (default: both)' })
  @IsOptional() @IsString() @MaxLength(20)
  kind?: string;
}
