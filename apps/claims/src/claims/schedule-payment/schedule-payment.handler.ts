import { Injectable } from '@nestjs/common';
import type { SchedulePayment } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { SchedulePaymentRequest } from './schedule-payment.request.dto';

/** The amount is the decider's (approved less paid in advance), never the client's. */
@Injectable()
export class SchedulePaymentHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: SchedulePaymentRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { paymentId: body.paymentId ?? this.commands.derivedId(req, 'payment') } as SchedulePayment['data'];
    return this.commands.run(claimId, req, { type: 'SchedulePayment', data });
  }
}
