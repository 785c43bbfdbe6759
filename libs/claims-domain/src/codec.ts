import { isClaimEventType, type ClaimEvent, type ClaimEventType } from './events';

/**
 * Claim events as JSON. JSON has no bigint, so fen travel as decimal strings; the rule that every fen field
 * is named `...Fen` (and nothing else is a bigint) is what lets the decoder restore them without a schema
 * per event. Encoding a bigint under another name is refused, so the rule cannot be broken silently.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface EncodedClaimEvent {
  type: ClaimEventType;
  data: { [key: string]: JsonValue };
}

const FEN_KEY = /Fen$/;
const INTEGER = /^-?(0|[1-9]\d*)$/;

function toJson(value: unknown, key: string): JsonValue {
  if (typeof value === 'bigint') {
    if (!FEN_KEY.test(key)) throw new TypeError(`bigint outside a ...Fen field: ${key}`);
    return value.toString();
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`non-finite number in ${key}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => toJson(v, key));
  if (typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v, k);
    return out;
  }
  throw new TypeError(`cannot encode ${typeof value} in ${key}`);
}

function fromJson(value: unknown, key: string): unknown {
  if (typeof value === 'string' && FEN_KEY.test(key)) {
    if (!INTEGER.test(value)) throw new TypeError(`${key} is not an integer amount of fen`);
    return BigInt(value);
  }
  if (Array.isArray(value)) return value.map((v) => fromJson(v, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v, k)]));
  }
  return value;
}

/** `{ type, data }` with JSON-safe data, e.g. for a `jsonb` column or an EventStoreDB JSON event. */
export function encodeClaimEvent(event: ClaimEvent): EncodedClaimEvent {
  return { type: event.type, data: toJson(event.data, 'data') as { [key: string]: JsonValue } };
}

export function decodeClaimEvent(encoded: { type: string; data: unknown }): ClaimEvent {
  if (!isClaimEventType(encoded.type)) throw new TypeError(`unknown claim event type ${encoded.type}`);
  if (typeof encoded.data !== 'object' || encoded.data === null) throw new TypeError(`${encoded.type} has no data`);
  return { type: encoded.type, data: fromJson(encoded.data, 'data') } as ClaimEvent;
}

export const serializeClaimEvent = (event: ClaimEvent): string => JSON.stringify(encodeClaimEvent(event));
export const deserializeClaimEvent = (text: string): ClaimEvent => decodeClaimEvent(JSON.parse(text) as EncodedClaimEvent);
