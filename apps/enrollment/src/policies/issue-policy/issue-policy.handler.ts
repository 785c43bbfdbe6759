import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { PolicyTransitions } from '../policy-transitions';
import type { IssuePolicyRequest } from './issue-policy.request.dto';

/** Issuance (出单) of a fully paid policy; starts the delivery clock. */
@Injectable()
export class IssuePolicyHandler {
  constructor(private readonly transitions: PolicyTransitions) {}

  execute(policyId: string, r: IssuePolicyRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.transitions.run(policyId, { type: 'IssuePolicy', policyNumber: r.policyNumber }, meta, ctx);
  }
}
