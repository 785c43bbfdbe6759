import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { chinaDateOf, EnrollmentError, requireSingleHead, validateHouseholdMembers, validateRegion } from '@fpi/enrollment-domain';
import { householdEvent } from '../../events/enrollment-events';
import { EventWriter } from '../../events/event-writer';
import type { RequestContext } from '../../request-context';
import { etagOf, type CommandMeta, type CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { regionPrefixFor } from '../../shared/region-scope';
import { MemberFactory } from '../household.factory';
import type { HouseholdRecord } from '../household.record';
import { HouseholdRepository } from '../household.repository';
import { householdResponse } from '../household.response';
import type { RegisterHouseholdRequest } from './register-household.request.dto';

@Injectable()
export class RegisterHouseholdHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly households: HouseholdRepository,
    private readonly members: MemberFactory,
    private readonly events: EventWriter,
  ) {}

  execute(r: RegisterHouseholdRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    const region = validateRegion({ countyCode: r.region.countyCode, townshipCode: r.region.townshipCode, villageCode: r.region.villageCode });
    if (regionPrefixFor(region, ctx.regionPrefix) === 'nothing') {
      throw new EnrollmentError('ENROLLMENT.OUTSIDE_REGION_SCOPE', 'forbidden', 'the household lies outside the region you may enrol in');
    }
    requireSingleHead(r.members.map((m) => m.relationship));
    return this.runner.run(meta, ctx, async (tx, now) => {
      const validated = validateHouseholdMembers(r.members, chinaDateOf(now));
      const ordered = [...validated].sort((a, b) => Number(b.relationship === 'HEAD') - Number(a.relationship === 'HEAD'));
      const newMembers = this.members.newMembers(ordered, 0, now, ctx.actorId);
      if (await this.households.householdIdOfHead(tx, newMembers[0].record.idNumberHash)) {
        throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED', 'conflict', 'a household with this head is already registered');
      }
      const household: HouseholdRecord = {
        householdId: randomUUID(),
        revision: 1,
        familyPlanningStatus: r.familyPlanningStatus,
        region,
        address: r.address?.trim() ?? null,
        phone: r.phone ?? null,
        members: newMembers.map((m) => m.record),
        createdAt: now,
        createdBy: ctx.actorId,
        updatedAt: now,
        updatedBy: ctx.actorId,
      };
      await this.households.insertMany(tx, [{ record: household, newMembers }]);
      await this.events.write(tx, [householdEvent(household, { type: 'HouseholdRegistered' }, { occurredAt: now, actor: ctx.actorId })]);
      return { status: 201, body: householdResponse(household), headers: { Location: `/households/${household.householdId}`, ETag: etagOf(household.revision) } };
    });
  }
}
