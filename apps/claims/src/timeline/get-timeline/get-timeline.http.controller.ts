import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentRegionScope, RequirePermission, type RegionScope } from '@fpi/platform';
import { ClaimIdParam } from '../../queue/shared/claim-id.pipe';
import { TimelineReader, type TimelineResponse } from '../timeline.reader';
import { GetTimelineQuery } from './get-timeline.request.dto';

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('claims/:claimId/timeline')
export class GetTimelineHttpController {
  constructor(private readonly reader: TimelineReader) {}

  @Get()
  @RequirePermission('timeline:read')
  @ApiOperation({
    summary: 'Every step of a claim: actor, role, time, duration, deadline standing, reason codes, fast-track flag; with asOf, the claim as it stood then',
  })
  @ApiOkResponse({ description: '{ claimId, region, asOf, judgedAt, revision, state, entries }; 400 TIMELINE.AS_OF_BEFORE_CLAIM when asOf precedes the report' })
  timeline(@Param('claimId', ClaimIdParam) claimId: string, @Query() query: GetTimelineQuery, @CurrentRegionScope() scope: RegionScope): Promise<TimelineResponse> {
    return this.reader.timeline(claimId, query.asOf, scope);
  }
}
