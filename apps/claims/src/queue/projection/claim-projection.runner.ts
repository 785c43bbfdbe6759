import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { claimStreamName } from '@fpi/claims-domain';
import { backoffDelay, StreamNotFoundError, type EventStore, type Subscription } from '@fpi/event-store';
import { LOGGER, type JsonLogger } from '@fpi/platform';
import { EVENT_STORE } from '../../infrastructure/event-store.module';
import { QUEUE_OPTIONS, type QueueOptions } from '../queue.options';
import type { StreamEvent } from './claim-row';
import { ClaimProjectionFeed } from './claim-projection.feed';
import { ClaimProjectionWriter } from './claim-projection.writer';
import { toStreamEvent } from './stream-event';

export const CLAIM_PROJECTION_WRITER = Symbol('CLAIM_PROJECTION_WRITER');

export interface ProjectionStatus {
  subscriptionId: string;
  running: boolean;
  restarts: number;
  lastError: string | null;
  position: string | null;
  eventsApplied: number;
  updatedAt: string | null;
}

/** Reads a claim's stream for the writer's gap healing. */
export function historyLoader(store: EventStore) {
  return async (claimId: string): Promise<StreamEvent[]> => {
    try {
      const recorded = await store.readStream(claimStreamName(claimId));
      return recorded.map(toStreamEvent).filter((e): e is StreamEvent => e !== null);
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
  };
}

/**
 * Runs the claims read-model projection as a catch-up subscription over `claim-` streams for the life of the
 * application. Transient read failures are retried inside the subscription; when it ends with an error (a
 * poison event, the database gone for good) it is started again from the stored checkpoint with back-off,
 * and the error stays visible in `status()` until a run succeeds.
 */
@Injectable()
export class ClaimProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private restarts = 0;
  private failures = 0;
  private lastError: string | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLAIM_PROJECTION_WRITER) private readonly writer: ClaimProjectionWriter,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.projection.enabled) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
  }

  async status(): Promise<ProjectionStatus> {
    const stored = await this.writer.status(this.options.projection.subscriptionId);
    return { subscriptionId: this.options.projection.subscriptionId, running: this.subscription !== undefined, restarts: this.restarts, lastError: this.lastError, ...stored };
  }

  /** Drops the read models (leases excepted) and replays every claim stream from the start. */
  async rebuild(): Promise<void> {
    clearTimeout(this.restartTimer);
    const running = this.subscription;
    this.subscription = undefined;
    await running?.stop();
    await this.writer.resetForRebuild(this.options.projection.subscriptionId);
    this.logger.event('warn', 'claims read models reset; replaying from the start', { subscriptionId: this.options.projection.subscriptionId });
    if (!this.stopped && this.options.projection.enabled) this.start();
  }

  private start(): void {
    const { subscriptionId, batchSize } = this.options.projection;
    const feed = new ClaimProjectionFeed(this.writer, subscriptionId);
    const subscription = this.store.subscribeToAll(
      {
        subscriptionId,
        checkpoints: feed,
        filter: { category: 'claim' },
        batchSize,
        onRetry: (error, attempt, delayMs) =>
          this.logger.event('warn', 'claims read-model projection retrying', { subscriptionId, attempt, delayMs, error: (error as Error).message }),
      },
      async (event) => {
        await feed.handle(event);
        this.failures = 0;
      },
    );
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => {
        if (this.subscription !== subscription || this.stopped) return;
        this.subscription = undefined;
        this.failures += 1;
        this.restarts += 1;
        this.lastError = (error as Error).message;
        const delay = backoffDelay(this.failures, { initialMs: 1_000, maxMs: 60_000 });
        this.logger.event('error', 'claims read-model projection stopped; restarting from its checkpoint', { subscriptionId, delayMs: delay, error: this.lastError });
        this.restartTimer = setTimeout(() => {
          if (!this.stopped) this.start();
        }, delay);
      },
    );
  }
}
