import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { HouseholdResponse } from '../household.response';
import { AddHouseholdMemberHandler } from './add-household-member.handler';
import { AddHouseholdMemberRequest } from './add-household-member.request.dto';

@ApiTags('households')
@RequirePermission('households:write')
@Controller('households')
export class AddHouseholdMemberHttpController {
  constructor(private readonly handler: AddHouseholdMemberHandler) {}

  @Post(':householdId/members')
  @ApiOperation({ summary: 'Add a person to a household (policies already applied for keep their insured members)' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: HouseholdResponse })
  @ApiErrors(400, 404, 409, 412)
  async add(
    @Param('householdId', new UuidParam('ENROLLMENT.HOUSEHOLD_NOT_FOUND')) householdId: string,
    @Body() body: AddHouseholdMemberRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(householdId, body, meta, ctx));
  }
}
