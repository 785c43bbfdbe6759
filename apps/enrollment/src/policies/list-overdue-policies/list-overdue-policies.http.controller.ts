import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ListOverduePoliciesHandler } from './list-overdue-policies.handler';
import { OverdueFilter } from './list-overdue-policies.request.dto';
import { OverduePageResponse, OverdueSummaryResponse } from './overdue.response';

@ApiTags('overdue')
@RequirePermission('reports:read')
@Controller('overdue-policies')
export class ListOverduePoliciesHttpController {
  constructor(private readonly handler: ListOverduePoliciesHandler) {}

  @Get()
  @ApiOperation({ summary: 'Policies late for issuance (paid, not issued past the deadline) or delivery (issued, not delivered past the deadline)' })
  @ApiOkResponse({ type: OverduePageResponse })
  @ApiErrors(400)
  list(@Query() query: OverdueFilter, @Ctx() ctx: RequestContext): Promise<OverduePageResponse> {
    return this.handler.list(query, ctx);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Late work grouped by kind, channel and referrer (who is late, how late)' })
  @ApiOkResponse({ type: OverdueSummaryResponse })
  @ApiErrors(400)
  summary(@Query() query: OverdueFilter, @Ctx() ctx: RequestContext): Promise<OverdueSummaryResponse> {
    return this.handler.summary(query, ctx);
  }
}
