import type { ClaimEventTypeV1, ClaimEventV1, SettlementEventTypeV1, SettlementEventV1 } from './events';
import { validateJson, type JsonSchema, type ValidationResult } from './json-schema';
import { claimEventSchemasV1, settlementEventSchemasV1 } from './schemas';

function byType<T extends string>(schemas: Readonly<Record<T, JsonSchema>>, topic: string, value: unknown): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { valid: false, errors: ['$: expected object'] };
  const type = (value as { type?: unknown }).type;
  // Picking the schema by discriminator (instead of trying the whole oneOf) keeps the errors about the event's own fields.
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, type)) {
    return { valid: false, errors: [`$.type: ${JSON.stringify(type)} is not an event type of ${topic}`] };
  }
  return validateJson(schemas[type as T], value);
}

/** Checks a parsed message of `fpi.claims.events.v1` against the schema of its `type`. */
export function validateClaimEventV1(value: unknown): ValidationResult {
  return byType<ClaimEventTypeV1>(claimEventSchemasV1, 'fpi.claims.events.v1', value);
}

/** Checks a parsed message of `fpi.claims.settlements.v1` against the schema of its `type`. */
export function validateSettlementEventV1(value: unknown): ValidationResult {
  return byType<SettlementEventTypeV1>(settlementEventSchemasV1, 'fpi.claims.settlements.v1', value);
}

export function isClaimEventV1(value: unknown): value is ClaimEventV1 {
  return validateClaimEventV1(value).valid;
}

export function isSettlementEventV1(value: unknown): value is SettlementEventV1 {
  return validateSettlementEventV1(value).valid;
}
