import { Injectable } from '@nestjs/common';
import { CoverageService } from '../../policy-view/coverage.service';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';

/**
 * Registration runs the coverage check on the policy view's facts for the accident date; a claim the
 * household's policy does not cover is rejected with a coded reason (an outcome, recorded as an event).
 */
@Injectable()
export class RegisterClaimHandler {
  constructor(
    private readonly commands: ClaimCommandService,
    private readonly coverage: CoverageService,
  ) {}

  execute(claimId: string, req: CommandRequest): Promise<CommandOutcome> {
    return this.commands.idempotent(claimId, req, 200, async () => {
      const { claim } = await this.commands.loadForCommand(claimId, req.scope);
      // Once registered, the decider compares with the recorded coverage (a repeat is a no-op).
      const coverage = claim.status === 'reported' ? await this.coverage.forRegistration(claim) : claim.coverage;
      return this.commands.decideAndAppend(claimId, req, { type: 'RegisterClaim', data: { coverage } }, this.commands.now());
    });
  }
}
