import { Inject, Injectable } from '@nestjs/common';
import type { EnrollmentEvent } from '@fpi/contracts';
import { OUTBOX_BUNDLE_TYPE, outboxBundleRow, type OutboundMessage } from '@fpi/messaging';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from '../shared/tokens';
import { combinedStatement, integerArray, Params, textArray, type Tx } from '../shared/sql';
import { outboundMessageOf } from './enrollment-events';

/**
 * Writes events to the outbox and the audit history inside the command's transaction: the relay publishes
 * them after commit, and a rolled-back command leaves neither behind.
 */
@Injectable()
export class EventWriter {
  constructor(@Inject(ENROLLMENT_SETTINGS) private readonly settings: EnrollmentSettings) {}

  /** One statement, whatever the number of events. */
  async write(tx: Tx, events: EnrollmentEvent[]): Promise<void> {
    if (events.length === 0) return;
    const p = new Params();
    await tx.query(combinedStatement(this.writeParts(p, events)), p.values);
  }

  /**
   * The INSERTs of `write` (outbox, then history), for a caller combining them with other parts into one
   * statement. One event is one outbox row; the events of a command that emits several travel as bundles of
   * at most OUTBOX_BUNDLE_MAX_MESSAGES (one row each), in the order given.
   */
  writeParts(p: Params, events: EnrollmentEvent[]): string[] {
    if (events.length === 0) return [];
    const messages = events.map((e) => outboundMessageOf(e, this.settings.eventsTopic));
    const outbox: string[] = [];
    if (messages.length === 1) outbox.push(outboxInsertPart(p, messages));
    else for (let i = 0; i < messages.length; i += OUTBOX_BUNDLE_MAX_MESSAGES) outbox.push(outboxBundleInsertPart(p, messages.slice(i, i + OUTBOX_BUNDLE_MAX_MESSAGES)));
    return [
      ...outbox,
      `INSERT INTO aggregate_history (aggregate_type, aggregate_id, revision, change_type, occurred_at, actor, event_id)
       SELECT * FROM unnest(${p.add(textArray(events.map((e) => e.aggregateType)))}::text[], ${p.add(textArray(events.map((e) => e.aggregateId)))}::uuid[],
                            ${p.add(integerArray(events.map((e) => e.revision)))}::int[], ${p.add(textArray(events.map((e) => e.type)))}::text[],
                            ${p.add(textArray(events.map((e) => e.occurredAt)))}::timestamptz[], ${p.add(textArray(events.map((e) => e.actor)))}::text[],
                            ${p.add(textArray(events.map((e) => e.eventId)))}::uuid[])`,
    ];
  }
}

/** Upper bound of one bundle: a gifted-batch chunk (250 households, 500 events, about 750 KB) fits in one. */
export const OUTBOX_BUNDLE_MAX_MESSAGES = 1000;

/**
 * The row `writeOutboxBundle` (@fpi/messaging) writes, as a part of a combined statement: one row for all of
 * `messages`, their documents compressed together, for the relay to expand in order.
 */
export function outboxBundleInsertPart(p: Params, messages: OutboundMessage[]): string {
  const row = outboxBundleRow(messages);
  return `INSERT INTO outbox (message_id, topic, key, type, source, time, payload, message_count)
     VALUES (${p.add(row.messageId)}::uuid, ${p.add(row.topic)}, '', '${OUTBOX_BUNDLE_TYPE}', ${p.add(row.source)}, ${p.add(row.time)}::timestamptz, ${p.add(row.payloadJson)}::json, ${p.add(row.messageCount)}::int)
     ON CONFLICT (message_id) DO NOTHING`;
}

/**
 * The rows `writeOutbox` (@fpi/messaging) writes (same table, columns and duplicate rule), as one INSERT
 * whatever their number: the documents travel as one JSON array that PostgreSQL splits into its elements
 * (parsing it once), the other columns as array literals, zipped side by side by ROWS FROM. writeOutbox
 * binds nine parameters per message, and for the thousands of events of a gifted batch parsing and
 * planning that statement took longer than inserting the rows. Rows are inserted in array order (a
 * function scan feeding the insert), which is the relay's order.
 */
export function outboxInsertPart(p: Params, messages: OutboundMessage[]): string {
  return `INSERT INTO outbox (message_id, topic, key, type, source, subject, time, payload, headers)
     SELECT m.id, m.topic, m.key, m.type, m.source, m.subject, m.time, m.payload, m.headers::jsonb
       FROM ROWS FROM (unnest(${p.add(textArray(messages.map((m) => m.id)))}::uuid[]), unnest(${p.add(textArray(messages.map((m) => m.topic)))}::text[]),
                       unnest(${p.add(textArray(messages.map((m) => m.key)))}::text[]), unnest(${p.add(textArray(messages.map((m) => m.type)))}::text[]),
                       unnest(${p.add(textArray(messages.map((m) => m.source)))}::text[]), unnest(${p.add(textArray(messages.map((m) => m.subject ?? null)))}::text[]),
                       unnest(${p.add(textArray(messages.map((m) => m.time)))}::timestamptz[]),
                       json_array_elements(${p.add(JSON.stringify(messages.map((m) => m.value)))}::json),
                       json_array_elements(${p.add(JSON.stringify(messages.map((m) => m.headers ?? {})))}::json))
         AS m(id, topic, key, type, source, subject, time, payload, headers)
     ON CONFLICT (message_id) DO NOTHING`;
}
