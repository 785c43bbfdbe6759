import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fpi/platform';
import type { ClaimsConfig } from './config';

@Module({})
export class AppModule {
  static register(config: ClaimsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'claims',
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          logLevel: config.LOG_LEVEL,
          migrations: [],
        }),
      ],
    };
  }
}
