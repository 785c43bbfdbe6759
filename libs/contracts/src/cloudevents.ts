import { Headers } from './topics';

/** A message ready for the producer: JSON-encode `value`; the key keeps each aggregate's events in order. */
export interface ContractMessage<T> {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: T;
}

/** CloudEvents binary-mode headers of a platform message. */
export function cloudEventHeaders(id: string, ceType: string, source: string, time: string, subject: string): Record<string, string> {
  return {
    [Headers.specVersion]: '1.0',
    [Headers.id]: id,
    [Headers.type]: ceType,
    [Headers.source]: source,
    [Headers.time]: time,
    [Headers.subject]: subject,
    [Headers.contentType]: 'application/json',
  };
}
