import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentRegionScope, RequirePermission, Roles, type Principal, type RegionScope } from '@fpi/platform';
import { DueSoonQuery } from '../list-queue/list-queue.request.dto';
import { QueueReader, type HandlerLoad, type QueueSummary } from '../queue.reader';

@ApiTags('queue')
@ApiBearerAuth()
@Controller('queue/summary')
export class QueueSummaryHttpController {
  constructor(private readonly reader: QueueReader) {}

  @Get()
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Counts per bucket (action x fast-track x overdue / due soon / on time / paused), with the caller\'s own share' })
  @ApiOkResponse({ description: '{ asOf, dueSoonHours, buckets: [{ action, fastTrack, total, overdue, dueSoon, onTime, paused, noDeadline, held, mine }], totals }' })
  summary(@Query() query: DueSoonQuery, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<QueueSummary> {
    return this.reader.summary(query, query.dueSoonHours, principal, scope);
  }

  @Get('handlers')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Supervisor overview: how many claims each handler holds, how many of them fast-track, overdue, due soon' })
  handlers(@Query() query: DueSoonQuery, @CurrentRegionScope() scope: RegionScope): Promise<{ asOf: string; dueSoonHours: number; handlers: HandlerLoad[] }> {
    return this.reader.handlerLoads(query, query.dueSoonHours, scope);
  }
}
