import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { RegionQuery } from '../../queue/list-queue/list-queue.request.dto';

export class PeriodReportQuery extends RegionQuery {
  @ApiPropertyOptional({ example: '2025-03-01T00:00:00Z', description: 'start (inclusive); default 30 days before `to`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01T00:00:00Z', description: 'end (exclusive); default now; at most 366 days after `from`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({ description: 'claims listed under the totals (default PAGE_SIZE_DEFAULT; more than PAGE_SIZE_MAX is refused)' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  pageSize?: string;
}

export class UntouchedReportQuery extends RegionQuery {
  @ApiPropertyOptional({ example: 7, description: 'days without a step (1-365, default 7)' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  days?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(9)
  pageSize?: string;
}
