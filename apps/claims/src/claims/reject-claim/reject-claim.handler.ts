import { Injectable } from '@nestjs/common';
import type { RejectClaim } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { RejectClaimRequest } from './reject-claim.request.dto';

/** A decision not to pay, with a coded reason; nothing paid may precede it (the decider checks). */
@Injectable()
export class RejectClaimHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: RejectClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { reasonCode: body.reasonCode, note: body.note } as RejectClaim['data'];
    return this.commands.run(claimId, req, { type: 'RejectClaim', data });
  }
}
