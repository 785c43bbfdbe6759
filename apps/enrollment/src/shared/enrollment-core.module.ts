import { DynamicModule, Global, Module } from '@nestjs/common';
import { idempotencyRetentionProvider } from '@fpi/platform';
import { EventWriter } from '../events/event-writer';
import { CommandRunner } from './command-runner.service';
import { DEVELOPMENT_ONLY_HMAC_KEY, IdNumberHasher } from './id-number-hasher';
import { IdNumberIndexKeys, PREVIOUS_ID_NUMBER_HASHERS } from './id-number-index-keys';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from './tokens';

export interface EnrollmentCoreOptions extends EnrollmentSettings {
  idNumberHmacKey: string;
  /** Keys the ID-number index may still be built with (ID_NUMBER_HMAC_PREVIOUS_KEYS): it is re-keyed at start. */
  previousIdNumberHmacKeys: readonly string[];
  production: boolean;
  /** How long command answers are kept for retries with the same Idempotency-Key (0: for ever). */
  idempotencyRetentionHours: number;
}

/** What every enrollment use case shares: the command runner, the event writer, the ID-number hasher, settings. */
@Global()
@Module({})
export class EnrollmentCoreModule {
  static forRoot(opts: EnrollmentCoreOptions): DynamicModule {
    if (opts.production && opts.idNumberHmacKey === '') {
      throw new Error('ID_NUMBER_HMAC_KEY is required in production: without it the ID-number index would use a key published in the source');
    }
    const settings: EnrollmentSettings = {
      eventsTopic: opts.eventsTopic,
      giftedBatchMaxRows: opts.giftedBatchMaxRows,
      giftedBatchChunkHouseholds: opts.giftedBatchChunkHouseholds,
      lifecycleSweepIntervalMs: opts.lifecycleSweepIntervalMs,
    };
    return {
      module: EnrollmentCoreModule,
      providers: [
        { provide: ENROLLMENT_SETTINGS, useValue: settings },
        { provide: IdNumberHasher, useValue: new IdNumberHasher(opts.idNumberHmacKey || DEVELOPMENT_ONLY_HMAC_KEY) },
        { provide: PREVIOUS_ID_NUMBER_HASHERS, useValue: opts.previousIdNumberHmacKeys.map((k) => new IdNumberHasher(k)) },
        IdNumberIndexKeys,
        CommandRunner,
        EventWriter,
        idempotencyRetentionProvider('idempotency_keys', opts.idempotencyRetentionHours),
      ],
      exports: [ENROLLMENT_SETTINGS, IdNumberHasher, CommandRunner, EventWriter],
    };
  }
}
