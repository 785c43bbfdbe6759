import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentRegionScope, RequirePermission, type RegionScope } from '@fpi/platform';
import { PeriodReportQuery, UntouchedReportQuery } from './supervision-reports.request.dto';
import { SupervisionReports } from './supervision-reports.service';

// `audit:read` (supervisors, admins), not `reports:read`: these list individual claims and people, which the
// association's programme-figure readers have no business seeing.
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/reports')
export class SupervisionReportsHttpController {
  constructor(private readonly reports: SupervisionReports) {}

  @Get('deadline-breaches')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Deadline breaches recorded in the period, by deadline and green channel, with the claims' })
  deadlineBreaches(@Query() query: PeriodReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.deadlineBreaches(query, scope);
  }

  @Get('reopened-claims')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Claims reopened in the period (reconsideration, appeal)' })
  reopenedClaims(@Query() query: PeriodReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.reopenedClaims(query, scope);
  }

  @Get('four-eyes-attempts')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Approvals refused because the approver was the assessor (recorded attempts and audit-trail refusals)' })
  fourEyesAttempts(@Query() query: PeriodReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.fourEyesAttempts(query, scope);
  }

  @Get('payments-above-assessment')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Payments that took a claim\'s paid total above its assessment or approval' })
  paymentsAboveAssessment(@Query() query: PeriodReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.paymentsAboveAssessment(query, scope);
  }

  @Get('untouched-claims')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Open claims without a step for N days (default 7), oldest first' })
  untouchedClaims(@Query() query: UntouchedReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.untouchedClaims(query, scope);
  }

  @Get('step-durations')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Time spent per step in the period: count, median and p90 (ms), by green channel' })
  stepDurations(@Query() query: PeriodReportQuery, @CurrentRegionScope() scope: RegionScope) {
    return this.reports.stepDurations(query, scope);
  }
}
