import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { PayDeterminedPartHandler } from './pay-determined-part.handler';
import { PayDeterminedPartRequest } from './pay-determined-part.request.dto';

@ApiTags('claims')
@Controller('claims')
export class PayDeterminedPartHttpController {
  constructor(private readonly handler: PayDeterminedPartHandler) {}

  @Post(':claimId/advance-payments')
  @HttpCode(200)
  @RequirePermission('claims:approve')
  @ApiOperation({ summary: 'Pay the part already determined before the full amount is fixed (先予支付, Art. 25)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the advance payment' })
  @ApiClaimErrors(400, 404, 409, 412, 422)
  async pay(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: PayDeterminedPartRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
