import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EnrollmentError } from '@fpi/enrollment-domain';
import { HouseholdRepository } from '../../households/household.repository';
import { ProductRepository } from '../../programmes/product.repository';
import type { RequestContext } from '../../request-context';
import { etagOf, type CommandMeta, type CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { newPolicyRecord } from '../policy-application';
import { PolicyEnrolment } from '../policy-enrolment';
import { PolicyRepository } from '../policy.repository';
import { policyResponse } from '../policy.response';
import { PolicyTransitions } from '../policy-transitions';
import type { RenewPolicyRequest } from './renew-policy.request.dto';

/**
 * Renews an issued policy into the next programme year: a new policy (APPLIED, linked back) for the same
 * household, re-checked against the new product (ages move on a year), and the old one marked renewed.
 */
@Injectable()
export class RenewPolicyHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly policies: PolicyRepository,
    private readonly households: HouseholdRepository,
    private readonly products: ProductRepository,
    private readonly enrolment: PolicyEnrolment,
    private readonly transitions: PolicyTransitions,
  ) {}

  execute(policyId: string, r: RenewPolicyRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      const old = await this.policies.load(tx, policyId, ctx.regionPrefix);
      if (!old) throw new EnrollmentError('ENROLLMENT.POLICY_NOT_FOUND', 'not_found', 'no such policy');
      const renewedToPolicyId = randomUUID();
      await this.transitions.apply(tx, policyId, { type: 'MarkPolicyRenewed', renewedToPolicyId }, { now, actor: ctx.actorId, expectedRevision: meta.expectedRevision, regionPrefix: ctx.regionPrefix });
      const household = await this.households.load(tx, old.policy.householdId);
      if (!household) throw new Error(`policy ${policyId} refers to a missing household`);
      const { product, programmeYear } = await this.products.requireForEnrolment(tx, old.policy.programmeYear + 1, r.productCode);
      const channel = r.channel ?? old.policy.channel;
      const referrerId = r.referrerId ?? (r.channel === undefined ? old.policy.referrerId : null);
      const record = newPolicyRecord({
        policyId: renewedToPolicyId,
        household,
        insuredMemberIds: r.insuredMemberIds?.map((id) => id.toLowerCase()) ?? old.insuredMembers.map((m) => m.memberId),
        product,
        programmeYear,
        channel,
        referrer: await this.enrolment.referrerCoverage(tx, referrerId),
        now,
        actor: ctx.actorId,
        renewedFromPolicyId: policyId,
      });
      await this.enrolment.insert(tx, record, { occurredAt: now, actor: ctx.actorId });
      return { status: 201, body: policyResponse(record, now), headers: { Location: `/policies/${renewedToPolicyId}`, ETag: etagOf(record.policy.revision) } };
    });
  }
}
