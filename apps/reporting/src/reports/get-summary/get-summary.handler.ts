import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import {
  compareGroups,
  DIMENSIONS,
  emptyTotals,
  parseReportQuery,
  presentTotals,
  ReportingError,
  type Dimension,
  type GroupKey,
  type PresentedFigures,
  type RawReportQuery,
  type RegionScope,
  type ReportQuery,
  type ReportTotals,
} from '@fpi/reporting-domain';
import { REPORT_LIMITS, type ReportLimits } from '../report-limits';
import { ALL_PARTS, type FigurePart } from '../report-sql';
import { ReportsRepository } from '../reports.repository';

export interface EchoedQuery {
  from: string | null;
  to: string | null;
  programmeYear: number | null;
  region: string | null;
  channel: string | null;
  asOf: string;
  groupBy: Dimension[];
}

export interface SummaryRow {
  group: GroupKey;
  figures: PresentedFigures;
}

export interface SummaryResponse {
  query: EchoedQuery;
  rows: SummaryRow[];
}

export const echo = (q: ReportQuery): EchoedQuery => ({
  from: q.from ?? null,
  to: q.to ?? null,
  programmeYear: q.programmeYear ?? null,
  region: q.region ?? null,
  channel: q.channel ?? null,
  asOf: q.asOf.toISOString(),
  groupBy: q.groupBy,
});

/**
 * Every programme figure for a filter, grouped by up to three dimensions. Each figure is filed under its
 * own date: households by the day the premium was fully paid, the issuance rate by the issuance deadline,
 * satisfaction by the day the claim closed, money by the day it moved.
 */
@Injectable()
export class GetSummaryHandler {
  constructor(
    private readonly repo: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORT_LIMITS) private readonly limits: ReportLimits,
  ) {}

  parse(raw: RawReportQuery): ReportQuery {
    return parseReportQuery(raw, this.clock.now(), DIMENSIONS, this.limits);
  }

  async totals(q: ReportQuery, scope: RegionScope, parts: readonly FigurePart[] = ALL_PARTS): Promise<{ group: GroupKey; totals: ReportTotals }[]> {
    await this.repo.assertRegionKnown(q.region, scope);
    const rows = await this.repo.report(parts, q.groupBy, q, scope);
    if (rows.length > this.limits.exportRowsMax) {
      throw new ReportingError('REPORTING.TOO_MANY_GROUPS', 'unprocessable', `the report would have more than ${this.limits.exportRowsMax} rows; group by fewer or coarser dimensions, or narrow the filter`, {
        maxRows: this.limits.exportRowsMax,
      });
    }
    if (q.groupBy.length === 0 && rows.length === 0) return [{ group: {}, totals: emptyTotals() }];
    return rows.sort((a, b) => compareGroups(a.group, b.group, q.groupBy));
  }

  async execute(raw: RawReportQuery, scope: RegionScope): Promise<SummaryResponse> {
    const q = this.parse(raw);
    const rows = await this.totals(q, scope);
    return { query: echo(q), rows: rows.map((r) => ({ group: r.group, figures: presentTotals(r.totals) })) };
  }
}
