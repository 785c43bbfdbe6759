import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { MessagePublisher } from '@fpi/messaging';
import { JsonLogger, KAFKA, LOGGER, pgPoolOf, PUBLISHER } from '@fpi/platform';
import { GenerationsRepository, HistoryTruncatedError, type Generation } from './generations';
import { lagOf, type GenerationLag } from './projection-lag';
import { ProjectionRunner } from './projection-runner';
import { PROJECTION_SETTINGS, type ProjectionSettings } from './tokens';
import { TopicOffsets } from './topic-offsets';

/**
 * Keeps one runner per live generation (the active one, and the one being rebuilt), and switches a rebuilt
 * generation in once it has caught up with every partition. It reconciles from the control table on a
 * timer, so every instance of the service follows a rebuild or a switch-over started on another one.
 */
@Injectable()
export class ProjectionSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly generations: GenerationsRepository;
  readonly offsets: TopicOffsets;
  private readonly pool: Pool;
  private readonly runners = new Map<string, ProjectionRunner>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private readonly warnedIncomplete = new Set<string>();

  constructor(
    ds: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    @Inject(PROJECTION_SETTINGS) private readonly settings: ProjectionSettings,
  ) {
    this.pool = pgPoolOf(ds);
    this.generations = new GenerationsRepository(this.pool);
    this.offsets = new TopicOffsets(kafka);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.settings.superviseIntervalMs);
    void this.warnIfActiveIncomplete(); // not awaited: with the broker down, the start must not wait on it
  }

  /**
   * Says so, once at start, when the active generation did not read some partition from its first event
   * (a retention setting deleted events before it could): its figures lack them, and /status shows which.
   */
  private async warnIfActiveIncomplete(): Promise<void> {
    try {
      const active = (await this.generations.list()).find((g) => g.status === 'active');
      if (!active) return;
      const lag = await this.lag(active);
      if (lag.historyComplete === null) {
        this.logger.event('warn', 'could not tell whether the active generation read every partition from its first event', { generation: active.schema, kafkaError: lag.kafkaError });
      } else if (!lag.historyComplete) {
        this.logger.event('error', 'the active generation lacks events deleted from the topics before it read them; its figures are incomplete', { generation: active.schema, missingHistory: lag.missingHistory });
      }
    } catch (e) {
      this.logger.event('warn', 'could not check the active generation for missing history', { error: (e as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
    await this.offsets.close();
  }

  /** One reconcile-and-switch pass; passes never overlap. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= (async () => {
      try {
        const generations = await this.generations.list();
        await this.reconcile(generations);
        const building = generations.find((g) => g.status === 'building');
        if (building && this.runners.has(building.schema)) await this.switchIfCaughtUp(building);
      } catch (e) {
        this.logger.event('warn', 'projection supervision failed; retrying', { error: (e as Error).message });
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  async lag(g: Generation): Promise<GenerationLag> {
    return lagOf(this.pool, this.offsets, this.settings, g);
  }

  /**
   * Starts a rebuild: a new generation replays both topics from the beginning beside the live one. Refused
   * when a topic no longer holds its first events (a retention setting deleted them): the rebuilt tables
   * would be short of them and would still be switched in as caught up.
   */
  async startRebuild(): Promise<Generation> {
    const truncated: { topic: string; partition: number; firstOffset: string }[] = [];
    for (const topic of [this.settings.enrollmentTopic, this.settings.claimsTopic]) {
      for (const mark of await this.offsets.watermarks(topic)) if (mark.low > 0n) truncated.push({ topic, partition: mark.partition, firstOffset: mark.low.toString() });
    }
    if (truncated.length > 0) throw new HistoryTruncatedError(truncated);
    const g = await this.generations.createBuilding();
    this.logger.event('info', 'projection rebuild started', { generation: g.schema });
    await this.tick();
    return g;
  }

  /** Gives up a rebuild in progress (see GenerationsRepository.abandon) and stops its consumers here now. */
  async abandonRebuild(schema: string): Promise<'abandoned' | 'not_found' | 'not_building'> {
    const outcome = await this.generations.abandon(schema);
    if (outcome === 'abandoned') {
      this.logger.event('warn', 'projection rebuild abandoned', { generation: schema });
      await this.tick();
    }
    return outcome;
  }

  private async reconcile(generations: Generation[]): Promise<void> {
    const live = new Map(generations.filter((g) => g.status !== 'retired').map((g) => [g.schema, g]));
    for (const [schema, runner] of this.runners) {
      if (!live.has(schema)) {
        this.runners.delete(schema);
        await runner.stop();
        this.logger.event('info', 'projection generation stopped', { generation: schema });
      }
    }
    for (const g of live.values()) {
      if (this.runners.has(g.schema) || this.stopped) continue;
      const runner = new ProjectionRunner(g, { kafka: this.kafka, publisher: this.publisher, pool: this.pool, logger: this.logger, settings: this.settings });
      this.runners.set(g.schema, runner);
      runner.start();
    }
  }

  private async switchIfCaughtUp(building: Generation): Promise<void> {
    const lag = await this.lag(building);
    if (!lag.caughtUp) return;
    // Retention deleted events after the rebuild started: its tables lack them, the live ones do not.
    if (lag.historyComplete !== true) {
      if (!this.warnedIncomplete.has(building.schema)) {
        this.warnedIncomplete.add(building.schema);
        this.logger.event('error', 'rebuilt generation lacks events deleted from the topics; not switching it in (abandon it: DELETE /admin/rebuilds/<generation>)', {
          generation: building.schema,
          missingHistory: lag.missingHistory,
        });
      }
      return;
    }
    if (await this.generations.switchTo(building.schema)) {
      this.logger.event('info', 'projection generation switched in', { generation: building.schema });
      await this.reconcile(await this.generations.list());
    }
  }
}
