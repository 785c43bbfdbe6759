import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyResponse } from '../policy.response';
import { RenewPolicyHandler } from './renew-policy.handler';
import { RenewPolicyRequest } from './renew-policy.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class RenewPolicyHttpController {
  constructor(private readonly handler: RenewPolicyHandler) {}

  @Post(':policyId/renewal')
  @ApiOperation({ summary: 'Renew an issued policy into the next programme year (answers the new policy)' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: PolicyResponse })
  @ApiErrors(400, 404, 409, 412, 422)
  async renew(
    @Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string,
    @Body() body: RenewPolicyRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(policyId, body, meta, ctx));
  }
}
