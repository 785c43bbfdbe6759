import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { RejectClaimHandler } from './reject-claim.handler';
import { RejectClaimRequest } from './reject-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class RejectClaimHttpController {
  constructor(private readonly handler: RejectClaimHandler) {}

  @Post(':claimId/rejection')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Reject the claim with a coded reason (the Art. 24 notice clock starts)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The rejected claim' })
  @ApiClaimErrors(400, 404, 409, 412)
  async reject(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: RejectClaimRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
