import { Injectable } from '@nestjs/common';
import type { ReopenClaim } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { ReopenClaimRequest } from './reopen-claim.request.dto';

/** Resumes the claim at the step where it was rejected, in a new cycle of deadlines. */
@Injectable()
export class ReopenClaimHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: ReopenClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { reopenId: body.reopenId ?? this.commands.derivedId(req, 'reopening'), reason: body.reason, note: body.note } as ReopenClaim['data'];
    return this.commands.run(claimId, req, { type: 'ReopenClaim', data });
  }
}
