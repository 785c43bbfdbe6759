import { Injectable } from '@nestjs/common';
import type { AssessmentInput, CoverageSnapshot } from '@fpi/claims-domain';
import { CoverageService } from '../../policy-view/coverage.service';
import { ledgerRowOf } from '../../projections/claim-rows';
import { upsertLedger } from '../../projections/claim-rows.writer';
import { ClaimCommandService, type CommandResult } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { AssessClaimRequest, AssessmentInputRequest } from './assess-claim.request.dto';

const toInput = (i: AssessmentInputRequest): AssessmentInput => {
  switch (i.benefit) {
    case 'medical':
      return { benefit: 'medical', eligibleCostFen: i.eligibleCostFen as bigint, otherPayersFen: i.otherPayersFen ?? 0n };
    case 'disability':
      return { benefit: 'disability', grade: i.grade as number };
    case 'allowance':
      return { benefit: 'allowance', days: i.days as number };
    default:
      // 'death', or a name the decider refuses with CLAIM.UNKNOWN_BENEFIT.
      return { benefit: i.benefit } as AssessmentInput;
  }
};

/**
 * The assessment spends the household's shared medical limit, so it runs under the policy's lock: read
 * what the other claims hold, decide, append, and record this claim's share in the ledger before the lock
 * is released. The claim projector writes the same ledger row later (revision-guarded, so no conflict).
 */
@Injectable()
export class AssessClaimHandler {
  constructor(
    private readonly commands: ClaimCommandService,
    private readonly coverage: CoverageService,
  ) {}

  execute(claimId: string, body: AssessClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const inputs = body.inputs.map(toInput);
    return this.commands.idempotent(claimId, req, 200, async () => {
      const { claim } = await this.commands.loadForCommand(claimId, req.scope);
      const policyId = claim.coverage?.policyId;
      if (policyId === undefined) {
        // Not registered (or rejected at registration): the decider refuses before it reads the coverage.
        return this.commands.decideAndAppend(claimId, req, { type: 'AssessClaim', data: { coverage: null as unknown as CoverageSnapshot, inputs } }, this.commands.now());
      }
      return this.coverage.withPolicyLock(policyId, async (client): Promise<CommandResult> => {
        const coverage = (await this.coverage.forAssessment(claim, client)) as CoverageSnapshot;
        const result = await this.commands.decideAndAppend(claimId, req, { type: 'AssessClaim', data: { coverage, inputs } }, this.commands.now());
        const row = ledgerRowOf(result.claim, result.revision);
        if (result.written > 0 && row) await upsertLedger(client, row);
        return result;
      });
    });
  }
}
