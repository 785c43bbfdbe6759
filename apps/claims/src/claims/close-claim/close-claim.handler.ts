import { Injectable } from '@nestjs/common';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';

/** Closes a followed-up paid claim, or a rejected one whose notice was sent (the settlement topic learns of the latter). */
@Injectable()
export class CloseClaimHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, req: CommandRequest): Promise<CommandOutcome> {
    return this.commands.run(claimId, req, { type: 'CloseClaim', data: {} });
  }
}
