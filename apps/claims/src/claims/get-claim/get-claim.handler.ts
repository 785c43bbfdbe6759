import { Inject, Injectable } from '@nestjs/common';
import type { ClaimPolicy } from '@fpi/claims-domain';
import { unmaskAllowed, type Principal } from '@fpi/platform';
import { ClaimCommandService } from '../../shared/claim-command.service';
import { claimView, etagOf } from '../../shared/claim-view';
import { CLAIM_POLICY } from '../../shared/claims-settings';
import type { RegionScope } from '@fpi/platform';

/** The claim folded from its stream (read-your-writes: no projection lag), masked unless unmasking is allowed. */
@Injectable()
export class GetClaimHandler {
  constructor(
    private readonly commands: ClaimCommandService,
    @Inject(CLAIM_POLICY) private readonly policy: ClaimPolicy,
  ) {}

  async execute(claimId: string, principal: Principal, scope: RegionScope, unmaskReason: string | undefined): Promise<{ body: unknown; etag: string }> {
    const { claim, revision } = await this.commands.load(claimId, scope);
    return { body: claimView(claim, revision, this.policy, { unmasked: unmaskAllowed(principal, unmaskReason) }), etag: etagOf(revision) };
  }
}
