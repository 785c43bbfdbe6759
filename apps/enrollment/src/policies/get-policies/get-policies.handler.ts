import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnrollmentError, type Channel, type PolicyStatus } from '@fpi/enrollment-domain';
import { CLOCK, type Clock } from '@fpi/platform';
import { MemberFactory } from '../../households/household.factory';
import type { RequestContext } from '../../request-context';
import { offsetOf } from '../../shared/pagination';
import { regionPrefixFor } from '../../shared/region-scope';
import { Where } from '../../shared/sql';
import { PolicyRepository } from '../policy.repository';
import { policyResponse, type PolicyHistoryResponse, type PolicyPageResponse, type PolicyResponse } from '../policy.response';
import type { SearchPoliciesRequest } from './get-policies.request.dto';

interface SummaryRow {
  id: string;
  policy_number: string | null;
  revision: number;
  status: PolicyStatus;
  household_id: string;
  programme_year: number;
  product_code: string;
  channel: Channel;
  referrer_id: string | null;
  county_code: string;
  township_code: string;
  village_code: string;
  premium_fen: string;
  paid_fen: string;
  applied_at: Date;
  issued_at: Date | null;
  delivered_at: Date | null;
  total: string;
}

@Injectable()
export class GetPoliciesHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly policies: PolicyRepository,
    private readonly members: MemberFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async one(policyId: string, ctx: RequestContext): Promise<PolicyResponse> {
    const r = await this.policies.load(this.ds.manager, policyId, ctx.regionPrefix);
    if (!r) throw new EnrollmentError('ENROLLMENT.POLICY_NOT_FOUND', 'not_found', 'no such policy');
    return policyResponse(r, this.clock.now());
  }

  async history(policyId: string, ctx: RequestContext): Promise<PolicyHistoryResponse> {
    await this.one(policyId, ctx);
    const rows = (await this.ds.query(
      `SELECT revision, change_type, occurred_at, actor, event_id FROM aggregate_history WHERE aggregate_type = 'policy' AND aggregate_id = $1 ORDER BY revision`,
      [policyId],
    )) as { revision: number; change_type: string; occurred_at: Date; actor: string; event_id: string }[];
    return { items: rows.map((r) => ({ revision: r.revision, change: r.change_type, occurredAt: r.occurred_at.toISOString(), actor: r.actor, eventId: r.event_id })) };
  }

  async search(q: SearchPoliciesRequest, ctx: RequestContext): Promise<PolicyPageResponse> {
    const region = regionPrefixFor(q, ctx.regionPrefix);
    if (region === 'nothing') return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    const where = new Where();
    if (region.prefix) where.add(`p.village_code LIKE $? || '%'`, region.prefix);
    if (q.householdId) where.add('p.household_id = $?', q.householdId.toLowerCase());
    if (q.referrerId) where.add('p.referrer_id = $?', q.referrerId.toLowerCase());
    if (q.status) where.add('p.status = $?', q.status);
    if (q.channel) where.add('p.channel = $?', q.channel);
    if (q.programmeYear !== undefined) where.add('p.programme_year = $?', q.programmeYear);
    if (q.policyNumber) where.add('p.policy_number = $?', q.policyNumber);
    if (q.memberIdNumber !== undefined) {
      // The person's member records (hash index), then the policies that insure one of them.
      where.add(
        'p.id IN (SELECT pm.policy_id FROM household_members hm JOIN policy_members pm ON pm.member_id = hm.id WHERE hm.id_number_hash = $?)',
        this.members.hash(q.memberIdNumber),
      );
    }
    const limit = where.param(q.pageSize);
    const offset = where.param(offsetOf(q));
    const rows = (await this.ds.query(
      `SELECT p.id, p.policy_number, p.revision, p.status, p.household_id, p.programme_year, p.product_code, p.channel, p.referrer_id,
              p.county_code, p.township_code, p.village_code, p.premium_fen::text AS premium_fen, p.paid_fen::text AS paid_fen,
              p.applied_at, p.issued_at, p.delivered_at, count(*) OVER () AS total
         FROM policies p WHERE ${where} ORDER BY p.applied_at DESC, p.id LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    )) as SummaryRow[];
    return {
      items: rows.map((r) => ({
        policyId: r.id,
        policyNumber: r.policy_number,
        revision: r.revision,
        status: r.status,
        householdId: r.household_id,
        programmeYear: r.programme_year,
        productCode: r.product_code,
        channel: r.channel,
        referrerId: r.referrer_id,
        region: { countyCode: r.county_code, townshipCode: r.township_code, villageCode: r.village_code },
        premiumFen: r.premium_fen,
        paidFen: r.paid_fen,
        appliedAt: r.applied_at.toISOString(),
        issuedAt: r.issued_at?.toISOString() ?? null,
        deliveredAt: r.delivered_at?.toISOString() ?? null,
      })),
      page: q.page,
      pageSize: q.pageSize,
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }
}
