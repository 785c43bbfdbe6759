import { Headers, Topics } from '../topics';
import { CLAIM_EVENTS_SOURCE, SETTLEMENTS_SOURCE, claimEventCeType, settlementCeType } from './cloudevents';
import type { ClaimEventTypeV1, SettlementEventTypeV1 } from './events';
import type { JsonSchema } from './json-schema';
import { claimEventSchemasV1, settlementEventSchemasV1 } from './schemas';

/** Payload schemas are JSON Schema 2020-12, which AsyncAPI 3 carries as a multi-format schema. */
export const ASYNCAPI_PAYLOAD_FORMAT = 'application/schema+json;version=draft-2020-12';
const KAFKA_BINDING_VERSION = '0.5.0';

function cloudEventsHeaders(ceType: string, source: string): JsonSchema {
  return {
    type: 'object',
    required: [Headers.specVersion, Headers.id, Headers.type, Headers.source, Headers.time, Headers.subject, Headers.contentType],
    properties: {
      [Headers.specVersion]: { type: 'string', const: '1.0' },
      [Headers.id]: { type: 'string', description: 'Event id, equal to payload.eventId. Delivery is at-least-once: de-duplicate on it.' },
      [Headers.type]: { type: 'string', const: ceType },
      [Headers.source]: { type: 'string', const: source },
      [Headers.time]: { type: 'string', description: 'When the step happened (payload.occurredAt), RFC 3339 UTC.' },
      [Headers.subject]: { type: 'string', description: 'Claim id, also the Kafka key.' },
      [Headers.contentType]: { type: 'string', const: 'application/json' },
    },
  };
}

function message(type: string, ceType: string, source: string, schema: JsonSchema): Record<string, unknown> {
  return {
    name: type,
    title: schema.title,
    summary: schema.description,
    contentType: 'application/json',
    headers: cloudEventsHeaders(ceType, source),
    payload: { schemaFormat: ASYNCAPI_PAYLOAD_FORMAT, schema },
    correlationId: { location: `$message.header#/${Headers.subject}` },
    bindings: { kafka: { key: { type: 'string', description: 'Claim id: all events of a claim share a partition, in order.' }, bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

/**
 * The AsyncAPI 3.0 description of both claim topics, built from the same schemas the services validate with.
 * `asyncapi.json` beside this file is its serialised form for tooling; a unit test keeps the two identical.
 */
export function claimsAsyncApiDocument(): Record<string, unknown> {
  const eventTypes = Object.keys(claimEventSchemasV1) as ClaimEventTypeV1[];
  const settlementTypes = Object.keys(settlementEventSchemasV1) as SettlementEventTypeV1[];
  const componentMessages: Record<string, unknown> = {};
  for (const type of eventTypes) {
    componentMessages[`events.${type}`] = message(type, claimEventCeType(type), CLAIM_EVENTS_SOURCE, claimEventSchemasV1[type]);
  }
  for (const type of settlementTypes) {
    componentMessages[`settlements.${type}`] = message(type, settlementCeType(type), SETTLEMENTS_SOURCE, settlementEventSchemasV1[type]);
  }
  const refs = (prefix: string, types: readonly string[]) =>
    Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${prefix}.${type}` }]));
  const channelRefs = (channel: string, types: readonly string[]) => types.map((type) => ({ $ref: `#/channels/${channel}/messages/${type}` }));

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'FPI claims integration events',
      version: '1.2.0',
      description: [
        'Events published by the claims service of the family-planning household accident insurance platform (计生家庭意外伤害保险).',
        'Delivery is at-least-once: de-duplicate on the ce_id header (= eventId). The Kafka key is the claim id, so one claim\'s',
        'events keep their order; `sequence` is the revision in the claim stream, ignore one already applied. Money is integer fen',
        'as a decimal string. Resident ID numbers are masked; names, phones and bank accounts are never published.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: {
      claimEvents: {
        address: Topics.claimEvents,
        title: 'Claim lifecycle events',
        description: 'Every step of every claim, for the platform\'s read models (fast-track queue, audit timeline, reporting).',
        messages: refs('events', eventTypes),
        bindings: { kafka: { topic: Topics.claimEvents, bindingVersion: KAFKA_BINDING_VERSION } },
      },
      settlements: {
        address: Topics.settlements,
        title: 'Claim settlements',
        description: 'The integrator contract: payments, reversals and final rejections, each with the whole claim summarised.',
        messages: refs('settlements', settlementTypes),
        bindings: { kafka: { topic: Topics.settlements, bindingVersion: KAFKA_BINDING_VERSION } },
      },
    },
    operations: {
      publishClaimEvents: {
        action: 'send',
        title: 'The claims service publishes lifecycle events',
        channel: { $ref: '#/channels/claimEvents' },
        messages: channelRefs('claimEvents', eventTypes),
      },
      publishSettlements: {
        action: 'send',
        title: 'The claims service publishes settlements',
        channel: { $ref: '#/channels/settlements' },
        messages: channelRefs('settlements', settlementTypes),
      },
    },
    components: { messages: componentMessages },
  };
}
