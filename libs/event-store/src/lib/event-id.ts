import { createHash, randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical textual form (any version). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Namespace of the event ids this platform derives. Fixed for ever: changing it would give a retried
 * command new ids, and the retry would be written a second time.
 */
export const EVENT_ID_NAMESPACE = '6f1c1f3e-5b0e-4c8a-9d43-2f7e0b6a91d5';

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new TypeError(`namespace is not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 4122 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the `index`-th event a command produces, derived from the command's idempotency key.
 * Every attempt of the same command (a client retry after a timeout, a redelivered message) yields
 * the same ids, and the store's per-stream uniqueness of ids turns the repeat into a no-op.
 */
export function deriveEventId(idempotencyKey: string, index: number, namespace: string = EVENT_ID_NAMESPACE): string {
  if (idempotencyKey.length === 0) throw new TypeError('idempotency key must not be empty');
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`event index must be a non-negative integer, got ${index}`);
  return uuidV5(`${idempotencyKey}#${index}`, namespace);
}

/** A random event id, for events that have no idempotency key. */
export const newEventId = (): string => randomUUID();
