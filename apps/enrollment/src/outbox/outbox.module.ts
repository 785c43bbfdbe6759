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
      // Policy events carry a full coverage snapshot (2-4 KB). A relay batch goes out as one produce request,
      // and the broker refuses requests above message.max.bytes (1 MB by default) for ever, which would
      // block the whole outbox behind one large gifted batch; 100 events stay well below that.
      batchSize: 100,
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
