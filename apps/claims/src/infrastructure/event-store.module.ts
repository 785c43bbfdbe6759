import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  KurrentDbEventStore,
  PostgresCheckpointStore,
  PostgresEventStore,
  type CheckpointStore,
  type EventStore,
} from '@fpi/event-store';
import { DataSource } from 'typeorm';
import { LOGGER, pgPoolOf, type JsonLogger } from '@fpi/platform';

/** Injection token of the claims service's {@link EventStore} (PostgreSQL or KurrentDB, chosen from config). */
export const EVENT_STORE = Symbol('CLAIMS_EVENT_STORE');
/** Injection token of the {@link CheckpointStore} of the service's catch-up subscriptions (always PostgreSQL). */
export const CHECKPOINT_STORE = Symbol('CLAIMS_CHECKPOINT_STORE');

/** What the composition root tells the module; a subset of ClaimsConfig so tests can pass it directly. */
export interface EventStoreSettings {
  readonly EVENT_STORE: 'postgres' | 'kurrentdb';
  readonly DATABASE_URL: string;
  readonly EVENT_STORE_DATABASE_URL: string;
  readonly KURRENTDB_URL: string;
}

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    // Stops the store's subscriptions and ends its own pool/client (never the app's data source).
    await this.store.close();
  }
}

/**
 * The event store of the claim streams. One adapter per process, chosen at the composition root:
 * PostgreSQL (default; its own pool, on EVENT_STORE_DATABASE_URL or DATABASE_URL) or KurrentDB.
 * Checkpoints always live in the service's PostgreSQL database, next to the read models they guard.
 */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(settings: EventStoreSettings): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [LOGGER],
          useFactory: async (logger: JsonLogger): Promise<EventStore> => {
            if (settings.EVENT_STORE === 'kurrentdb') return KurrentDbEventStore.fromConnectionString(settings.KURRENTDB_URL);
            return PostgresEventStore.connect({
              connectionString: settings.EVENT_STORE_DATABASE_URL || settings.DATABASE_URL,
              max: 16,
              // Appends in this process wake subscriptions at once; the cap bounds latency for other writers.
              polling: { maxPollMs: 100 },
              onError: (e) => logger.event('warn', 'event store pool client error', { error: e.message }),
            });
          },
        },
        {
          provide: CHECKPOINT_STORE,
          inject: [DataSource],
          useFactory: (ds: DataSource): Promise<CheckpointStore> => PostgresCheckpointStore.create(pgPoolOf(ds)),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE],
    };
  }
}
