import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@fpi/contracts';
import { PlatformModule } from '@fpi/platform';
import type { EnrollmentConfig } from './config';
import { SendProbeHttpController } from './diagnostics/send-probe.http.controller';
import { Outbox1764300000000 } from './migrations/1764300000000-outbox';
import { OutboxModule } from './outbox/outbox.module';

@Module({})
export class AppModule {
  static register(config: EnrollmentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'enrollment',
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          logLevel: config.LOG_LEVEL,
          migrations: [Outbox1764300000000],
          producesTopics: [Topics.enrollmentEvents, Topics.diagnostics],
        }),
        OutboxModule,
      ],
      controllers: [SendProbeHttpController],
    };
  }
}
