import { Module } from '@nestjs/common';
import { ExportReportHttpController } from './export-report/export-report.http.controller';
import { GetGrowthHandler } from './get-growth/get-growth.handler';
import { GetGrowthHttpController } from './get-growth/get-growth.http.controller';
import { GetOverdueHandler } from './get-overdue/get-overdue.handler';
import { GetOverdueHttpController } from './get-overdue/get-overdue.http.controller';
import { GetRankingHandler } from './get-ranking/get-ranking.handler';
import { GetRankingHttpController } from './get-ranking/get-ranking.http.controller';
import { GetRatesHttpController } from './get-rates/get-rates.http.controller';
import { GetReferrersHandler } from './get-referrers/get-referrers.handler';
import { GetReferrersHttpController } from './get-referrers/get-referrers.http.controller';
import { GetSummaryHandler } from './get-summary/get-summary.handler';
import { GetSummaryHttpController } from './get-summary/get-summary.http.controller';
import { ReportsRepository } from './reports.repository';

@Module({
  controllers: [
    GetSummaryHttpController,
    GetRatesHttpController,
    GetGrowthHttpController,
    GetRankingHttpController,
    GetReferrersHttpController,
    GetOverdueHttpController,
    ExportReportHttpController,
  ],
  providers: [ReportsRepository, GetSummaryHandler, GetGrowthHandler, GetRankingHandler, GetReferrersHandler, GetOverdueHandler],
})
export class ReportsModule {}
