import { Inject, Injectable } from '@nestjs/common';
import type { EnrollmentEvent } from '@fpi/contracts';
import { writeOutbox, type OutboundMessage } from '@fpi/messaging';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from '../shared/tokens';
import type { Tx } from '../shared/sql';
import { outboundMessageOf } from './enrollment-events';

/** Above this many events (a gifted batch), the outbox is written with one set-based statement. */
const BULK_THRESHOLD = 64;

/**
 * Writes events to the outbox and the audit history inside the command's transaction: the relay publishes
 * them after commit, and a rolled-back command leaves neither behind.
 */
@Injectable()
export class EventWriter {
  constructor(@Inject(ENROLLMENT_SETTINGS) private readonly settings: EnrollmentSettings) {}

  async write(tx: Tx, events: EnrollmentEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((e) => outboundMessageOf(e, this.settings.eventsTopic));
    if (messages.length <= BULK_THRESHOLD) await writeOutbox(tx, messages);
    else await writeOutboxInBulk(tx, messages);
    await tx.query(
      `INSERT INTO aggregate_history (aggregate_type, aggregate_id, revision, change_type, occurred_at, actor, event_id)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::uuid[])`,
      [
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map((e) => e.revision),
        events.map((e) => e.type),
        events.map((e) => e.occurredAt),
        events.map((e) => e.actor),
        events.map((e) => e.eventId),
      ],
    );
  }
}

/**
 * The same rows `writeOutbox` writes (same table, columns and duplicate rule), sent as one JSON document
 * that PostgreSQL parses once and splits with jsonb_to_recordset. writeOutbox binds nine parameters per
 * message into a VALUES list; for the thousands of events of a gifted batch that statement's parsing and
 * planning took several times longer than the rows' insertion. Insertion order (the relay's order) is
 * the array order, kept by WITH ORDINALITY.
 */
export async function writeOutboxInBulk(tx: Tx, messages: OutboundMessage[]): Promise<void> {
  const rows = messages.map((m) => ({ id: m.id, topic: m.topic, key: m.key, type: m.type, source: m.source, subject: m.subject ?? null, time: m.time, value: m.value, headers: m.headers ?? {} }));
  await tx.query(
    `INSERT INTO outbox (message_id, topic, key, type, source, subject, time, payload, headers)
     SELECT m.id, m.topic, m.key, m.type, m.source, m.subject, m.time, m.value, m.headers
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, n),
            jsonb_to_record(e.doc) AS m(id uuid, topic text, key text, type text, source text, subject text, time timestamptz, value jsonb, headers jsonb)
      ORDER BY e.n
     ON CONFLICT (message_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
