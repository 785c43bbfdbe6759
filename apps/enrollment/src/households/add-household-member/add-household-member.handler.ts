import { Injectable } from '@nestjs/common';
import { chinaDateOf, EnrollmentError, MAX_HOUSEHOLD_MEMBERS, validateHouseholdMembers } from '@fpi/enrollment-domain';
import { householdEvent } from '../../events/enrollment-events';
import { EventWriter } from '../../events/event-writer';
import type { RequestContext } from '../../request-context';
import { assertExpectedRevision, etagOf, type CommandMeta, type CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { MemberFactory } from '../household.factory';
import type { HouseholdRecord } from '../household.record';
import { HouseholdRepository } from '../household.repository';
import { householdResponse } from '../household.response';
import type { AddHouseholdMemberRequest } from './add-household-member.request.dto';

@Injectable()
export class AddHouseholdMemberHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly households: HouseholdRepository,
    private readonly members: MemberFactory,
    private readonly events: EventWriter,
  ) {}

  execute(householdId: string, r: AddHouseholdMemberRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    if (r.relationship === 'HEAD') throw new EnrollmentError('ENROLLMENT.MULTIPLE_HEADS', 'validation', 'a household has one head; add the person with another relationship', { field: 'relationship' });
    return this.runner.run(meta, ctx, async (tx, now) => {
      const before = await this.households.load(tx, householdId, ctx.regionPrefix);
      if (!before) throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_NOT_FOUND', 'not_found', 'no such household');
      assertExpectedRevision(meta.expectedRevision, before.revision);
      const [validated] = validateHouseholdMembers([r], chinaDateOf(now), 'member');
      const [added] = this.members.newMembers([validated], before.members.length, now, ctx.actorId);
      if (before.members.some((m) => m.idNumberHash === added.record.idNumberHash)) {
        throw new EnrollmentError('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD', 'conflict', 'the person is already listed in the household', { field: 'idNumber' });
      }
      if (before.members.length >= MAX_HOUSEHOLD_MEMBERS) {
        throw new EnrollmentError('ENROLLMENT.TOO_MANY_MEMBERS', 'unprocessable', `a household lists at most ${MAX_HOUSEHOLD_MEMBERS} people`);
      }
      const after: HouseholdRecord = { ...before, members: [...before.members, added.record], revision: before.revision + 1, updatedAt: now, updatedBy: ctx.actorId };
      await this.households.update(tx, before, after);
      await this.households.insertMembers(tx, [{ householdId, ...added }]);
      await this.events.write(tx, [householdEvent(after, { type: 'HouseholdMemberAdded', memberId: added.record.memberId }, { occurredAt: now, actor: ctx.actorId })]);
      return { status: 201, body: householdResponse(after), headers: { ETag: etagOf(after.revision), Location: `/households/${householdId}` } };
    });
  }
}
