import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission, Roles } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { etagOf } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyHistoryResponse, PolicyPageResponse, PolicyResponse } from '../policy.response';
import { GetPoliciesHandler } from './get-policies.handler';
import { ListPoliciesQuery, SearchPoliciesRequest } from './get-policies.request.dto';

@ApiTags('policies')
@RequirePermission('households:read')
@Controller('policies')
export class GetPoliciesHttpController {
  constructor(private readonly handler: GetPoliciesHandler) {}

  @Get()
  @ApiOperation({ summary: 'Policies by household, region, referrer, status, channel, year or policy number; newest first' })
  @ApiOkResponse({ type: PolicyPageResponse })
  @ApiErrors(400)
  list(@Query() query: ListPoliciesQuery, @Ctx() ctx: RequestContext): Promise<PolicyPageResponse> {
    return this.handler.search(query, ctx);
  }

  // A POST so that ID numbers stay out of URLs and access logs. Read-only association staff work with
  // figures, not with people looked up by ID number, so they are not among the callers.
  @Post('search')
  @Roles('handler', 'supervisor', 'clerk', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'As GET /policies, plus an insured member\'s ID number (matched by keyed hash)' })
  @ApiOkResponse({ type: PolicyPageResponse })
  @ApiErrors(400)
  search(@Body() body: SearchPoliciesRequest, @Ctx() ctx: RequestContext): Promise<PolicyPageResponse> {
    return this.handler.search(body, ctx);
  }

  @Get(':policyId')
  @ApiOperation({ summary: 'One policy with its payments, coverage, insured members and timeline; ETag carries the revision' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiErrors(404)
  async one(@Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<PolicyResponse> {
    const p = await this.handler.one(policyId, ctx);
    res.setHeader('ETag', etagOf(p.revision));
    return p;
  }

  @Get(':policyId/history')
  @ApiOperation({ summary: 'Every change of the policy: revision, change, time, actor, event id' })
  @ApiOkResponse({ type: PolicyHistoryResponse })
  @ApiErrors(404)
  history(@Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string, @Ctx() ctx: RequestContext): Promise<PolicyHistoryResponse> {
    return this.handler.history(policyId, ctx);
  }
}
