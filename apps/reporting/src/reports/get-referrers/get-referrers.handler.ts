import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import { parseFilter, parsePaging, type Paging, type RegionScope, type ReportFilter } from '@fpi/reporting-domain';
import { REPORT_LIMITS, type ReportLimits } from '../report-limits';
import type { PagedReportQuery } from '../report-query.dto';
import { ReportsRepository } from '../reports.repository';

export interface ReferrerItem {
  rank: number;
  referrerId: string;
  households: string;
  persons: string;
  premiumFen: string;
  villages: string;
  claimsReported: string;
  amountPaidFen: string;
}

export interface ReferrersResponse {
  asOf: string;
  page: number;
  pageSize: number;
  total: number;
  items: ReferrerItem[];
}

/** Referrer productivity (推荐人): what each referrer enrolled in the period, most households first. */
@Injectable()
export class GetReferrersHandler {
  constructor(
    private readonly repo: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORT_LIMITS) private readonly limits: ReportLimits,
  ) {}

  parse(raw: PagedReportQuery, paging?: Paging): { f: ReportFilter; paging: Paging } {
    return { f: parseFilter(raw, this.clock.now()), paging: paging ?? parsePaging(raw, this.limits) };
  }

  async execute(raw: PagedReportQuery, scope: RegionScope, fixedPaging?: Paging): Promise<ReferrersResponse> {
    const { f, paging } = this.parse(raw, fixedPaging);
    await this.repo.assertRegionKnown(f.region, scope);
    const { total, items } = await this.repo.referrers(f, scope, paging);
    const offset = (paging.page - 1) * paging.pageSize;
    return {
      asOf: f.asOf.toISOString(),
      page: paging.page,
      pageSize: paging.pageSize,
      total,
      items: items.map((r, i) => ({
        rank: offset + i + 1,
        referrerId: r.referrerId,
        households: r.households.toString(),
        persons: r.persons.toString(),
        premiumFen: r.premiumFen.toString(),
        villages: r.villages.toString(),
        claimsReported: r.claimsReported.toString(),
        amountPaidFen: r.amountPaidFen.toString(),
      })),
    };
  }
}
