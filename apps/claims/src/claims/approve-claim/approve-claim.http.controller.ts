import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { ApproveClaimHandler } from './approve-claim.handler';
import { ApproveClaimRequest } from './approve-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ApproveClaimHttpController {
  constructor(private readonly handler: ApproveClaimHandler) {}

  @Post(':claimId/approval')
  @HttpCode(200)
  @RequirePermission('claims:approve')
  @ApiOperation({ summary: 'Approve the assessed amount (or a lower agreed one); above the four-eyes amount the approver must not be the assessor' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The approved claim; the payment clock starts' })
  @ApiClaimErrors(400, 403, 404, 409, 412, 422)
  async approve(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: ApproveClaimRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
