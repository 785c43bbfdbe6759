import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnrollmentError, isVulnerableStatus, type HouseholdStatus } from '@fpi/enrollment-domain';
import type { RequestContext } from '../../request-context';
import { MemberFactory } from '../household.factory';
import { HouseholdRepository } from '../household.repository';
import { householdResponse, type HouseholdPageResponse, type HouseholdResponse } from '../household.response';
import { offsetOf } from '../../shared/pagination';
import { regionPrefixFor } from '../../shared/region-scope';
import { Where } from '../../shared/sql';
import type { SearchHouseholdsRequest } from './get-households.request.dto';

interface SummaryRow {
  id: string;
  revision: number;
  family_planning_status: HouseholdStatus;
  county_code: string;
  township_code: string;
  village_code: string;
  member_count: number;
  head_name: string;
  created_at: Date;
  total: string;
}

@Injectable()
export class GetHouseholdsHandler {
  constructor(private readonly ds: DataSource, private readonly households: HouseholdRepository, private readonly members: MemberFactory) {}

  async one(householdId: string, ctx: RequestContext): Promise<HouseholdResponse> {
    const h = await this.households.load(this.ds.manager, householdId, ctx.regionPrefix);
    if (!h) throw new EnrollmentError('ENROLLMENT.HOUSEHOLD_NOT_FOUND', 'not_found', 'no such household');
    return householdResponse(h);
  }

  async search(q: SearchHouseholdsRequest, ctx: RequestContext): Promise<HouseholdPageResponse> {
    const empty = { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    const region = regionPrefixFor(q, ctx.regionPrefix);
    if (region === 'nothing') return empty;
    const where = new Where();
    if (region.prefix) where.add(`h.village_code LIKE $? || '%'`, region.prefix);
    if (q.familyPlanningStatus) where.add('h.family_planning_status = $?', q.familyPlanningStatus);
    if (q.memberIdNumber !== undefined) where.add('EXISTS (SELECT 1 FROM household_members x WHERE x.household_id = h.id AND x.id_number_hash = $?)', this.members.hash(q.memberIdNumber));
    const limit = where.param(q.pageSize);
    const offset = where.param(offsetOf(q));
    const rows = (await this.ds.query(
      `SELECT h.id, h.revision, h.family_planning_status, h.county_code, h.township_code, h.village_code, h.created_at,
              (SELECT count(*)::int FROM household_members m WHERE m.household_id = h.id) AS member_count,
              (SELECT m.name FROM household_members m WHERE m.household_id = h.id AND m.relationship = 'HEAD') AS head_name,
              count(*) OVER () AS total
         FROM households h WHERE ${where} ORDER BY h.created_at DESC, h.id LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    )) as SummaryRow[];
    return {
      items: rows.map((r) => ({
        householdId: r.id,
        revision: r.revision,
        familyPlanningStatus: r.family_planning_status,
        vulnerable: isVulnerableStatus(r.family_planning_status),
        region: { countyCode: r.county_code, townshipCode: r.township_code, villageCode: r.village_code },
        memberCount: r.member_count,
        headName: r.head_name,
        createdAt: r.created_at.toISOString(),
      })),
      page: q.page,
      pageSize: q.pageSize,
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }
}
