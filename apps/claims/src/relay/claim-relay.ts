import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLAIM_STREAM_PREFIX, toPublicEvents, type ClaimDecider } from '@fpi/claims-domain';
import { claimEventMessage, settlementMessage, Headers, type ContractMessage } from '@fpi/contracts';
import { ALL_START, type AllPosition, type CheckpointStore, type EventStore } from '@fpi/event-store';
import type { MessagePublisher, OutboundMessage } from '@fpi/messaging';
import { LOGGER, PUBLISHER, type JsonLogger } from '@fpi/platform';
import { AdvisoryLease } from '../infrastructure/advisory-lease';
import { CHECKPOINT_STORE, EVENT_STORE } from '../infrastructure/event-store.module';
import { ClaimStreamFolder } from '../projections/claim-stream-folder';
import { ClaimEventsSignal, type Wakeup } from '../shared/claim-events-signal';
import { CLAIM_DECIDER, CLAIMS_SETTINGS, type ClaimsSettings } from '../shared/claims-settings';

const SUBSCRIPTION_ID = 'claims.kafka-relay';
const CATEGORY = CLAIM_STREAM_PREFIX.slice(0, -1);
const IDLE_POLL_MS = 200;
const LEASE_RETRY_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A contract message as the platform publisher takes it; the CloudEvents headers come from the contract. */
function outbound(message: ContractMessage<unknown>, topic: string): OutboundMessage {
  const h = message.headers;
  return {
    topic,
    key: message.key,
    value: message.value,
    id: h[Headers.id] as string,
    type: h[Headers.type] as string,
    source: h[Headers.source] as string,
    time: h[Headers.time] as string,
    subject: h[Headers.subject],
    headers: h,
  };
}

/**
 * The event store is the outbox: this relay reads the `claim` category of `$all` from its stored
 * checkpoint, maps each event to the public contracts (every lifecycle event to the claim events topic, the
 * integrator contract to the settlement topic; key = claim id, CloudEvents headers), publishes a page with
 * acks=-1 and stores the checkpoint only after the broker acknowledged it. A crash in between publishes the
 * page again: at-least-once, and every consumer de-duplicates by `ce_id`.
 *
 * It pages through `$all` itself rather than using a per-event subscription, so that one broker round
 * trip carries a whole page and the checkpoint can wait for the acknowledgement of all of it. One relay
 * per database is active at a time (an advisory-lock lease), so per-claim order holds across instances.
 */
@Injectable()
export class ClaimRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly folder: ClaimStreamFolder;
  private readonly wakeup: Wakeup;
  private readonly lease: AdvisoryLease;
  private position: AllPosition | undefined;
  private running = false;
  private loop?: Promise<void>;
  /** The page being published and checkpointed, if any. */
  private inflight?: Promise<void>;
  /** Messages published since start (for tests and the benchmark). */
  published = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CLAIM_DECIDER) decider: ClaimDecider,
    @Inject(CLAIMS_SETTINGS) private readonly settings: ClaimsSettings,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    signal: ClaimEventsSignal,
  ) {
    this.folder = new ClaimStreamFolder(store, decider);
    this.wakeup = signal.listen();
    this.lease = new AdvisoryLease(settings.databaseUrl, 'fpi.claims.kafka-relay');
  }

  onApplicationBootstrap(): void {
    if (!this.settings.backgroundWorkers.has('relay')) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.notify();
    await this.loop;
    await this.inflight?.catch(() => undefined);
    await this.lease.release();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (!this.lease.held) {
        this.forget();
        if (!(await this.lease.tryAcquire())) {
          await this.wakeup.wait(LEASE_RETRY_MS);
          continue;
        }
        this.logger.event('info', 'claim relay is the active relay', {});
      }
      try {
        const published = await this.runOnce();
        failures = 0;
        if (published === 0) await this.wakeup.wait(IDLE_POLL_MS);
      } catch (e) {
        failures += 1;
        this.forget();
        this.logger.event('warn', 'claim relay failed; the page will be published again', { error: (e as Error).message, failures });
        await sleep(Math.min(100 * 2 ** failures, 5_000));
      }
    }
  }

  /**
   * One page: read and map it, then publish it (acks=-1) and store its checkpoint once acknowledged. The
   * publish and checkpoint of a page run while the next page is read and mapped, so the broker round trip
   * overlaps the database work; pages still reach the broker one at a time and in order, and a checkpoint
   * is only ever stored after its own page (and every page before it) was acknowledged. Returns the number
   * of events read.
   */
  private async runOnce(): Promise<number> {
    if (this.position === undefined) this.position = (await this.checkpoints.load(SUBSCRIPTION_ID)) ?? ALL_START;
    const slice = await this.store.readAll({ fromPosition: this.position, maxCount: this.settings.relayBatchSize, filter: { category: CATEGORY } });
    if (slice.events.length === 0) {
      // Skipped over other categories only: no need to store that (see the projector for why not).
      await this.inflight;
      this.position = slice.nextPosition;
      return 0;
    }
    const messages: OutboundMessage[] = [];
    for (const recorded of slice.events) {
      const folded = await this.folder.advance(recorded);
      if (folded === null || folded.state.status === 'empty') {
        this.logger.event('error', 'not relaying an event that is not a claim event of a reported claim', { stream: recorded.streamName, type: recorded.type });
        continue;
      }
      const { event, state } = folded;
      const { claimEvent, settlement } = toPublicEvents({ event, eventId: recorded.id, revision: Number(recorded.revision) }, state);
      messages.push(outbound(claimEventMessage(claimEvent), this.settings.claimEventsTopic));
      if (settlement) messages.push(outbound(settlementMessage(settlement), this.settings.settlementsTopic));
    }
    // The previous page must be acknowledged (and checkpointed) before this one goes out: per-claim order.
    await this.inflight;
    const checkpoint = slice.nextPosition;
    const sent = this.publisher.publish(messages).then(async () => {
      if (!this.lease.held) throw new Error('lost the relay lease while publishing; another relay takes over from the stored checkpoint');
      await this.checkpoints.store(SUBSCRIPTION_ID, checkpoint);
      this.published += messages.length;
    });
    // Handled when awaited (next page, idle, shutdown); this only keeps it from counting as unhandled.
    sent.catch(() => undefined);
    this.inflight = sent;
    this.position = checkpoint;
    return slice.events.length;
  }

  private forget(): void {
    this.folder.reset();
    this.position = undefined;
    this.inflight = undefined;
  }
}
