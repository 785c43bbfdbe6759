import { claimEventMessage, enrollmentEventMessage, type ClaimEventV1, type EnrollmentEvent } from '@fpi/contracts';

/** A Kafka message as a producer sends it: key, JSON text, CloudEvents headers. */
export interface SourceEventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * An enrollment or claim event as its service's relay puts it on its topic (the contracts' message of the
 * event, JSON-encoded), for tests and benchmarks that play that service.
 */
export function sourceEventMessage(e: EnrollmentEvent | ClaimEventV1): SourceEventMessage {
  const m = 'claimId' in e ? claimEventMessage(e) : enrollmentEventMessage(e);
  return { key: m.key, value: JSON.stringify(m.value), headers: m.headers };
}
