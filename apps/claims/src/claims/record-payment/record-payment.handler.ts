import { Injectable } from '@nestjs/common';
import type { RecordPayment } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { RecordPaymentRequest } from './record-payment.request.dto';

/** The same reference again is a no-op; another one for a paid payment is refused (CLAIM.ALREADY_PAID). */
@Injectable()
export class RecordPaymentHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, paymentId: string, body: RecordPaymentRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { paymentId, paymentReference: body.paymentReference } as RecordPayment['data'];
    return this.commands.run(claimId, req, { type: 'RecordPayment', data });
  }
}
