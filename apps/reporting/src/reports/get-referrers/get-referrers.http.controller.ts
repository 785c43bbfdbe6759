import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';
import { PagedReportQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';
import { GetReferrersHandler, type ReferrersResponse } from './get-referrers.handler';

@ApiTags('reports')
@Controller('reports')
export class GetReferrersHttpController {
  constructor(private readonly handler: GetReferrersHandler) {}

  @Get('referrers')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Referrer productivity: households, persons, premium, villages and claims per referrer, paged' })
  referrers(@Query() query: PagedReportQuery, @ReportScope() scope: RegionScope): Promise<ReferrersResponse> {
    return this.handler.execute(query, scope);
  }
}
