import { cloudEventHeaders, type ContractMessage } from '../cloudevents';
import { Topics } from '../topics';
import type { ClaimEventV1, SettlementEventV1 } from './events';

/** CloudEvents `source` of the claim lifecycle topic. */
export const CLAIM_EVENTS_SOURCE = '/fpi/claims';
/** CloudEvents `source` of the settlement topic; (source, id) is unique, so a settlement may reuse its domain event's id. */
export const SETTLEMENTS_SOURCE = '/fpi/claims/settlements';

/** `ce_type` of a lifecycle event, e.g. `fpi.claims.ClaimPaid.v1`. */
export const claimEventCeType = (type: ClaimEventV1['type']): string => `fpi.claims.${type}.v1`;
/** `ce_type` of a settlement event, e.g. `fpi.claims.settlement.ClaimSettled.v1`. */
export const settlementCeType = (type: SettlementEventV1['type']): string => `fpi.claims.settlement.${type}.v1`;

/** The Kafka message (CloudEvents binary mode) carrying a lifecycle event on `fpi.claims.events.v1`. */
export function claimEventMessage(event: ClaimEventV1): ContractMessage<ClaimEventV1> {
  return {
    topic: Topics.claimEvents,
    key: event.claimId,
    headers: cloudEventHeaders(event.eventId, claimEventCeType(event.type), CLAIM_EVENTS_SOURCE, event.occurredAt, event.claimId),
    value: event,
  };
}

/** The Kafka message (CloudEvents binary mode) carrying a settlement event on `fpi.claims.settlements.v1`. */
export function settlementMessage(event: SettlementEventV1): ContractMessage<SettlementEventV1> {
  return {
    topic: Topics.settlements,
    key: event.claimId,
    headers: cloudEventHeaders(event.eventId, settlementCeType(event.type), SETTLEMENTS_SOURCE, event.occurredAt, event.claimId),
    value: event,
  };
}
