import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { RegionScope } from '@fpi/reporting-domain';
import { RankingQuery } from '../report-query.dto';
import { ReportScope } from '../report-scope.decorator';
import { GetRankingHandler, type RankingResponse } from './get-ranking.handler';

@ApiTags('reports')
@Controller('reports')
export class GetRankingHttpController {
  constructor(private readonly handler: GetRankingHandler) {}

  @Get('ranking')
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Counties or cities ranked by premium, households, persons, amount paid or claims, with gaps to the neighbours' })
  ranking(@Query() query: RankingQuery, @ReportScope() scope: RegionScope): Promise<RankingResponse> {
    return this.handler.execute(query, scope);
  }
}
