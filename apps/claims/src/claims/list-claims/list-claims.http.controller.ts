import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentRegionScope, RequirePermission, type RegionScope } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ListClaimsHandler } from './list-claims.handler';
import { ListClaimsQuery } from './list-claims.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ListClaimsHttpController {
  constructor(private readonly handler: ListClaimsHandler) {}

  @Get()
  @RequirePermission('claims:read')
  @ApiOperation({ summary: 'Claims in the caller\'s region, newest first (no personal data in the list)' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @ApiClaimErrors(400)
  list(@Query() query: ListClaimsQuery, @CurrentRegionScope() scope: RegionScope): Promise<unknown> {
    return this.handler.execute(query, scope);
  }
}
