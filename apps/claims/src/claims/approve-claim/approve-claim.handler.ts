import { Injectable } from '@nestjs/common';
import type { ApproveClaim } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { ApproveClaimRequest } from './approve-claim.request.dto';

/** Four eyes compare the verified token's subject with the assessor recorded in the stream, never a body field. */
@Injectable()
export class ApproveClaimHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: ApproveClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = body.approvedFen === undefined ? {} : { approvedFen: body.approvedFen } as ApproveClaim['data'];
    return this.commands.run(claimId, req, { type: 'ApproveClaim', data });
  }
}
