import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { createKafka, ensureTopics, KafkaPublisher } from '@fpi/messaging';
import { CLOCK, systemClock, type Clock } from '../clock/clock';
import { ClockController, ControlledClock } from '../clock/controlled-clock';
import { HealthController, READINESS_PROBES } from '../health/health';
import { KafkaProbe, PostgresProbe } from '../health/probes';
import { JsonLogger } from '../logging/json-logger';
import { hoursToMs, RetentionSweeper } from '../database/retention';

export const KAFKA = Symbol('KAFKA');
export const PUBLISHER = Symbol('PUBLISHER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const LOGGER = Symbol('LOGGER');

export interface PlatformOptions {
  service: string;
  databaseUrl: string;
  kafkaBrokers: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  clock?: Clock;
  /** Pool size of the service's TypeORM data source. */
  poolSize?: number;
  /** `controlled`: a clock an admin moves forwards through `PUT /admin/clock` (simulations only). */
  clockMode?: 'system' | 'controlled';
  /** Topics this service produces to; created at start (retried in the background while Kafka is down). */
  producesTopics?: string[];
}

const TOPICS = Symbol('TOPICS');

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PUBLISHER) private readonly publisher: KafkaPublisher,
    @Inject(READINESS_PROBES) private readonly probes: unknown[],
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: string[],
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    // Explicit topics get the intended partition count; the broker's auto-create would give them one.
    void (async () => {
      for (let delay = 500; !this.stopped && this.topics.length > 0; delay = Math.min(delay * 2, 10_000)) {
        try {
          await ensureTopics(this.kafka, this.topics.map((topic) => ({ topic })));
          return;
        } catch (e) {
          this.logger.event('warn', 'could not create topics yet; retrying', { topics: this.topics, error: (e as Error).message });
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.publisher.close();
    for (const p of this.probes) if (p instanceof KafkaProbe) await p.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * What every service needs from its environment: a migrated PostgreSQL data source, a Kafka client and
 * publisher, a clock, a logger, and health endpoints whose readiness reflects PostgreSQL and Kafka.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const logger = new JsonLogger(opts.service, opts.logLevel ?? 'info');
    const clock = opts.clock ?? (opts.clockMode === 'controlled' ? new ControlledClock() : systemClock);
    const providers: Provider[] = [
      { provide: SERVICE_NAME, useValue: opts.service },
      { provide: TOPICS, useValue: opts.producesTopics ?? [] },
      { provide: LOGGER, useValue: logger },
      { provide: CLOCK, useValue: clock },
      {
        provide: DataSource,
        useFactory: async () => {
          const ds = new DataSource({
            type: 'postgres',
            url: opts.databaseUrl,
            entities: opts.entities ?? [],
            migrations: opts.migrations ?? [],
            migrationsTableName: 'schema_migrations',
            synchronize: false,
            logging: false,
            extra: {
              max: opts.poolSize ?? 10,
              // A session left idle inside a transaction would hold locks and the xmin horizon.
              options: '-c idle_in_transaction_session_timeout=60000 -c statement_timeout=30000',
              connectionTimeoutMillis: 5000,
            },
          });
          await ds.initialize();
          // node-postgres emits 'error' on idle clients when the server restarts; unhandled, it kills the process.
          const pool = (ds.driver as unknown as { master?: { on(ev: string, fn: (e: Error) => void): void } }).master;
          pool?.on('error', (e) => logger.event('warn', 'postgres pool client error', { error: e.message }));
          await ds.runMigrations({ transaction: 'each' });
          return ds;
        },
      },
      {
        provide: KAFKA,
        useFactory: (): Kafka =>
          createKafka({ clientId: opts.service, brokers: opts.kafkaBrokers }, (level, message, fields) => logger.event(level, message, fields)),
      },
      { provide: PUBLISHER, useFactory: (kafka: Kafka) => new KafkaPublisher(kafka), inject: [KAFKA] },
      {
        provide: READINESS_PROBES,
        useFactory: (ds: DataSource) => [new PostgresProbe(() => ds.query('SELECT 1')), new KafkaProbe(opts.kafkaBrokers, opts.service)],
        inject: [DataSource],
      },
      PlatformLifecycle,
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController, ClockController],
      providers,
      exports: [SERVICE_NAME, LOGGER, CLOCK, DataSource, KAFKA, PUBLISHER, READINESS_PROBES],
    };
  }
}

/** The node-postgres pool behind a TypeORM data source, for code that wants plain parameterised SQL. */
export function pgPoolOf(ds: DataSource): import('pg').Pool {
  const pool = (ds.driver as unknown as { master?: import('pg').Pool }).master;
  if (!pool) throw new Error('the data source is not initialised');
  return pool;
}

/** The token of the service's sweeper of expired Idempotency-Key answers. */
export const IDEMPOTENCY_RETENTION = Symbol('IDEMPOTENCY_RETENTION');

/**
 * A sweeper of `table`'s command answers older than `retentionHours` (by `created_at`), run for the
 * application's lifetime on the service's DataSource pool. A retry after that gets no stored answer.
 */
export function idempotencyRetentionProvider(table: string, retentionHours: number): Provider {
  return {
    provide: IDEMPOTENCY_RETENTION,
    inject: [DataSource, CLOCK, LOGGER],
    useFactory: (ds: DataSource, clock: Clock, logger: JsonLogger) =>
      new RetentionSweeper(pgPoolOf(ds), clock, logger, { table, column: 'created_at', retentionMs: hoursToMs(retentionHours) }),
  };
}
