import { createHash } from 'node:crypto';

/**
 * Event ids are derived from aggregate and revision, so that a change re-written after an ambiguous commit
 * gets the same id and consumers de-duplicate it; each revision of an aggregate has exactly one event.
 */
export function eventIdFor(aggregateType: 'household' | 'policy', aggregateId: string, revision: number): string {
  const h = createHash('sha256').update(`fpi.enrollment:${aggregateType}:${aggregateId}:${revision}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
