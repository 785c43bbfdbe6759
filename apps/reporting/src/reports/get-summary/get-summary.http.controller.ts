import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';
import { GroupedReportQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';
import { GetSummaryHandler, type SummaryResponse } from './get-summary.handler';

@ApiTags('reports')
@Controller('reports')
export class GetSummaryHttpController {
  constructor(private readonly handler: GetSummaryHandler) {}

  @Get('summary')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Programme figures (households, premium, the three rates, claims, loss ratio, promptness, fast track, mobile storefront), grouped' })
  summary(@Query() query: GroupedReportQuery, @ReportScope() scope: RegionScope): Promise<SummaryResponse> {
    return this.handler.execute(query, scope);
  }
}
