import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { presentTotals, reportCsvHeader, reportCsvRow, ReportingError, toCsv, type RegionScope } from '@fpi/reporting-domain';
import { GetOverdueHandler } from '../get-overdue/get-overdue.handler';
import { GetReferrersHandler } from '../get-referrers/get-referrers.handler';
import { GetSummaryHandler } from '../get-summary/get-summary.handler';
import { REPORT_LIMITS, type ReportLimits } from '../report-limits';
import { GroupedReportQuery, OverdueExportQuery, ReportFilterQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';

const CSV = 'text/csv; charset=utf-8';

/**
 * CSV exports of the summary, the referrer list and the overdue list: the same filters and scope as the
 * JSON routes, amounts in fen, no paging (an export holds every row). An export larger than the cap is refused (422), never cut short: a silently
 * truncated export would under-report a region.
 */
@ApiTags('reports')
@Controller('reports')
export class ExportReportHttpController {
  constructor(
    private readonly summary: GetSummaryHandler,
    private readonly referrers: GetReferrersHandler,
    private readonly overdue: GetOverdueHandler,
    @Inject(REPORT_LIMITS) private readonly limits: ReportLimits,
  ) {}

  private tooMany(): never {
    throw new ReportingError('REPORTING.EXPORT_TOO_LARGE', 'unprocessable', `the export would exceed ${this.limits.exportRowsMax} rows; narrow the filter (region, period)`, { maxRows: this.limits.exportRowsMax });
  }

  @Get('summary/export')
  @RequirePermission('exports:create')
  @Header('content-type', CSV)
  @Header('content-disposition', 'attachment; filename="programme-summary.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The summary as CSV' })
  async summaryCsv(@Query() query: GroupedReportQuery, @ReportScope() scope: RegionScope): Promise<string> {
    const q = this.summary.parse(query);
    const rows = await this.summary.totals(q, scope);
    return toCsv(reportCsvHeader(q.groupBy), rows.map((r) => reportCsvRow(r.group, q.groupBy, presentTotals(r.totals))));
  }

  @Get('referrers/export')
  @RequirePermission('exports:create')
  @Header('content-type', CSV)
  @Header('content-disposition', 'attachment; filename="referrers.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Referrer productivity as CSV' })
  async referrersCsv(@Query() query: ReportFilterQuery, @ReportScope() scope: RegionScope): Promise<string> {
    const r = await this.referrers.execute(query, scope, { page: 1, pageSize: this.limits.exportRowsMax + 1 });
    if (r.items.length > this.limits.exportRowsMax) this.tooMany();
    return toCsv(
      ['rank', 'referrer_id', 'households', 'persons', 'premium_fen', 'villages', 'claims_reported', 'amount_paid_fen'],
      r.items.map((i) => [i.rank, i.referrerId, i.households, i.persons, i.premiumFen, i.villages, i.claimsReported, i.amountPaidFen]),
    );
  }

  @Get('overdue/export')
  @RequirePermission('exports:create')
  @Header('content-type', CSV)
  @Header('content-disposition', 'attachment; filename="overdue.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The overdue list as CSV' })
  async overdueCsv(@Query() query: OverdueExportQuery, @ReportScope() scope: RegionScope): Promise<string> {
    const r = await this.overdue.execute(query, scope, { page: 1, pageSize: this.limits.exportRowsMax + 1 });
    if (r.items.length > this.limits.exportRowsMax) this.tooMany();
    return toCsv(
      ['policy_id', 'policy_number', 'region_code', 'kind', 'due_at', 'overdue_days'],
      r.items.map((i) => [i.policyId, i.policyNumber, i.regionCode, i.kind, i.dueAt, i.overdueDays]),
    );
  }
}
