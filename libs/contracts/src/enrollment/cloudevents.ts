import { cloudEventHeaders, type ContractMessage } from '../cloudevents';
import { Topics } from '../topics';
import { ENROLLMENT_EVENT_SOURCE, enrollmentCloudEventType, type EnrollmentEvent } from './events';

/**
 * The Kafka message (CloudEvents binary mode) carrying a household or policy event on
 * `fpi.enrollment.events.v1`, keyed by its aggregate: what enrollment's outbox relay publishes.
 */
export function enrollmentEventMessage(event: EnrollmentEvent): ContractMessage<EnrollmentEvent> {
  return {
    topic: Topics.enrollmentEvents,
    key: event.aggregateId,
    headers: cloudEventHeaders(event.eventId, enrollmentCloudEventType(event.type), ENROLLMENT_EVENT_SOURCE, event.occurredAt, event.aggregateId),
    value: event,
  };
}
