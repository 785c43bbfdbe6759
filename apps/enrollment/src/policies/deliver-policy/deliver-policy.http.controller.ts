import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyResponse } from '../policy.response';
import { DeliverPolicyHandler } from './deliver-policy.handler';
import { DeliverPolicyRequest } from './deliver-policy.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class DeliverPolicyHttpController {
  constructor(private readonly handler: DeliverPolicyHandler) {}

  @Post(':policyId/delivery')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record delivery of the certificate to the household (入户)' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiOkResponse({ type: PolicyResponse, description: 'The policy after the change; ETag carries the new revision' })
  @ApiErrors(400, 404, 409, 412)
  async deliver(
    @Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string,
    @Body() body: DeliverPolicyRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(policyId, body, meta, ctx));
  }
}
