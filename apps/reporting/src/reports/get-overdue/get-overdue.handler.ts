import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import { OVERDUE_KINDS, parseFilter, parsePaging, ReportingError, type OverdueItem, type OverdueKind, type Paging, type RegionScope } from '@fpi/reporting-domain';
import { REPORT_LIMITS, type ReportLimits } from '../report-limits';
import type { OverdueQuery } from '../report-query.dto';
import { ReportsRepository } from '../reports.repository';

export interface OverdueResponse {
  asOf: string;
  counts: Record<OverdueKind, number>;
  page: number;
  pageSize: number;
  total: number;
  items: OverdueItem[];
}

/**
 * Policies whose issuance or certificate delivery is overdue and still open at `asOf` (default: now, from
 * the service clock): the work list behind the two timeliness rates.
 */
@Injectable()
export class GetOverdueHandler {
  constructor(
    private readonly repo: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORT_LIMITS) private readonly limits: ReportLimits,
  ) {}

  async execute(raw: OverdueQuery, scope: RegionScope, fixedPaging?: Paging): Promise<OverdueResponse> {
    const kinds: readonly OverdueKind[] = raw.kind === undefined ? OVERDUE_KINDS : OVERDUE_KINDS.filter((k) => k === raw.kind);
    if (kinds.length === 0) throw new ReportingError('REPORTING.INVALID_OVERDUE_KIND', 'validation', `kind must be one of ${OVERDUE_KINDS.join(', ')}`, { field: 'kind', validKinds: [...OVERDUE_KINDS] });
    const f = parseFilter(raw, this.clock.now());
    const paging = fixedPaging ?? parsePaging(raw, this.limits);
    await this.repo.assertRegionKnown(f.region, scope);
    const { counts, items } = await this.repo.overdue(f, kinds, scope, paging);
    return { asOf: f.asOf.toISOString(), counts, page: paging.page, pageSize: paging.pageSize, total: kinds.reduce((a, k) => a + counts[k], 0), items };
  }
}
