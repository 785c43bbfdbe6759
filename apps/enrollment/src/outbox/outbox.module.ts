import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay, type MessagePublisher } from '@fpi/messaging';
import { JsonLogger, LOGGER, pgPoolOf, PUBLISHER } from '@fpi/platform';

/** Runs the outbox relay for the service's lifetime; handlers call `relay.notify()` after their commit. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  constructor(ds: DataSource, @Inject(PUBLISHER) publisher: MessagePublisher, @Inject(LOGGER) logger: JsonLogger) {
    this.relay = new OutboxRelay({
      pool: pgPoolOf(ds),
      publisher,
      // Messages per page. The publisher cuts a page into produce requests below the broker's
      // message.max.bytes, so the page size only bounds memory: 1,000 policy events (1.5-4 KB each) are a
      // few MB, and a gifted batch's 500-event bundles go out two at a time.
      batchSize: 1000,
      onError: (e) => logger.event('warn', 'outbox relay could not publish; will retry', { error: (e as Error).message }),
    });
  }
  onApplicationBootstrap(): void {
    this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Global()
@Module({ providers: [OutboxRelayService], exports: [OutboxRelayService] })
export class OutboxModule {}
