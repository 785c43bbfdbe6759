import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { PolicyTransitions } from '../policy-transitions';
import type { RecordPremiumPaymentRequest } from './record-premium-payment.request.dto';

/** Records one payer's payment; the policy is fully paid, and the issuance clock starts, when payments reach the premium. */
@Injectable()
export class RecordPremiumPaymentHandler {
  constructor(private readonly transitions: PolicyTransitions) {}

  execute(policyId: string, r: RecordPremiumPaymentRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.transitions.run(policyId, { type: 'RecordPremiumPayment', paymentId: randomUUID(), payer: r.payer, amountFen: r.amountFen, reference: r.reference }, meta, ctx);
  }
}
