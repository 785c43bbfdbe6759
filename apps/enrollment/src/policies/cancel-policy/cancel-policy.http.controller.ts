import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyResponse } from '../policy.response';
import { CancelPolicyHandler } from './cancel-policy.handler';
import { CancelPolicyRequest } from './cancel-policy.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class CancelPolicyHttpController {
  constructor(private readonly handler: CancelPolicyHandler) {}

  @Post(':policyId/cancellation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a policy with a reason' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiOkResponse({ type: PolicyResponse, description: 'The policy after the change; ETag carries the new revision' })
  @ApiErrors(400, 404, 409, 412)
  async cancel(
    @Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string,
    @Body() body: CancelPolicyRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(policyId, body, meta, ctx));
  }
}
