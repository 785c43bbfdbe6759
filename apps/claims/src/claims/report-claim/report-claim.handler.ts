import { Injectable } from '@nestjs/common';
import type { ReportClaim } from '@fpi/claims-domain';
import { ApiError } from '@fpi/platform';
import { CoverageService } from '../../policy-view/coverage.service';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { ReportClaimRequest } from './report-claim.request.dto';

const COUNTY = /^\d{6}$/;

/** First notice of loss: a new claim stream, whose id is derived from the request so a retry finds it again. */
@Injectable()
export class ReportClaimHandler {
  constructor(
    private readonly commands: ClaimCommandService,
    private readonly coverage: CoverageService,
  ) {}

  execute(body: ReportClaimRequest, req: CommandRequest): Promise<CommandOutcome> {
    const claimId = this.commands.newClaimId(req);
    return this.commands.idempotent(claimId, req, 201, async () => {
      const data = {
        claimId,
        householdId: body.householdId,
        claimant: { memberId: body.claimant.memberId, idNumber: body.claimant.idNumber },
        accident: { ...body.accident },
        benefits: body.benefits,
        claimedAmountFen: body.claimedAmountFen ?? null,
        channel: body.channel,
        reporter: { relation: body.reporter.relation, name: body.reporter.name, phone: body.reporter.phone ?? null },
        documentsProvided: body.documentsProvided ?? [],
      } as ReportClaim['data'];
      const now = this.commands.now();
      this.commands.precheckNew(req, { type: 'ReportClaim', data }, now);
      // The reporter must be able to see the claim they create: its region is the accident's until registered.
      if (COUNTY.test(body.accident.regionCode) && !req.scope.covers(body.accident.regionCode)) {
        throw new ApiError('forbidden', 'CLAIM.REGION_OUT_OF_SCOPE', 'The accident region is outside your region.');
      }
      const facts = {
        claimId,
        householdId: body.householdId,
        memberId: body.claimant.memberId,
        idNumber: body.claimant.idNumber,
        accidentAt: body.accident.occurredAt,
        benefits: data.benefits,
        claimedAmountFen: data.claimedAmountFen,
      };
      // Both reads at once. A report whose append committed but whose answer was lost (its stream exists)
      // is not re-checked against a policy view that has moved on since: the decider recognises it.
      const [exists, problem] = await Promise.all([this.commands.exists(claimId), this.coverage.checkReport(facts, req.scope).then(() => null, (e: unknown) => e)]);
      if (!exists && problem !== null) throw problem;
      return this.commands.decideAndAppend(claimId, req, { type: 'ReportClaim', data }, now, { creates: true });
    });
  }
}
