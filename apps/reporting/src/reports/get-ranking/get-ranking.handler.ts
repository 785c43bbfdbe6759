import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import { parseFilter, rank, ReportingError, type Ranked, type RegionScope, type ReportTotals } from '@fpi/reporting-domain';
import type { RankingQuery } from '../report-query.dto';
import type { FigurePart } from '../report-sql';
import { ReportsRepository } from '../reports.repository';

const LEVELS = ['county', 'city'] as const;
type Level = (typeof LEVELS)[number];

const MEASURES: Record<string, { parts: FigurePart[]; value: (t: ReportTotals) => bigint }> = {
  premium: { parts: ['insured'], value: (t) => t.premiumFen },
  households: { parts: ['insured'], value: (t) => t.householdsInsured },
  persons: { parts: ['insured'], value: (t) => t.personsInsured },
  amountPaid: { parts: ['payments'], value: (t) => t.amountPaidFen },
  claimsReported: { parts: ['reported'], value: (t) => t.claimsReported },
};

export interface RankingResponse {
  level: Level;
  by: string;
  asOf: string;
  entries: Ranked<string>[];
}

/** Counties (or cities, when several are loaded) ranked by a measure, with the gaps to their neighbours. */
@Injectable()
export class GetRankingHandler {
  constructor(
    private readonly repo: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(raw: RankingQuery, scope: RegionScope): Promise<RankingResponse> {
    const level = (raw.level ?? 'county') as Level;
    if (!LEVELS.includes(level)) throw new ReportingError('REPORTING.UNSUPPORTED_LEVEL', 'validation', `level must be one of ${LEVELS.join(', ')}`, { field: 'level', validLevels: [...LEVELS] });
    const by = raw.by ?? 'premium';
    const measure = MEASURES[by];
    if (!measure) throw new ReportingError('REPORTING.UNSUPPORTED_MEASURE', 'validation', `by must be one of ${Object.keys(MEASURES).join(', ')}`, { field: 'by', validMeasures: Object.keys(MEASURES) });
    const f = parseFilter(raw, this.clock.now());
    await this.repo.assertRegionKnown(f.region, scope);
    const rows = await this.repo.report(measure.parts, [level], f, scope);
    const entries = rows.flatMap((r) => {
      const key = r.group[level];
      return key ? [{ key, value: measure.value(r.totals) }] : [];
    });
    return { level, by, asOf: f.asOf.toISOString(), entries: rank(entries) };
  }
}
