import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, PaymentIdPipe, reply } from '../../shared/request-helpers';
import { ReversePaymentHandler } from './reverse-payment.handler';
import { ReversePaymentRequest } from './reverse-payment.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ReversePaymentHttpController {
  constructor(private readonly handler: ReversePaymentHandler) {}

  @Post(':claimId/payments/:paymentId/reversal')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Record that a payment came back (bank returned, wrong payee); the amount is owed again' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the reversal' })
  @ApiClaimErrors(400, 404, 409, 412)
  async reverse(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Param('paymentId', PaymentIdPipe) paymentId: string,
    @Command() req: CommandRequest,
    @Body() body: ReversePaymentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, paymentId, body, req));
  }
}
