import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { ReferrerPageResponse, ReferrerResponse } from '../referrer.response';
import { GetReferrersHandler } from './get-referrers.handler';
import { ListReferrersQuery } from './get-referrers.request.dto';

@ApiTags('referrers')
@RequirePermission('households:read')
@Controller('referrers')
export class GetReferrersHttpController {
  constructor(private readonly handler: GetReferrersHandler) {}

  @Get()
  @ApiOperation({ summary: 'Referrers, optionally those serving a region' })
  @ApiOkResponse({ type: ReferrerPageResponse })
  @ApiErrors(400)
  list(@Query() query: ListReferrersQuery, @Ctx() ctx: RequestContext): Promise<ReferrerPageResponse> {
    return this.handler.list(query, ctx);
  }

  @Get(':referrerId')
  @ApiOperation({ summary: 'One referrer' })
  @ApiOkResponse({ type: ReferrerResponse })
  @ApiErrors(404)
  one(@Param('referrerId', new UuidParam('ENROLLMENT.REFERRER_NOT_FOUND')) referrerId: string): Promise<ReferrerResponse> {
    return this.handler.one(referrerId);
  }
}
