import { Injectable } from '@nestjs/common';
import { EnrollmentError } from '@fpi/enrollment-domain';
import { householdEvent } from '../../events/enrollment-events';
import { EventWriter } from '../../events/event-writer';
import type { RequestContext } from '../../request-context';
import { assertExpectedRevision, etagOf, type CommandMeta, type CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import type { HouseholdRecord } from '../household.record';
import { HouseholdRepository } from '../household.repository';
import { householdResponse } from '../household.response';
import type { UpdateHouseholdRequest } from './update-household.request.dto';

/**
 * Changes the household's own fields. Existing policies keep the status they were applied with (the
 * premium and any gift were decided on it); the next policy uses the new one.
 */
@Injectable()
export class UpdateHouseholdHandler {
  constructor(private readonly runner: CommandRunner, private readonly households: HouseholdRepository, private readonly events: EventWriter) {}

  execute(householdId: string, r: UpdateHouseholdRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      const before = await this.households.load(tx, householdId, ctx.regionPrefix);
      if (!before) throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_NOT_FOUND', 'not_found', 'no such household');
      assertExpectedRevision(meta.expectedRevision, before.revision);
      const changes: Partial<HouseholdRecord> = {};
      if (r.familyPlanningStatus !== undefined && r.familyPlanningStatus !== before.familyPlanningStatus) changes.familyPlanningStatus = r.familyPlanningStatus;
      if (r.address !== undefined && r.address.trim() !== before.address) changes.address = r.address.trim();
      if (r.phone !== undefined && r.phone !== before.phone) changes.phone = r.phone;
      const changedFields = Object.keys(changes);
      if (changedFields.length === 0) {
        return { status: 200, body: householdResponse(before), headers: { ETag: etagOf(before.revision) } };
      }
      const after: HouseholdRecord = { ...before, ...changes, revision: before.revision + 1, updatedAt: now, updatedBy: ctx.actorId };
      await this.households.update(tx, before, after);
      await this.events.write(tx, [householdEvent(after, { type: 'HouseholdUpdated', changedFields }, { occurredAt: now, actor: ctx.actorId })]);
      return { status: 200, body: householdResponse(after), headers: { ETag: etagOf(after.revision) } };
    });
  }
}
