import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { PolicyTransitions } from '../policy-transitions';
import type { DeliverPolicyRequest } from './deliver-policy.request.dto';

/** Delivery of the certificate to the household (入户), with its proof. */
@Injectable()
export class DeliverPolicyHandler {
  constructor(private readonly transitions: PolicyTransitions) {}

  execute(policyId: string, r: DeliverPolicyRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.transitions.run(policyId, { type: 'DeliverPolicy', method: r.method, receiverName: r.receiverName.trim(), proofReference: r.proofReference }, meta, ctx);
  }
}
