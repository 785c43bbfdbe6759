import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentRegionScope, RequirePermission, type RegionScope } from '@fpi/platform';
import { ClaimIdParam } from '../../queue/shared/claim-id.pipe';
import { parseList } from '../../queue/shared/query-values';
import { toCsv } from '../csv';
import { EXPORT_HEADER, exportCells, type TimelineEntryView } from '../timeline-entry.view';
import { TimelineReader } from '../timeline.reader';
import { EXPORT_FORMATS, ExportFormatQuery, PeriodExportQuery, type ExportFormat } from './export-timeline.request.dto';

const formatOf = (raw: string | undefined): ExportFormat => parseList('format', raw, EXPORT_FORMATS)?.[0] ?? 'csv';

/** Writes an export as an attachment; the lines hold no personal data, so nothing needs masking on the way out. */
function send(res: Response, format: ExportFormat, name: string, entries: TimelineEntryView[], meta: Record<string, string>): string | object {
  res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'json') return { ...meta, rows: entries.length, entries };
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  return toCsv(EXPORT_HEADER, entries.map(exportCells));
}

@ApiTags('timeline')
@ApiBearerAuth()
@Controller()
export class ExportTimelineHttpController {
  constructor(private readonly reader: TimelineReader) {}

  @Get('claims/:claimId/timeline/export')
  @RequirePermission('exports:create')
  @ApiProduces('text/csv', 'application/json')
  @ApiOperation({ summary: 'One claim\'s timeline as CSV or JSON (no personal data; capped at EXPORT_ROWS_MAX)' })
  async claim(
    @Param('claimId', ClaimIdParam) claimId: string,
    @Query() query: ExportFormatQuery,
    @CurrentRegionScope() scope: RegionScope,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | object> {
    const format = formatOf(query.format);
    const entries = await this.reader.claimExport(claimId, scope);
    return send(res, format, `timeline-${claimId}`, entries, { claimId });
  }

  @Get('timelines/export')
  @RequirePermission('exports:create')
  @ApiProduces('text/csv', 'application/json')
  @ApiOperation({ summary: 'Every timeline line of the caller\'s region in a period, oldest first; more than EXPORT_ROWS_MAX answers 422 EXPORT.TOO_MANY_ROWS' })
  async period(@Query() query: PeriodExportQuery, @CurrentRegionScope() scope: RegionScope, @Res({ passthrough: true }) res: Response): Promise<string | object> {
    const format = formatOf(query.format);
    const { from, to, entries } = await this.reader.periodExport(query, scope);
    return send(res, format, `timelines-${from.slice(0, 10)}-${to.slice(0, 10)}`, entries, { from, to });
  }
}
