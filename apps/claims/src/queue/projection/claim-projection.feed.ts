import type { AllPosition, CheckpointStore, RecordedEvent } from '@fpi/event-store';
import type { StreamEvent } from './claim-row';
import type { ClaimProjectionWriter } from './claim-projection.writer';
import { toStreamEvent } from './stream-event';

// A page never holds more than the subscription's batch size; this only bounds memory if an adapter
// delivered far more before checkpointing.
const MAX_PENDING = 20_000;

/**
 * Adapts the projection writer to a catch-up subscription. The subscription calls `store(position)` after
 * the events up to `position` have been handed over; that call is where they are written, together with
 * the position, in one transaction. So a page of events costs one commit, and nothing can be checkpointed
 * that was not applied (nor applied without its checkpoint).
 *
 * One feed per subscription run: after a failure the pending events are dropped with the feed, and the
 * next run starts again from the stored position.
 */
export class ClaimProjectionFeed implements CheckpointStore {
  private pending: StreamEvent[] = [];

  constructor(
    private readonly writer: ClaimProjectionWriter,
    private readonly projection: string,
  ) {}

  readonly handle = async (recorded: RecordedEvent): Promise<void> => {
    const event = toStreamEvent(recorded);
    if (event) this.pending.push(event);
    if (this.pending.length >= MAX_PENDING && recorded.position !== undefined) await this.flush(recorded.position);
  };

  async load(subscriptionId: string): Promise<AllPosition | undefined> {
    this.assertOwn(subscriptionId);
    return this.writer.position(this.projection);
  }

  async store(subscriptionId: string, position: AllPosition): Promise<void> {
    this.assertOwn(subscriptionId);
    await this.flush(position);
  }

  private async flush(position: AllPosition): Promise<void> {
    const batch = this.pending;
    // Kept until the commit succeeded: a failed store is retried by the subscription with the same events.
    await this.writer.apply(batch, { projection: this.projection, position });
    this.pending = this.pending.slice(batch.length);
  }

  private assertOwn(subscriptionId: string): void {
    if (subscriptionId !== this.projection) throw new Error(`this feed keeps the checkpoint of ${this.projection}, not ${subscriptionId}`);
  }
}
