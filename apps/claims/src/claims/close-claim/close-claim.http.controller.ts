import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoBody, RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { CloseClaimHandler } from './close-claim.handler';

@ApiTags('claims')
@Controller('claims')
export class CloseClaimHttpController {
  constructor(private readonly handler: CloseClaimHandler) {}

  @Post(':claimId/closure')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Close the file: paid and followed up, or rejected with the notice sent' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The closed claim' })
  @ApiClaimErrors(400, 404, 409, 412)
  async close(@Param('claimId', ClaimIdPipe) claimId: string, @Command() req: CommandRequest, @NoBody() _body: void, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, req));
  }
}
