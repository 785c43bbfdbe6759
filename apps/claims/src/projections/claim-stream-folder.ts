import { claimIdOfStream, isClaimEventType, type ClaimDecider, type ClaimEvent, type ClaimState } from '@fpi/claims-domain';
import type { EventStore, RecordedEvent } from '@fpi/event-store';
import { claimEventCodec } from '../shared/claim-codec';

/** A claim event read from `$all`, with the claim's state after it. */
export interface FoldedClaimEvent {
  readonly claimId: string;
  readonly recorded: RecordedEvent;
  readonly event: ClaimEvent;
  readonly state: ClaimState;
}

/**
 * Folds claim streams as their events come by in `$all` order, for readers that need the state after each
 * event (the projector, the relay). The last state of recently seen claims is kept, so the usual case (the
 * next revision of a claim already seen, or a new claim) costs no read; after a restart, an eviction or a
 * gap the stream is read up to the event. Bounded, least recently used first out.
 */
export class ClaimStreamFolder {
  private readonly cache = new Map<string, { revision: bigint; state: ClaimState }>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: ClaimDecider,
    private readonly maxClaims = 5_000,
  ) {}

  /**
   * The claim after `recorded`; null for an event that is not a claim event (a foreign type in a `claim-`
   * stream cannot be folded or published, and must not stop every reader behind it).
   */
  async advance(recorded: RecordedEvent): Promise<FoldedClaimEvent | null> {
    const claimId = claimIdOfStream(recorded.streamName);
    if (claimId === null || !isClaimEventType(recorded.type)) return null;
    const event = claimEventCodec.decode(recorded);
    const cached = this.cache.get(recorded.streamName);
    let state: ClaimState;
    if (cached && cached.revision === recorded.revision - 1n) state = this.decider.evolve(cached.state, event);
    else if (recorded.revision === 0n) state = this.decider.evolve(this.decider.initialState(), event);
    else state = await this.foldUpTo(recorded.streamName, recorded.revision);
    this.cache.delete(recorded.streamName);
    this.cache.set(recorded.streamName, { revision: recorded.revision, state });
    if (this.cache.size > this.maxClaims) this.cache.delete(this.cache.keys().next().value as string);
    return { claimId, recorded, event, state };
  }

  /** Forget everything (after a failed page, whose events will be delivered again). */
  reset(): void {
    this.cache.clear();
  }

  private async foldUpTo(streamName: string, revision: bigint): Promise<ClaimState> {
    const events = await this.store.readStream(streamName, { maxCount: Number(revision) + 1 });
    return events
      .filter((e) => e.revision <= revision && isClaimEventType(e.type))
      .reduce((s, e) => this.decider.evolve(s, claimEventCodec.decode(e)), this.decider.initialState());
  }
}
