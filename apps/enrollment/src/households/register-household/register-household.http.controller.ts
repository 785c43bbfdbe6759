import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { HouseholdResponse } from '../household.response';
import { RegisterHouseholdHandler } from './register-household.handler';
import { RegisterHouseholdRequest } from './register-household.request.dto';

@ApiTags('households')
@RequirePermission('households:write')
@Controller('households')
export class RegisterHouseholdHttpController {
  constructor(private readonly handler: RegisterHouseholdHandler) {}

  @Post()
  @ApiOperation({ summary: 'Register a household with its members (ID numbers validated per GB 11643)' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: HouseholdResponse, description: 'Registered; ETag carries the revision' })
  @ApiErrors(400, 409)
  async register(@Body() body: RegisterHouseholdRequest, @Command() meta: CommandMeta, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(body, meta, ctx));
  }
}
