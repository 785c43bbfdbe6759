import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { overdueOf, DAY_IN_MS, type Channel, type OverdueKind, type PolicyStatus } from '@fpi/enrollment-domain';
import { CLOCK, type Clock } from '@fpi/platform';
import type { RequestContext } from '../../request-context';
import { offsetOf } from '../../shared/pagination';
import { regionPrefixFor } from '../../shared/region-scope';
import { Where } from '../../shared/sql';
import type { OverdueFilter } from './list-overdue-policies.request.dto';
import type { OverduePageResponse, OverdueSummaryResponse } from './overdue.response';

interface OverdueRow {
  id: string;
  policy_number: string | null;
  household_id: string;
  programme_year: number;
  status: PolicyStatus;
  channel: Channel;
  referrer_id: string | null;
  county_code: string;
  township_code: string;
  village_code: string;
  issuance_due_at: Date | null;
  issued_at: Date | null;
  delivery_due_at: Date | null;
  delivered_at: Date | null;
  total: string;
}

/**
 * Open work past its deadline, as the three-rates definitions count it (an overdue, still open item is
 * late). The SQL conditions mirror the domain's `overdueOf`, which computes how late each item is; they
 * match the partial indexes of the migration so the lists stay cheap however many policies are on time.
 */
const ISSUANCE_LATE = `(p.status = 'PAID' AND p.issuance_due_at < $NOW)`;
const DELIVERY_LATE = `(p.status IN ('ISSUED', 'IN_FORCE') AND p.delivered_at IS NULL AND p.delivery_due_at < $NOW)`;

@Injectable()
export class ListOverduePoliciesHandler {
  constructor(private readonly ds: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  private filter(q: OverdueFilter, ctx: RequestContext, now: Date): Where | null {
    const region = regionPrefixFor(q, ctx.regionPrefix);
    if (region === 'nothing') return null;
    const where = new Where();
    const nowParam = where.param(now);
    const late = q.kind === 'ISSUANCE' ? ISSUANCE_LATE : q.kind === 'DELIVERY' ? DELIVERY_LATE : `(${ISSUANCE_LATE} OR ${DELIVERY_LATE})`;
    where.add(late.replace(/\$NOW/g, () => nowParam));
    if (region.prefix) where.add(`p.village_code LIKE $? || '%'`, region.prefix);
    if (q.referrerId) where.add('p.referrer_id = $?', q.referrerId.toLowerCase());
    if (q.channel) where.add('p.channel = $?', q.channel);
    if (q.programmeYear !== undefined) where.add('p.programme_year = $?', q.programmeYear);
    return where;
  }

  async list(q: OverdueFilter, ctx: RequestContext): Promise<OverduePageResponse> {
    const now = this.clock.now();
    const where = this.filter(q, ctx, now);
    if (!where) return { asOf: now.toISOString(), items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    const limit = where.param(q.pageSize);
    const offset = where.param(offsetOf(q));
    const rows = (await this.ds.query(
      `SELECT p.id, p.policy_number, p.household_id, p.programme_year, p.status, p.channel, p.referrer_id, p.county_code, p.township_code, p.village_code,
              p.issuance_due_at, p.issued_at, p.delivery_due_at, p.delivered_at, count(*) OVER () AS total
         FROM policies p WHERE ${where}
        ORDER BY CASE WHEN p.issued_at IS NULL THEN p.issuance_due_at ELSE p.delivery_due_at END, p.id
        LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    )) as OverdueRow[];
    const items = rows.flatMap((r) => {
      const late = overdueOf({ status: r.status, issuanceDueAt: r.issuance_due_at, issuedAt: r.issued_at, deliveryDueAt: r.delivery_due_at, deliveredAt: r.delivered_at }, now);
      if (!late) return [];
      return [{
        policyId: r.id,
        policyNumber: r.policy_number,
        householdId: r.household_id,
        programmeYear: r.programme_year,
        kind: late.kind,
        status: r.status,
        dueAt: late.dueAt.toISOString(),
        overdueSeconds: Math.floor(late.overdueMs / 1000),
        overdueDays: late.overdueDays,
        channel: r.channel,
        referrerId: r.referrer_id,
        region: { countyCode: r.county_code, townshipCode: r.township_code, villageCode: r.village_code },
      }];
    });
    return { asOf: now.toISOString(), items, page: q.page, pageSize: q.pageSize, total: rows.length > 0 ? Number(rows[0].total) : 0 };
  }

  async summary(q: OverdueFilter, ctx: RequestContext): Promise<OverdueSummaryResponse> {
    const now = this.clock.now();
    const where = this.filter(q, ctx, now);
    if (!where) return { asOf: now.toISOString(), groups: [] };
    const rows = (await this.ds.query(
      `SELECT CASE WHEN p.issued_at IS NULL THEN 'ISSUANCE' ELSE 'DELIVERY' END AS kind, p.channel, p.referrer_id, count(*)::int AS count,
              min(CASE WHEN p.issued_at IS NULL THEN p.issuance_due_at ELSE p.delivery_due_at END) AS oldest_due_at
         FROM policies p WHERE ${where}
        GROUP BY 1, 2, 3 ORDER BY count DESC, oldest_due_at`,
      where.params,
    )) as { kind: OverdueKind; channel: Channel; referrer_id: string | null; count: number; oldest_due_at: Date }[];
    return {
      asOf: now.toISOString(),
      groups: rows.map((r) => ({
        kind: r.kind,
        channel: r.channel,
        referrerId: r.referrer_id,
        count: r.count,
        maxOverdueDays: Math.ceil((now.getTime() - r.oldest_due_at.getTime()) / DAY_IN_MS),
        oldestDueAt: r.oldest_due_at.toISOString(),
      })),
    };
  }
}
