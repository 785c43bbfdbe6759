import { DynamicModule, Global, Module } from '@nestjs/common';
import { deadLetterTopic } from '@fpi/contracts';
import { PlatformModule, SecurityModule, type Clock } from '@fpi/platform';
import type { ReportingConfig } from './config';
import { DIAGNOSTICS_SETTINGS, ProbeConsumer } from './diagnostics/probe-consumer';
import { ProbeReceiptsHttpController } from './diagnostics/probe-receipts.http.controller';
import { Diagnostics1764300000000 } from './migrations/1764300000000-diagnostics';
import { ReportingProjections1764500000000 } from './migrations/1764500000000-reporting-projections';
import { CheckpointFirstOffset1765100000000 } from './migrations/1765100000000-checkpoint-first-offset';
import { ProjectionsModule } from './projections/projections.module';
import { PROJECTION_SETTINGS, type ProjectionSettings } from './projections/tokens';
import { REPORT_LIMITS, type ReportLimits } from './reports/report-limits';
import { ReportsModule } from './reports/reports.module';

/** Test seams: a manual clock, and a faster supervision timer. */
export interface ReportingOverrides {
  clock?: Clock;
  superviseIntervalMs?: number;
}

@Global()
@Module({})
class ReportingSettingsModule {
  static register(settings: ProjectionSettings, limits: ReportLimits): DynamicModule {
    return {
      module: ReportingSettingsModule,
      providers: [
        { provide: PROJECTION_SETTINGS, useValue: settings },
        { provide: REPORT_LIMITS, useValue: limits },
      ],
      exports: [PROJECTION_SETTINGS, REPORT_LIMITS],
    };
  }
}

@Module({})
export class AppModule {
  static register(config: ReportingConfig, overrides: ReportingOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'reporting',
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          logLevel: config.LOG_LEVEL,
          migrations: [Diagnostics1764300000000, ReportingProjections1764500000000, CheckpointFirstOffset1765100000000],
          clockMode: config.CLOCK_MODE,
          // Created at start with the intended partitions; auto-creation on the first dead letter would give one.
          producesTopics: [deadLetterTopic(config.ENROLLMENT_EVENTS_TOPIC), deadLetterTopic(config.CLAIM_EVENTS_TOPIC)],
          ...(overrides.clock ? { clock: overrides.clock } : {}),
        }),
        SecurityModule.forRoot(config, overrides.clock ? { clock: overrides.clock } : {}),
        ReportingSettingsModule.register(
          {
            enrollmentTopic: config.ENROLLMENT_EVENTS_TOPIC,
            claimsTopic: config.CLAIM_EVENTS_TOPIC,
            groupPrefix: config.PROJECTION_GROUP_PREFIX,
            maxAttempts: config.PROJECTION_MAX_ATTEMPTS,
            retryBackoffMs: config.PROJECTION_RETRY_BACKOFF_MS,
            partitionsConcurrently: config.PROJECTION_PARTITIONS_CONCURRENTLY,
            fetchBytesPerPartition: config.PROJECTION_FETCH_BYTES_PER_PARTITION,
            sessionTimeoutMs: config.PROJECTION_SESSION_TIMEOUT_MS,
            superviseIntervalMs: overrides.superviseIntervalMs ?? 2000,
          },
          {
            pageSizeDefault: config.REPORT_PAGE_SIZE_DEFAULT,
            pageSizeMax: config.REPORT_PAGE_SIZE_MAX,
            maxGroupBy: 3,
            exportRowsMax: config.REPORT_EXPORT_ROWS_MAX,
          },
        ),
        ProjectionsModule,
        ReportsModule,
      ],
      controllers: [ProbeReceiptsHttpController],
      providers: [{ provide: DIAGNOSTICS_SETTINGS, useValue: { topic: config.DIAGNOSTICS_TOPIC, groupId: config.DIAGNOSTICS_GROUP } }, ProbeConsumer],
    };
  }
}
