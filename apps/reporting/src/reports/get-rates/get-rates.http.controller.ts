import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { presentTotals, type GroupKey, type PresentedFigures, type RegionScope } from '@fpi/reporting-domain';
import { echo, GetSummaryHandler, type EchoedQuery } from '../get-summary/get-summary.handler';
import { GroupedReportQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';

export interface RatesResponse {
  query: EchoedQuery;
  rows: { group: GroupKey; timelyIssuance: PresentedFigures['timelyIssuance']; timelyDelivery: PresentedFigures['timelyDelivery']; claimSatisfaction: PresentedFigures['claimSatisfaction'] }[];
}

/** The three rates (三率) alone: cheaper than the summary, which also scans premiums and payments. */
@ApiTags('reports')
@Controller('reports')
export class GetRatesHttpController {
  constructor(private readonly summary: GetSummaryHandler) {}

  @Get('rates')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Timely issuance, timely delivery and claim satisfaction, with numerators and denominators' })
  async rates(@Query() query: GroupedReportQuery, @ReportScope() scope: RegionScope): Promise<RatesResponse> {
    const q = this.summary.parse(query);
    const rows = await this.summary.totals(q, scope, ['issuance', 'delivery', 'closed']);
    return {
      query: echo(q),
      rows: rows.map((r) => {
        const f = presentTotals(r.totals);
        return { group: r.group, timelyIssuance: f.timelyIssuance, timelyDelivery: f.timelyDelivery, claimSatisfaction: f.claimSatisfaction };
      }),
    };
  }
}
