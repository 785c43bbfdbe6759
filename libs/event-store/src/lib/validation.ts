import { isUuid, newEventId } from './event-id';
import type { EventData, ExpectedState, ReadStreamOptions, StreamMetadata } from './event-store';
import type { JsonObject } from './json';

/** An event ready for storage: the id is settled before the first attempt so retries reuse it. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

const isPlainObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName.length === 0) throw new TypeError('stream name must be a non-empty string');
  // `$` names are the server's own in EventStoreDB ($all, $ce-..., $$metadata); keep both adapters alike.
  if (streamName.startsWith('$')) throw new TypeError(`stream names starting with $ are reserved: ${streamName}`);
}

export function validateExpectedState(expected: ExpectedState): void {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new RangeError(`expected revision must be >= 0, got ${expected}`);
  } else if (expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    throw new TypeError(`unknown expected state: ${String(expected)}`);
  }
}

/** Checks a batch and gives every event its id. */
export function prepareEvents(streamName: string, events: readonly EventData[]): PreparedEvent[] {
  validateStreamName(streamName);
  const seen = new Set<string>();
  return events.map((e, i) => {
    if (typeof e.type !== 'string' || e.type.length === 0) throw new TypeError(`${streamName}: event ${i} needs a non-empty type`);
    if (!isPlainObject(e.data)) throw new TypeError(`${streamName}: event ${i} data must be a JSON object`);
    if (e.metadata !== undefined && !isPlainObject(e.metadata)) throw new TypeError(`${streamName}: event ${i} metadata must be a JSON object`);
    const id = (e.id ?? newEventId()).toLowerCase();
    if (!isUuid(id)) throw new TypeError(`${streamName}: event ${i} id is not a UUID: ${e.id}`);
    if (seen.has(id)) throw new TypeError(`${streamName}: event id ${id} appears twice in one batch`);
    seen.add(id);
    return { id, type: e.type, data: e.data, metadata: e.metadata ?? {} };
  });
}

export function validateReadStream(options: ReadStreamOptions): void {
  if (options.maxCount !== undefined && (!Number.isInteger(options.maxCount) || options.maxCount < 0)) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${options.maxCount}`);
  }
  if (typeof options.fromRevision === 'bigint' && options.fromRevision < 0n) throw new RangeError(`fromRevision must be >= 0, got ${options.fromRevision}`);
}

export function validateMaxCount(maxCount: number): void {
  if (!Number.isInteger(maxCount) || maxCount < 1) throw new RangeError(`maxCount must be a positive integer, got ${maxCount}`);
}

export function validateMetadata(metadata: StreamMetadata): void {
  const positiveInt = (name: string, v: number | undefined): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('maxCount', metadata.maxCount);
  positiveInt('maxAgeSeconds', metadata.maxAgeSeconds);
  if (metadata.truncateBefore !== undefined && metadata.truncateBefore < 0n) throw new RangeError('truncateBefore must be >= 0');
  if (metadata.custom !== undefined && !isPlainObject(metadata.custom)) throw new TypeError('custom metadata must be a JSON object');
}

/** The expected-state rule both the in-memory adapter and the SQL function apply. */
export function expectedStateHolds(expected: ExpectedState, revision: bigint, deleted: boolean): boolean {
  const exists = revision >= 0n && !deleted;
  if (expected === 'any') return true;
  if (expected === 'no_stream') return !exists;
  if (expected === 'stream_exists') return exists;
  return expected === revision;
}

/** Largest revision PostgreSQL's bigint can hold: `'end'` as a bound. */
export const MAX_REVISION = 2n ** 63n - 1n;

/** `'start'` and `'end'` as inclusive revision bounds, the same in every adapter. */
export const revisionBound = (from: bigint | 'start' | 'end'): bigint => (from === 'start' ? 0n : from === 'end' ? MAX_REVISION : from);
