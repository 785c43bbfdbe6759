import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, SecurityModule } from '@fpi/platform';
import { ClaimsModule } from './claims/claims.module';
import { checkClaimsConfig, type ClaimsConfig } from './config';
import { EventStoreModule } from './infrastructure/event-store.module';
import { Claims1764600000000 } from './migrations/1764600000000-claims';
import { IdempotencyExpiry1764900000000 } from './migrations/1764900000000-idempotency-expiry';
import { IdempotencyAnswersJson1764900000001 } from './migrations/1764900000001-idempotency-answers-json';
import { MemberShareLedger1765000000000 } from './migrations/1765000000000-member-share-ledger';
import { BackgroundModule } from './projections/background.module';
import { QUEUE_MIGRATIONS } from './queue/migrations';
import { QueueModule } from './queue/queue.module';
import { ClaimsCoreModule } from './shared/claims-core.module';
import { SUPERVISION_MIGRATIONS } from './supervision/migrations';
import { SupervisionModule } from './supervision/supervision.module';
import { TIMELINE_MIGRATIONS } from './timeline/migrations';
import { TimelineModule } from './timeline/timeline.module';

@Module({})
export class AppModule {
  static register(config: ClaimsConfig): DynamicModule {
    checkClaimsConfig(config);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'claims',
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          logLevel: config.LOG_LEVEL,
          migrations: [Claims1764600000000, ...QUEUE_MIGRATIONS, ...TIMELINE_MIGRATIONS, ...SUPERVISION_MIGRATIONS, IdempotencyExpiry1764900000000, IdempotencyAnswersJson1764900000001, MemberShareLedger1765000000000],
          clockMode: config.CLOCK_MODE,
          poolSize: 12,
          // The topics named in config: Topics.claimEvents and Topics.settlements unless overridden (tests).
          producesTopics: [config.CLAIM_EVENTS_TOPIC, config.SETTLEMENTS_TOPIC],
        }),
        SecurityModule.forRoot(config),
        EventStoreModule.forRoot(config),
        ClaimsCoreModule.forRoot(config),
        ClaimsModule,
        BackgroundModule,
        QueueModule,
        TimelineModule,
        SupervisionModule,
      ],
    };
  }
}
