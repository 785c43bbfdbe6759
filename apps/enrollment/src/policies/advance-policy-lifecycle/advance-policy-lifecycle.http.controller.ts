import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoBody, Roles } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { AdvancePolicyLifecycleHandler, LifecycleSweepResponse } from './advance-policy-lifecycle.handler';

@ApiTags('policies')
@Roles('admin')
@Controller('policy-lifecycle-sweeps')
export class AdvancePolicyLifecycleHttpController {
  constructor(private readonly handler: AdvancePolicyLifecycleHandler) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Move due policies into force and expire ended ones now (the service also does this on a timer)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ type: LifecycleSweepResponse })
  @ApiErrors(400, 409)
  async sweep(@Command() meta: CommandMeta, @NoBody() _body: void, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(meta, ctx));
  }
}
