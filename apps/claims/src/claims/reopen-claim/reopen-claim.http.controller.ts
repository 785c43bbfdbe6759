import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { ReopenClaimHandler } from './reopen-claim.handler';
import { ReopenClaimRequest } from './reopen-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ReopenClaimHttpController {
  constructor(private readonly handler: ReopenClaimHandler) {}

  @Post(':claimId/reopening')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Reopen a rejected claim (reconsideration), or a closed rejected one on appeal; a new cycle of deadlines starts' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The reopened claim' })
  @ApiClaimErrors(400, 404, 409, 412)
  async reopen(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: ReopenClaimRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
