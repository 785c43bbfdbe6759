import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { AssessClaimHandler } from './assess-claim.handler';
import { AssessClaimRequest } from './assess-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class AssessClaimHttpController {
  constructor(private readonly handler: AssessClaimHandler) {}

  @Post(':claimId/assessment')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Assess the claim: benefit lines computed by the product rules from the assessor\'s findings and the policy' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The assessed claim with its benefit lines' })
  @ApiClaimErrors(400, 404, 409, 412, 422)
  async assess(@Param('claimId', ClaimIdPipe) claimId: string, @Command() req: CommandRequest, @Body() body: AssessClaimRequest, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
