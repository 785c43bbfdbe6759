import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { RegionQuery } from '../../queue/list-queue/list-queue.request.dto';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportFormatQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  format?: string;
}

export class PeriodExportQuery extends RegionQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  format?: string;

  @ApiPropertyOptional({ example: '2025-03-01T00:00:00Z', description: 'start (inclusive); default 31 days before `to`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01T00:00:00Z', description: 'end (exclusive); default now; at most 366 days after `from`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}
