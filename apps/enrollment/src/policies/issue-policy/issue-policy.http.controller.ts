import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyResponse } from '../policy.response';
import { IssuePolicyHandler } from './issue-policy.handler';
import { IssuePolicyRequest } from './issue-policy.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class IssuePolicyHttpController {
  constructor(private readonly handler: IssuePolicyHandler) {}

  @Post(':policyId/issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a fully paid policy (出单) under the insurer\'s policy number; starts the delivery clock' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiOkResponse({ type: PolicyResponse, description: 'The policy after the change; ETag carries the new revision' })
  @ApiErrors(400, 404, 409, 412)
  async issue(
    @Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string,
    @Body() body: IssuePolicyRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(policyId, body, meta, ctx));
  }
}
