import { Module } from '@nestjs/common';
import { pgPoolOf } from '@fpi/platform';
import { DataSource } from 'typeorm';
import { FourEyesAttempts } from './four-eyes/four-eyes-attempts.service';
import { SupervisionReportsHttpController } from './reports/supervision-reports.http.controller';
import { SupervisionReports } from './reports/supervision-reports.service';
import { SUPERVISION_POOL } from './supervision.tokens';

/**
 * Supervisors' reports over a period and region, read from the claims read models (QueueModule's projection
 * writes them). Exports `FourEyesAttempts` for the command layer to record refused approvals.
 */
@Module({
  controllers: [SupervisionReportsHttpController],
  providers: [{ provide: SUPERVISION_POOL, inject: [DataSource], useFactory: (ds: DataSource) => pgPoolOf(ds) }, SupervisionReports, FourEyesAttempts],
  exports: [FourEyesAttempts],
})
export class SupervisionModule {}
