import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { ReferrerResponse } from '../referrer.response';
import { RegisterReferrerHandler } from './register-referrer.handler';
import { RegisterReferrerRequest } from './register-referrer.request.dto';

@ApiTags('referrers')
@RequirePermission('households:write')
@Controller('referrers')
export class RegisterReferrerHttpController {
  constructor(private readonly handler: RegisterReferrerHandler) {}

  @Post()
  @ApiOperation({ summary: 'Register a referrer (推荐人) with the villages they serve' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: ReferrerResponse })
  @ApiErrors(400, 409)
  async register(@Body() body: RegisterReferrerRequest, @Command() meta: CommandMeta, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(body, meta, ctx));
  }
}
