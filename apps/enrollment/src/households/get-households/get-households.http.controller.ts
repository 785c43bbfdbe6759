import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission, Roles } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { etagOf } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { HouseholdPageResponse, HouseholdResponse } from '../household.response';
import { GetHouseholdsHandler } from './get-households.handler';
import { ListHouseholdsQuery, SearchHouseholdsRequest } from './get-households.request.dto';

@ApiTags('households')
@RequirePermission('households:read')
@Controller('households')
export class GetHouseholdsHttpController {
  constructor(private readonly handler: GetHouseholdsHandler) {}

  @Get()
  @ApiOperation({ summary: 'Households by region and status, newest first' })
  @ApiOkResponse({ type: HouseholdPageResponse })
  @ApiErrors(400)
  list(@Query() query: ListHouseholdsQuery, @Ctx() ctx: RequestContext): Promise<HouseholdPageResponse> {
    return this.handler.search(query, ctx);
  }

  // A POST so that ID numbers stay out of URLs and access logs. Read-only association staff work with
  // figures, not with people looked up by ID number, so they are not among the callers.
  @Post('search')
  @Roles('handler', 'supervisor', 'clerk', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Households by region, status or a member\'s ID number (matched by keyed hash)' })
  @ApiOkResponse({ type: HouseholdPageResponse })
  @ApiErrors(400)
  search(@Body() body: SearchHouseholdsRequest, @Ctx() ctx: RequestContext): Promise<HouseholdPageResponse> {
    return this.handler.search(body, ctx);
  }

  @Get(':householdId')
  @ApiOperation({ summary: 'One household with its members (ID numbers masked); ETag carries the revision' })
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiErrors(404)
  async one(@Param('householdId', new UuidParam('ENROLLMENT.HOUSEHOLD_NOT_FOUND')) householdId: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<HouseholdResponse> {
    const h = await this.handler.one(householdId, ctx);
    res.setHeader('ETag', etagOf(h.revision));
    return h;
  }
}
