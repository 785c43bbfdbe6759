import { claimEventMessage } from './claims/cloudevents';
import type { ClaimEventV1 } from './claims/events';
import { enrollmentEventMessage } from './enrollment/cloudevents';
import type { EnrollmentEvent } from './enrollment/events';

/** A Kafka message as a producer sends it: key, JSON text, CloudEvents headers. */
export interface EncodedEventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * An enrollment or claim event as its service's relay puts it on its topic (the contract's message of the
 * event, JSON-encoded), for tests, benchmarks and tools that play that service.
 */
export function sourceEventMessage(e: EnrollmentEvent | ClaimEventV1): EncodedEventMessage {
  const m = 'claimId' in e ? claimEventMessage(e) : enrollmentEventMessage(e);
  return { key: m.key, value: JSON.stringify(m.value), headers: m.headers };
}
