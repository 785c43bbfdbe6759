import { Injectable } from '@nestjs/common';
import type { PayDeterminedPart } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { PayDeterminedPartRequest } from './pay-determined-part.request.dto';

/** Money before the assessment: a decision with money, so it takes the approval permission. */
@Injectable()
export class PayDeterminedPartHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: PayDeterminedPartRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { paymentId: body.paymentId ?? this.commands.derivedId(req, 'advance-payment'), amountFen: body.amountFen, paymentReference: body.paymentReference, basis: body.basis } as PayDeterminedPart['data'];
    return this.commands.run(claimId, req, { type: 'PayDeterminedPart', data });
  }
}
