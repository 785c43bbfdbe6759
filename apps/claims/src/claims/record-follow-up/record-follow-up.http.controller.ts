import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { RecordFollowUpHandler } from './record-follow-up.handler';
import { RecordFollowUpRequest } from './record-follow-up.request.dto';

@ApiTags('claims')
@Controller('claims')
export class RecordFollowUpHttpController {
  constructor(private readonly handler: RecordFollowUpHandler) {}

  @Post(':claimId/follow-ups')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Record a follow-up call (回访) after payment; the satisfaction rate counts completed follow-ups' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the call recorded' })
  @ApiClaimErrors(400, 404, 409, 412)
  async record(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: RecordFollowUpRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
