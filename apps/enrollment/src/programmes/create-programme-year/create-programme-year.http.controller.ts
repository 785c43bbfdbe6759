import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { ProgrammeYearResponse } from '../product.response';
import { CreateProgrammeYearHandler } from './create-programme-year.handler';
import { CreateProgrammeYearRequest } from './create-programme-year.request.dto';

@ApiTags('programmes')
@Roles('admin')
@Controller('programme-years')
export class CreateProgrammeYearHttpController {
  constructor(private readonly handler: CreateProgrammeYearHandler) {}

  @Post()
  @ApiOperation({ summary: 'Open a programme year (its dates bound every policy\'s cover)' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: ProgrammeYearResponse })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateProgrammeYearRequest, @Command() meta: CommandMeta, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(body, meta, ctx));
  }
}
