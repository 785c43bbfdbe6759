import { decodeClaimEvent, encodeClaimEvent, type ClaimEvent } from '@fpi/claims-domain';
import type { EventCodec, JsonObject, RecordedEvent } from '@fpi/event-store';

/**
 * Claim events in the store: the domain's own JSON codec (fen as decimal strings, restored by the `...Fen`
 * naming rule), so a KurrentDB or PostgreSQL reader, a projection and the relay all read the same bodies.
 */
export const claimEventCodec: EventCodec<ClaimEvent> = {
  encode: (event) => {
    const { type, data } = encodeClaimEvent(event);
    return { type, data: data as JsonObject };
  },
  decode: (recorded) => decodeClaimEvent({ type: recorded.type, data: recorded.data }),
};

/** A claim event together with where it sits in its stream (absent on an event not yet written). */
export interface TrackedClaimEvent {
  readonly event: ClaimEvent;
  readonly id?: string;
  readonly revision?: bigint;
  readonly metadata?: JsonObject;
}

/**
 * The write path's codec: decoding keeps the stored id, revision and metadata next to the domain event,
 * so the decider wrapper can check `If-Match` against the revision it folded and recognise a command
 * whose events are already in the stream.
 */
export function trackedClaimCodec(): EventCodec<TrackedClaimEvent> {
  return {
    encode: ({ event }) => claimEventCodec.encode(event),
    decode: (recorded: RecordedEvent) => ({
      event: claimEventCodec.decode(recorded),
      id: recorded.id,
      revision: recorded.revision,
      metadata: recorded.metadata,
    }),
  };
}
