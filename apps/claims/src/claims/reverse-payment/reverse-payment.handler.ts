import { Injectable } from '@nestjs/common';
import type { ReversePayment } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { ReversePaymentRequest } from './reverse-payment.request.dto';

/** A returned payment: integrators receive a reversal, and the claim is approved (owed) again. */
@Injectable()
export class ReversePaymentHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, paymentId: string, body: ReversePaymentRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { paymentId, reasonCode: body.reasonCode } as ReversePayment['data'];
    return this.commands.run(claimId, req, { type: 'ReversePayment', data });
  }
}
