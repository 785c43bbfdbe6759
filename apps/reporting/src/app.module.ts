import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fpi/platform';
import type { ReportingConfig } from './config';
import { ProbeConsumer } from './diagnostics/probe-consumer';
import { ProbeReceiptsHttpController } from './diagnostics/probe-receipts.http.controller';
import { Diagnostics1764300000000 } from './migrations/1764300000000-diagnostics';

@Module({})
export class AppModule {
  static register(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'reporting',
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          logLevel: config.LOG_LEVEL,
          migrations: [Diagnostics1764300000000],
        }),
      ],
      controllers: [ProbeReceiptsHttpController],
      providers: [ProbeConsumer],
    };
  }
}
