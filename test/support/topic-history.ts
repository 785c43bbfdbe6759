import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { decodeClaimEvent, evolve, initialState, type ClaimState } from '@fpi/claims-domain';
import { Headers } from '@fpi/contracts';
import { createKafka } from '@fpi/messaging';
import { eventually } from '@fpi/testing';

/** A message as read back: its topic, key, JSON value and headers, and its CloudEvents id (what consumers de-duplicate on). */
export interface ReadMessage {
  topic: string;
  key: string;
  id: string;
  value: Record<string, unknown>;
  text: string;
  headers: Record<string, string>;
}

/**
 * Everything on `topics` from their first offset, with a consumer group of its own, until `enough(messages)`
 * holds (and then `settleMs` more, so that a message that should not be there has the time to show up).
 */
export async function readFromStart(brokers: string[], topics: readonly string[], enough: (messages: readonly ReadMessage[]) => boolean, what: string, settleMs = 0): Promise<ReadMessage[]> {
  const consumer = createKafka({ clientId: `reader-${randomUUID()}`, brokers }).consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const read: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
        const text = message.value?.toString('utf8') ?? '';
        read.push({ topic, key: message.key?.toString() ?? '', id: headers[Headers.id] ?? '', value: JSON.parse(text || '{}') as Record<string, unknown>, text, headers });
      },
    });
    await eventually(async () => (enough(read) ? true : undefined), what, 60_000, 200);
    if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
    return [...read];
  } finally {
    await consumer.disconnect();
  }
}

/** The messages with the first of each CloudEvents id only (at-least-once delivery, de-duplicated as consumers do). */
export const distinctById = (messages: readonly ReadMessage[]): ReadMessage[] => {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.id) && seen.add(m.id));
};

/** Every claim stream of a claims database's PostgreSQL event store, with its event types and its state folded by the domain. */
export async function storedClaims(databaseUrl: string): Promise<{ stream: string; types: string[]; claim: ClaimState }[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    const { rows } = await pool.query<{ stream_name: string; event_type: string; data: unknown }>(
      `SELECT stream_name, event_type, data FROM es_events WHERE stream_name LIKE 'claim-%' ORDER BY stream_name, revision`,
    );
    const streams = new Map<string, { type: string; data: unknown }[]>();
    for (const r of rows) streams.set(r.stream_name, [...(streams.get(r.stream_name) ?? []), { type: r.event_type, data: r.data }]);
    return [...streams].map(([stream, events]) => ({ stream, types: events.map((e) => e.type), claim: events.map(decodeClaimEvent).reduce(evolve, initialState()) }));
  } finally {
    await pool.end();
  }
}
