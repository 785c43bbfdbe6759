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
import { policyResponse } from '../policy.response';
import type { ApplyForPolicyRequest } from './apply-for-policy.request.dto';

@Injectable()
export class ApplyForPolicyHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly households: HouseholdRepository,
    private readonly products: ProductRepository,
    private readonly enrolment: PolicyEnrolment,
  ) {}

  execute(r: ApplyForPolicyRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      const household = await this.households.load(tx, r.householdId.toLowerCase(), ctx.regionPrefix);
      if (!household) throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_NOT_FOUND', 'unprocessable', 'no such household', { field: 'householdId' });
      const { product, programmeYear } = await this.products.requireForEnrolment(tx, r.programmeYear, r.productCode);
      const record = newPolicyRecord({
        policyId: randomUUID(),
        household,
        insuredMemberIds: r.insuredMemberIds?.map((id) => id.toLowerCase()),
        product,
        programmeYear,
        channel: r.channel,
        referrer: await this.enrolment.referrerCoverage(tx, r.referrerId),
        now,
        actor: ctx.actorId,
      });
      await this.enrolment.insert(tx, record, { occurredAt: now, actor: ctx.actorId });
      return { status: 201, body: policyResponse(record, now), headers: { Location: `/policies/${record.policy.policyId}`, ETag: etagOf(record.policy.revision) } };
    });
  }
}
