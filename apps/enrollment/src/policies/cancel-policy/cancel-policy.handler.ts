import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { PolicyTransitions } from '../policy-transitions';
import type { CancelPolicyRequest } from './cancel-policy.request.dto';

/** Cancels a policy with a coded reason; its members may then be insured again in the same programme year. */
@Injectable()
export class CancelPolicyHandler {
  constructor(private readonly transitions: PolicyTransitions) {}

  execute(policyId: string, r: CancelPolicyRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.transitions.run(policyId, { type: 'CancelPolicy', reason: r.reason, note: r.note?.trim() ?? null }, meta, ctx);
  }
}
