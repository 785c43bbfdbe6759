import { Injectable } from '@nestjs/common';
import { EnrollmentError, type ReferrerCoverage } from '@fpi/enrollment-domain';
import { policyEvent } from '../events/enrollment-events';
import { EventWriter } from '../events/event-writer';
import { ReferrerRepository } from '../referrers/referrer.repository';
import type { Tx } from '../shared/sql';
import type { PolicyRecord } from './policy.record';
import { PolicyRepository } from './policy.repository';

/** The database side of creating a policy, shared by applications and renewals. */
@Injectable()
export class PolicyEnrolment {
  constructor(private readonly referrers: ReferrerRepository, private readonly policies: PolicyRepository, private readonly events: EventWriter) {}

  async referrerCoverage(tx: Tx, referrerId: string | undefined | null): Promise<ReferrerCoverage | null> {
    if (!referrerId) return null;
    const id = referrerId.toLowerCase();
    const referrer = (await this.referrers.coverage(tx, [id])).get(id);
    if (!referrer) throw new EnrollmentError('ENROLLMENT.REFERRER_NOT_FOUND', 'unprocessable', 'no such referrer', { field: 'referrerId' });
    return referrer;
  }

  /**
   * Checks the "once per year" rules with friendly errors, then inserts. Two concurrent applications can both
   * pass the checks; the partial unique indexes then refuse the second, mapped to the same codes.
   */
  async insert(tx: Tx, record: PolicyRecord, stamp: { occurredAt: Date; actor: string }): Promise<void> {
    const p = record.policy;
    if (await this.policies.liveHouseholdPolicy(tx, p.householdId, p.programmeYear)) {
      throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_ALREADY_ENROLLED', 'conflict', `the household already has a policy for ${p.programmeYear}`, { programmeYear: p.programmeYear });
    }
    const taken = await this.policies.alreadyInsured(tx, p.programmeYear, record.insuredMembers.map((m) => m.idNumberHash));
    const clashing = record.insuredMembers.filter((m) => taken.has(m.idNumberHash)).map((m) => m.memberId);
    if (clashing.length > 0) {
      throw new EnrollmentError('ENROLLMENT.PERSON_ALREADY_INSURED', 'conflict', `${clashing.length} member(s) are already insured in ${p.programmeYear}`, { memberIds: clashing });
    }
    await this.policies.insertMany(tx, [record]);
    await this.events.write(tx, [policyEvent(record, { type: 'PolicyApplied' }, stamp)]);
  }
}
