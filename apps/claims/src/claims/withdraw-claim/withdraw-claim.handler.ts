import { Injectable } from '@nestjs/common';
import type { WithdrawClaim } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { WithdrawClaimRequest } from './withdraw-claim.request.dto';

/** Ends the claim without a decision; the decider refuses once anything was paid or scheduled. */
@Injectable()
export class WithdrawClaimHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: WithdrawClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { reasonCode: body.reasonCode, note: body.note } as WithdrawClaim['data'];
    return this.commands.run(claimId, req, { type: 'WithdrawClaim', data });
  }
}
