import { claimIdOfStream, decodeClaimEvent, isClaimEventType, type ClaimEvent } from '@fpi/claims-domain';
import { fromJson, type JsonValue, type RecordedEvent } from '@fpi/event-store';
import type { StreamEvent } from './claim-row';

/**
 * A stored claim event as the projection wants it. Both encodings the write side may use are accepted:
 * the event store's `{"$bigint": "..."}` markers (its default codec) and the domain codec's decimal strings
 * in `...Fen` fields; `fromJson` turns the first into bigints and `decodeClaimEvent` the second.
 * Returns null for a stream outside the claim category.
 */
export function toStreamEvent(recorded: RecordedEvent): StreamEvent | null {
  const claimId = claimIdOfStream(recorded.streamName);
  if (claimId === null) return null;
  const revision = Number(recorded.revision);
  if (!isClaimEventType(recorded.type)) return { claimId, revision, event: null };
  const event: ClaimEvent = decodeClaimEvent({ type: recorded.type, data: fromJson(recorded.data as JsonValue) });
  return { claimId, revision, event };
}
