import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@fpi/contracts';
import { PlatformModule, SecurityModule } from '@fpi/platform';
import type { EnrollmentConfig } from './config';
import { SendProbeHttpController } from './diagnostics/send-probe.http.controller';
import { GiftedBatchesModule } from './gifted-batches/gifted-batches.module';
import { HouseholdsModule } from './households/households.module';
import { Enrollment1764400000000 } from './migrations/1764400000000-enrollment';
import { Outbox1764300000000 } from './migrations/1764300000000-outbox';
import { BulkWriteStorage1764500000000 } from './migrations/1764500000000-bulk-write-storage';
import { IdempotencyExpiry1764600000000 } from './migrations/1764600000000-idempotency-expiry';
import { IdNumberIndexKey1764600000001 } from './migrations/1764600000001-id-number-index-key';
import { OutboxBundles1764700000000 } from './migrations/1764700000000-outbox-bundles';
import { OutboxModule } from './outbox/outbox.module';
import { PoliciesModule } from './policies/policies.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ReferrersModule } from './referrers/referrers.module';
import { EnrollmentCoreModule } from './shared/enrollment-core.module';

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
          migrations: [Outbox1764300000000, Enrollment1764400000000, BulkWriteStorage1764500000000, IdempotencyExpiry1764600000000, IdNumberIndexKey1764600000001, OutboxBundles1764700000000],
          clockMode: config.CLOCK_MODE,
          // The configured topic: Topics.enrollmentEvents unless overridden (tests, benchmarks).
          producesTopics: [config.ENROLLMENT_EVENTS_TOPIC, Topics.diagnostics],
        }),
        SecurityModule.forRoot(config),
        OutboxModule,
        EnrollmentCoreModule.forRoot({
          idNumberHmacKey: config.ID_NUMBER_HMAC_KEY,
          previousIdNumberHmacKeys: config.ID_NUMBER_HMAC_PREVIOUS_KEYS.split(',').map((k) => k.trim()).filter((k) => k !== ''),
          production: config.NODE_ENV === 'production',
          eventsTopic: config.ENROLLMENT_EVENTS_TOPIC,
          giftedBatchMaxRows: config.GIFTED_BATCH_MAX_ROWS,
          giftedBatchChunkHouseholds: config.GIFTED_BATCH_CHUNK_HOUSEHOLDS,
          lifecycleSweepIntervalMs: config.LIFECYCLE_SWEEP_INTERVAL_MS,
          idempotencyRetentionHours: config.IDEMPOTENCY_RETENTION_HOURS,
        }),
        ReferrersModule,
        ProgrammesModule,
        HouseholdsModule,
        PoliciesModule,
        GiftedBatchesModule,
      ],
      controllers: [SendProbeHttpController],
    };
  }
}
