import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoBody, RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { RegisterClaimHandler } from './register-claim.handler';

@ApiTags('claims')
@Controller('claims')
export class RegisterClaimHttpController {
  constructor(private readonly handler: RegisterClaimHandler) {}

  @Post(':claimId/registration')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Register the claim: check coverage on the policy view for the accident date; list the documents it needs' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim after registration (or after its coded rejection)' })
  @ApiClaimErrors(400, 404, 409, 412)
  async register(@Param('claimId', ClaimIdPipe) claimId: string, @Command() req: CommandRequest, @NoBody() _body: void, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, req));
  }
}
