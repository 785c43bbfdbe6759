import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import {
  compareGroups,
  dateRange,
  DIMENSIONS,
  emptyTotals,
  growth,
  isPeriodDimension,
  parseReportQuery,
  previousYear,
  rate,
  ReportingError,
  type Dimension,
  type GroupKey,
  type Growth,
  type Rate,
  type RawReportQuery,
  type RegionScope,
  type ReportQuery,
  type ReportTotals,
} from '@fpi/reporting-domain';
import { echo, type EchoedQuery } from '../get-summary/get-summary.handler';
import { REPORT_LIMITS, type ReportLimits } from '../report-limits';
import { ReportsRepository } from '../reports.repository';

/** Year-on-year comparisons are per region, channel, referrer or household status, never per period. */
export const GROWTH_DIMENSIONS: readonly Dimension[] = DIMENSIONS.filter((d) => !isPeriodDimension(d) && d !== 'programmeYear');

export interface GrowthRow {
  group: GroupKey;
  households: Growth;
  persons: Growth;
  premiumFen: Growth;
  amountPaidFen: Growth;
  claimsReported: Growth;
  lossRatio: { current: Rate; previous: Rate };
}

export interface GrowthResponse {
  query: EchoedQuery;
  previous: { from: string | null; to: string | null; programmeYear: number | null; asOf: string };
  rows: GrowthRow[];
}

/** One calendar year earlier, 29 February becoming 28 February. */
function yearEarlier(d: Date): Date {
  const t = new Date(d);
  t.setUTCFullYear(t.getUTCFullYear() - 1);
  if (t.getUTCMonth() !== d.getUTCMonth()) t.setUTCDate(0);
  return t;
}

/**
 * Year-on-year growth: the figures of a programme year (or date range) against the year before, read at
 * the same point of that year (asOf moved back a year), so a year in progress is compared fairly.
 */
@Injectable()
export class GetGrowthHandler {
  constructor(
    private readonly repo: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORT_LIMITS) private readonly limits: ReportLimits,
  ) {}

  async execute(raw: RawReportQuery, scope: RegionScope): Promise<GrowthResponse> {
    const q = parseReportQuery(raw, this.clock.now(), GROWTH_DIMENSIONS, this.limits);
    if (q.programmeYear === undefined && (q.from === undefined || q.to === undefined)) {
      throw new ReportingError('REPORTING.GROWTH_NEEDS_PERIOD', 'validation', 'growth compares a programme year or a from..to range with the year before: give programmeYear, or from and to', {
        fields: ['programmeYear', 'from', 'to'],
      });
    }
    await this.repo.assertRegionKnown(q.region, scope);
    const shifted = q.from !== undefined && q.to !== undefined ? previousYear(q.from, q.to) : undefined;
    const prev: ReportQuery = {
      ...q,
      ...(q.programmeYear !== undefined ? { programmeYear: q.programmeYear - 1 } : {}),
      ...(shifted ? shifted : {}),
      range: shifted ? dateRange(shifted.from, shifted.to) : q.range,
      asOf: yearEarlier(q.asOf),
    };
    const parts = ['insured', 'reported', 'payments'] as const;
    const [current, previous] = await Promise.all([this.repo.report(parts, q.groupBy, q, scope), this.repo.report(parts, q.groupBy, prev, scope)]);
    const merged = new Map<string, { group: GroupKey; cur: ReportTotals; prev: ReportTotals }>();
    const entry = (group: GroupKey) => {
      const key = JSON.stringify(q.groupBy.map((d) => group[d] ?? null));
      let e = merged.get(key);
      if (!e) merged.set(key, (e = { group, cur: emptyTotals(), prev: emptyTotals() }));
      return e;
    };
    for (const r of current) entry(r.group).cur = r.totals;
    for (const r of previous) entry(r.group).prev = r.totals;
    if (q.groupBy.length === 0 && merged.size === 0) entry({});
    const rows = [...merged.values()].sort((a, b) => compareGroups(a.group, b.group, q.groupBy));
    return {
      query: echo(q),
      previous: { from: prev.from ?? null, to: prev.to ?? null, programmeYear: prev.programmeYear ?? null, asOf: prev.asOf.toISOString() },
      rows: rows.map(({ group, cur, prev: p }) => ({
        group,
        households: growth(cur.householdsInsured, p.householdsInsured),
        persons: growth(cur.personsInsured, p.personsInsured),
        premiumFen: growth(cur.premiumFen, p.premiumFen),
        amountPaidFen: growth(cur.amountPaidFen, p.amountPaidFen),
        claimsReported: growth(cur.claimsReported, p.claimsReported),
        lossRatio: { current: rate(cur.amountPaidFen, cur.premiumFen), previous: rate(p.amountPaidFen, p.premiumFen) },
      })),
    };
  }
}
