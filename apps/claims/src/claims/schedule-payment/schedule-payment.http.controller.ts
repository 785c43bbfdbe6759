import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { SchedulePaymentHandler } from './schedule-payment.handler';
import { SchedulePaymentRequest } from './schedule-payment.request.dto';

@ApiTags('claims')
@Controller('claims')
export class SchedulePaymentHttpController {
  constructor(private readonly handler: SchedulePaymentHandler) {}

  @Post(':claimId/payments')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Schedule the payment of the approved amount (less what was paid in advance)' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the payment scheduled' })
  @ApiClaimErrors(400, 404, 409, 412)
  async schedule(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @Command() req: CommandRequest,
    @Body() body: SchedulePaymentRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
