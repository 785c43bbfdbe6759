import type { EventData, RecordedEvent } from './event-store';
import type { JsonObject, JsonValue } from './json';

/**
 * Translates one aggregate's domain events to and from stored JSON. Each event type should be
 * round-tripped through its codec in a unit test: `decode(encode(e))` must deep-equal `e`.
 */
export interface EventCodec<E> {
  /** Domain event -> type, JSON body and metadata (the id is added by the write path). */
  encode(event: E): Omit<EventData, 'id'>;
  /** Stored event -> domain event. */
  decode(recorded: RecordedEvent): E;
}

/**
 * Marker of an encoded bigint: `{"$bigint":"-12345"}`. An object rather than a string with a suffix,
 * so no legitimate string value can be mistaken for a bigint, and SQL can still read it
 * (`(data->'amountFen'->>'$bigint')::bigint`).
 */
export const BIGINT_MARKER = '$bigint';
const BIGINT_TEXT = /^-?(0|[1-9][0-9]*)$/;

/**
 * Converts a value to JSON exactly: bigint becomes `{"$bigint":"<digits>"}`; undefined object
 * properties are dropped and -0 becomes 0 (as JSON does). Anything JSON cannot carry back unchanged (Date, Map, Set,
 * class instances, NaN, Infinity, functions, symbols, undefined in arrays) and plain objects that
 * already look like a bigint marker are refused, so a round trip either is exact or fails loudly.
 */
export function toJson(value: unknown, path = '$'): JsonValue {
  switch (typeof value) {
    case 'bigint':
      return { [BIGINT_MARKER]: value.toString() };
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} cannot be stored as JSON`);
      // JSON has no negative zero (JSON.stringify(-0) is "0"); say so here rather than after a round trip.
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          if (item === undefined) throw new TypeError(`${path}[${i}]: undefined in an array cannot be stored as JSON`);
          return toJson(item, `${path}[${i}]`);
        });
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: ${(value as object).constructor?.name ?? 'object'} is not a plain object; encode it explicitly (e.g. a Date as an ISO string)`);
      }
      if (isBigintMarker(value)) throw new TypeError(`${path}: an object shaped like the bigint marker {"${BIGINT_MARKER}": "..."} is reserved`);
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) out[k] = toJson(v, `${path}.${k}`);
      }
      return out;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be stored as JSON`);
  }
}

function isBigintMarker(value: object): value is { [BIGINT_MARKER]: string } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BIGINT_MARKER && typeof (value as Record<string, unknown>)[BIGINT_MARKER] === 'string';
}

/** Inverse of {@link toJson}: bigint markers become bigint again. */
export function fromJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') {
    if (isBigintMarker(value)) {
      const text = value[BIGINT_MARKER];
      if (!BIGINT_TEXT.test(text)) throw new TypeError(`malformed bigint marker: ${JSON.stringify(text)}`);
      return BigInt(text);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v);
    return out;
  }
  return value;
}

/** The shape the default codec handles: the decider convention `{ type, data, metadata? }`. */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
  readonly metadata?: object;
}

/**
 * The default codec for events shaped `{ type, data, metadata? }`: the type is stored as the event
 * type, `data` and `metadata` as JSON with bigint values kept exact (see {@link toJson}).
 * Pass `types` to refuse to decode event types this aggregate does not know.
 */
export function jsonEventCodec<E extends DomainEvent>(options: { types?: readonly E['type'][] } = {}): EventCodec<E> {
  const known = options.types ? new Set<string>(options.types) : undefined;
  return {
    encode(event) {
      if (typeof event?.type !== 'string' || event.type.length === 0) throw new TypeError('an event needs a non-empty string type');
      const data = toJson(event.data, `${event.type}.data`);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TypeError(`${event.type}.data must be an object`);
      if (event.metadata === undefined) return { type: event.type, data };
      const metadata = toJson(event.metadata, `${event.type}.metadata`);
      if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError(`${event.type}.metadata must be an object`);
      return { type: event.type, data, metadata };
    },
    decode(recorded) {
      if (known && !known.has(recorded.type)) throw new TypeError(`${recorded.streamName}@${recorded.revision}: unknown event type ${recorded.type}`);
      const event: { type: string; data: unknown; metadata?: unknown } = { type: recorded.type, data: fromJson(recorded.data) };
      // Metadata the store adds on its own is empty; keep the decoded event equal to what was encoded.
      if (Object.keys(recorded.metadata).length > 0) event.metadata = fromJson(recorded.metadata);
      return event as E;
    },
  };
}
