import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { HouseholdResponse } from '../household.response';
import { UpdateHouseholdHandler } from './update-household.handler';
import { UpdateHouseholdRequest } from './update-household.request.dto';

@ApiTags('households')
@RequirePermission('households:write')
@Controller('households')
export class UpdateHouseholdHttpController {
  constructor(private readonly handler: UpdateHouseholdHandler) {}

  @Patch(':householdId')
  @ApiOperation({ summary: 'Change a household\'s status, address or phone' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiErrors(400, 404, 412)
  async update(
    @Param('householdId', new UuidParam('ENROLLMENT.HOUSEHOLD_NOT_FOUND')) householdId: string,
    @Body() body: UpdateHouseholdRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(householdId, body, meta, ctx));
  }
}
