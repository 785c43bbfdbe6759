import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';
import { GroupedReportQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';
import { GetGrowthHandler, type GrowthResponse } from './get-growth.handler';

@ApiTags('reports')
@Controller('reports')
export class GetGrowthHttpController {
  constructor(private readonly handler: GetGrowthHandler) {}

  @Get('growth')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Year-on-year growth of households, persons, premium, claims and amount paid (e.g. by county)' })
  growth(@Query() query: GroupedReportQuery, @ReportScope() scope: RegionScope): Promise<GrowthResponse> {
    return this.handler.execute(query, scope);
  }
}
