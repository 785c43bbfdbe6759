import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { PolicyResponse } from '../policy.response';
import { RecordPremiumPaymentHandler } from './record-premium-payment.handler';
import { RecordPremiumPaymentRequest } from './record-premium-payment.request.dto';

@ApiTags('policies')
@RequirePermission('households:write')
@Controller('policies')
export class RecordPremiumPaymentHttpController {
  constructor(private readonly handler: RecordPremiumPaymentHandler) {}

  @Post(':policyId/payments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a payer\'s premium payment (partial or completing); fully paid starts the issuance clock' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiOkResponse({ type: PolicyResponse, description: 'The policy after the change; ETag carries the new revision' })
  @ApiErrors(400, 404, 409, 412, 422)
  async record(
    @Param('policyId', new UuidParam('ENROLLMENT.POLICY_NOT_FOUND')) policyId: string,
    @Body() body: RecordPremiumPaymentRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(policyId, body, meta, ctx));
  }
}
