import { Module } from '@nestjs/common';
import type { EventStore } from '@fpi/event-store';
import { pgPoolOf } from '@fpi/platform';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { LeasesHttpController } from './leases/leases.http.controller';
import { QueueLeases } from './leases/queue-leases.service';
import { ListQueueHttpController } from './list-queue/list-queue.http.controller';
import { CLAIM_PROJECTION_WRITER, ClaimProjectionRunner, historyLoader } from './projection/claim-projection.runner';
import { ClaimProjectionWriter } from './projection/claim-projection.writer';
import { ProjectionHttpController } from './projection/projection.http.controller';
import { QueueSummaryHttpController } from './queue-summary/queue-summary.http.controller';
import { CLAIMS_SETTINGS, type ClaimsSettings } from '../shared/claims-settings';
import { DEFAULT_QUEUE_OPTIONS, QUEUE_OPTIONS, type QueueOptions } from './queue.options';
import { QueueReader } from './queue.reader';
import { QUEUE_POOL } from './queue.tokens';

/**
 * The fast-track queue and the projection that feeds both the queue and the audit timeline (one catch-up
 * subscription over `claim-` streams). Needs, from the composition root: the platform's DataSource, CLOCK and
 * LOGGER (PlatformModule), LIMITS (SecurityModule) and EVENT_STORE (EventStoreModule), all global.
 * Exports `QueueLeases` so the command layer can ask who holds a claim.
 */
@Module({
  controllers: [ListQueueHttpController, QueueSummaryHttpController, LeasesHttpController, ProjectionHttpController],
  providers: [
    {
      provide: QUEUE_OPTIONS,
      inject: [CLAIMS_SETTINGS],
      useFactory: (settings: ClaimsSettings): QueueOptions => ({
        ...DEFAULT_QUEUE_OPTIONS,
        projection: { ...DEFAULT_QUEUE_OPTIONS.projection, enabled: settings.backgroundWorkers.has('queue') },
      }),
    },
    { provide: QUEUE_POOL, inject: [DataSource], useFactory: (ds: DataSource) => pgPoolOf(ds) },
    {
      provide: CLAIM_PROJECTION_WRITER,
      inject: [QUEUE_POOL, EVENT_STORE],
      useFactory: (pool: ReturnType<typeof pgPoolOf>, store: EventStore) => new ClaimProjectionWriter(pool, historyLoader(store)),
    },
    ClaimProjectionRunner,
    QueueReader,
    QueueLeases,
  ],
  exports: [QueueLeases, QUEUE_POOL, QUEUE_OPTIONS],
})
export class QueueModule {}
