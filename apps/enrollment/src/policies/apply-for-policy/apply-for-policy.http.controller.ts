import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { PolicyResponse } from '../policy.response';
import { ApplyForPolicyHandler } from './apply-for-policy.handler';
import { ApplyForPolicyRequest } from './apply-for-policy.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class ApplyForPolicyHttpController {
  constructor(private readonly handler: ApplyForPolicyHandler) {}

  @Post()
  @ApiOperation({ summary: 'Apply for a household\'s policy for a programme year (status APPLIED)' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: PolicyResponse })
  @ApiErrors(400, 409, 422)
  async apply(@Body() body: ApplyForPolicyRequest, @Command() meta: CommandMeta, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(body, meta, ctx));
  }
}
