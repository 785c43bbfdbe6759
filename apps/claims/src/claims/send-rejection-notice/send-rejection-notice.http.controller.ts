import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { SendRejectionNoticeHandler } from './send-rejection-notice.handler';
import { SendRejectionNoticeRequest } from './send-rejection-notice.request.dto';

@ApiTags('claims')
@Controller('claims')
export class SendRejectionNoticeHttpController {
  constructor(private readonly handler: SendRejectionNoticeHandler) {}

  @Post(':claimId/rejection-notice')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Record that the written rejection notice was sent (Art. 24: within 3 days of the decision)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the notice recorded' })
  @ApiClaimErrors(400, 404, 409, 412)
  async send(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: SendRejectionNoticeRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
