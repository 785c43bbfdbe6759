import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { WithdrawClaimHandler } from './withdraw-claim.handler';
import { WithdrawClaimRequest } from './withdraw-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class WithdrawClaimHttpController {
  constructor(private readonly handler: WithdrawClaimHandler) {}

  @Post(':claimId/withdrawal')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Withdraw the claim at the family\'s request (not once money was paid or scheduled)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The withdrawn claim' })
  @ApiClaimErrors(400, 404, 409, 412)
  async withdraw(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: WithdrawClaimRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
