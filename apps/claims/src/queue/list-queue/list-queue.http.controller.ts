import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentRegionScope, RequirePermission, type Principal, type RegionScope } from '@fpi/platform';
import { QueueItem } from '../queue-item.response';
import { QueueReader, type QueuePage } from '../queue.reader';
import { ClaimIdParam } from '../shared/claim-id.pipe';
import { ListQueueQuery } from './list-queue.request.dto';

@ApiTags('queue')
@ApiBearerAuth()
@Controller('queue')
export class ListQueueHttpController {
  constructor(private readonly reader: QueueReader) {}

  @Get()
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Claims that need action in the caller\'s region: fast-track first, then earliest due; keyset pages' })
  @ApiOkResponse({ description: '{ items: QueueItem[], nextCursor, pageSize, asOf, dueSoonHours }' })
  list(@Query() query: ListQueueQuery, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<QueuePage> {
    return this.reader.list(query, principal, scope);
  }

  @Get('claims/:claimId')
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'One claim as the queue sees it (action, next deadline, who holds it)' })
  @ApiOkResponse({ type: QueueItem })
  one(@Param('claimId', ClaimIdParam) claimId: string, @CurrentRegionScope() scope: RegionScope): Promise<QueueItem> {
    return this.reader.one(claimId, scope);
  }
}
