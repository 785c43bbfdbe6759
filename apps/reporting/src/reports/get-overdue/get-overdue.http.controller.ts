import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';
import { OverdueQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';
import { GetOverdueHandler, type OverdueResponse } from './get-overdue.handler';

@ApiTags('reports')
@Controller('reports')
export class GetOverdueHttpController {
  constructor(private readonly handler: GetOverdueHandler) {}

  @Get('overdue')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Open issuance and delivery steps past their deadline at asOf, oldest first, paged' })
  overdue(@Query() query: OverdueQuery, @ReportScope() scope: RegionScope): Promise<OverdueResponse> {
    return this.handler.execute(query, scope);
  }
}
