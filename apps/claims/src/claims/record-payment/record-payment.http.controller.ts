import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, PaymentIdPipe, reply } from '../../shared/request-helpers';
import { RecordPaymentHandler } from './record-payment.handler';
import { RecordPaymentRequest } from './record-payment.request.dto';

@ApiTags('claims')
@Controller('claims')
export class RecordPaymentHttpController {
  constructor(private readonly handler: RecordPaymentHandler) {}

  @Post(':claimId/payments/:paymentId/confirmation')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Record that the scheduled payment reached the claimant (the settlement event goes to integrators)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The paid claim' })
  @ApiClaimErrors(400, 404, 409, 412)
  async record(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Param('paymentId', PaymentIdPipe) paymentId: string,
    @Command() req: CommandRequest,
    @Body() body: RecordPaymentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, paymentId, body, req));
  }
}
