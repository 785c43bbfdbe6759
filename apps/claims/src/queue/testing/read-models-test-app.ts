import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { claimStreamName, encodeClaimEvent, type ClaimEvent } from '@fpi/claims-domain';
import { jsonEventCodec, type EventStore, type JsonObject } from '@fpi/event-store';
import {
  commonConfigSchema,
  configureHttp,
  JsonLogger,
  loadConfig,
  LOGGER,
  mintDevToken,
  PlatformModule,
  resolveSecurityOptions,
  SecurityModule,
  securityConfigSchema,
  type ManualClock,
  type Role,
} from '@fpi/platform';
import { createTestDatabase, eventually, resolveKafkaBrokers, type TestDatabase } from '@fpi/testing';
import type { Pool } from 'pg';
import { EVENT_STORE, EventStoreModule } from '../../infrastructure/event-store.module';
import { SUPERVISION_MIGRATIONS } from '../../supervision/migrations';
import { SupervisionModule } from '../../supervision/supervision.module';
import { TIMELINE_MIGRATIONS } from '../../timeline/migrations';
import { TimelineModule } from '../../timeline/timeline.module';
import { QUEUE_MIGRATIONS } from '../migrations';
import { DEFAULT_QUEUE_OPTIONS, QUEUE_OPTIONS, type QueueOptions } from '../queue.options';
import { QueueModule } from '../queue.module';
import { QUEUE_POOL } from '../queue.tokens';

export interface ReadModelsTestApp {
  app: INestApplication;
  db: TestDatabase;
  store: EventStore;
  pool: Pool;
  logLines: string[];
  /** A bearer header for a development token (signed with the app's own settings). */
  as(role: Role, region: string | undefined, sub?: string): { Authorization: string };
  http(): ReturnType<typeof request>;
  /** Appends events to their claim stream, in the domain codec's encoding or the event store's default one. */
  append(events: readonly ClaimEvent[], codec?: 'domain' | 'event-store'): Promise<void>;
  /** Waits until the projection has applied the claim up to `revision`. */
  projected(claimId: string, revision: number): Promise<void>;
  close(): Promise<void>;
}

const storeCodec = jsonEventCodec<ClaimEvent>();

/**
 * Boots the queue, timeline and supervision modules as the service will (real PostgreSQL database of their
 * own, the claims app's EventStoreModule, the security layer, production HTTP conventions) with the
 * platform clock replaced by `clock`. Tokens are checked against the real clock, so they stay valid while
 * the test moves the service's clock through the claim's history.
 */
export async function startReadModelsApp(prefix: string, clock: ManualClock, env: Record<string, string> = {}, options: Partial<QueueOptions> = {}): Promise<ReadModelsTestApp> {
  const db = await createTestDatabase(prefix);
  const brokers = await resolveKafkaBrokers();
  const config = loadConfig({ ...commonConfigSchema, ...securityConfigSchema }, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const logLines: string[] = [];
  const logger = new JsonLogger('claims', 'info', { write: (line) => void logLines.push(line) });
  const moduleRef = await Test.createTestingModule({
    imports: [
      PlatformModule.forRoot({
        service: 'claims',
        databaseUrl: db.url,
        kafkaBrokers: brokers,
        clock,
        poolSize: 24,
        migrations: [...QUEUE_MIGRATIONS, ...TIMELINE_MIGRATIONS, ...SUPERVISION_MIGRATIONS],
      }),
      EventStoreModule.forRoot({ EVENT_STORE: 'postgres', DATABASE_URL: db.url, EVENT_STORE_DATABASE_URL: '', KURRENTDB_URL: '' }),
      SecurityModule.forRoot(config),
      QueueModule,
      TimelineModule,
      SupervisionModule,
    ],
  })
    .overrideProvider(LOGGER)
    .useValue(logger)
    .overrideProvider(QUEUE_OPTIONS)
    .useValue({ ...DEFAULT_QUEUE_OPTIONS, ...options, projection: { ...DEFAULT_QUEUE_OPTIONS.projection, ...options.projection } })
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger });
  configureHttp(app, { title: 'claims read models (test)', description: 'test', bodyLimit: '256kb' });
  await app.init();

  const store = app.get<EventStore>(EVENT_STORE);
  const pool = app.get<Pool>(QUEUE_POOL);
  const security = resolveSecurityOptions(config);
  return {
    app,
    db,
    store,
    pool,
    logLines,
    as: (role, region, sub = `${role}-${region ?? 'all'}`) => ({ Authorization: `Bearer ${mintDevToken(security, { sub, role, ...(region ? { region } : {}) })}` }),
    http: () => request(app.getHttpServer()),
    append: async (events, codec = 'domain') => {
      const byStream = new Map<string, ClaimEvent[]>();
      for (const e of events) byStream.set(e.data.claimId, [...(byStream.get(e.data.claimId) ?? []), e]);
      for (const [claimId, list] of byStream) {
        const encoded = list.map((e) => (codec === 'domain' ? (encodeClaimEvent(e) as { type: string; data: JsonObject }) : storeCodec.encode(e)));
        await store.appendToStream(claimStreamName(claimId), encoded);
      }
    },
    projected: async (claimId, revision) => {
      await eventually(
        async () => {
          const { rows } = await pool.query<{ revision: string }>('SELECT revision FROM queue_claims WHERE claim_id = $1', [claimId]);
          return rows[0] && Number(rows[0].revision) >= revision ? true : undefined;
        },
        `claim ${claimId} projected up to revision ${revision}`,
        15_000,
        20,
      );
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
