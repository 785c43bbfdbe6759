import type { Pool, PoolClient } from 'pg';
import type { ConsumedMessage } from '@fpi/messaging';
import { inTransaction } from '@fpi/platform';
import { claimFactsProjection, foldInto, policyFactsProjection, type ProjectionEvent, type Projection } from '@fpi/reporting-domain';
import { CLAIM_TABLE, fromDb, POLICY_TABLE, upsertStatement, type FactTable } from './fact-rows';
import { assertGenerationSchema } from './projection-schema';

/**
 * The thin, impure half of the projections: for one batch of one partition it loads the rows the batch
 * touches, folds the events through the pure `evolve` functions, and writes the changed rows together with
 * the consumed position in one transaction. Three guards make redelivery harmless:
 * - the partition's stored position: offsets below it were applied already (the row lock on the position
 *   also serialises two consumers that briefly both own the partition during a rebalance);
 * - the event id, recorded in `applied_events` (a relay that republishes under a new offset);
 * - the per-aggregate revision inside `evolve` (anything at or below the applied revision is a no-op).
 */
export class ProjectionWriter {
  readonly schema: string;

  constructor(private readonly pool: Pool, schema: string) {
    this.schema = assertGenerationSchema(schema);
  }

  async apply(topic: string, partition: number, messages: readonly ConsumedMessage<ProjectionEvent>[]): Promise<void> {
    if (messages.length === 0) return;
    await this.inTransaction(async (c) => {
      const from = await this.lockPosition(c, topic, partition);
      const fresh = messages.filter((m) => BigInt(m.offset) >= from);
      if (fresh.length === 0) return;

      const first = new Map<string, ConsumedMessage<ProjectionEvent>>();
      for (const m of fresh) if (!first.has(m.value.eventId)) first.set(m.value.eventId, m);
      const { rows: inserted } = await c.query<{ event_id: string }>(
        `INSERT INTO ${this.schema}.applied_events (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [[...first.keys()]],
      );
      const unseen = new Set(inserted.map((r) => r.event_id));
      const events = fresh.filter((m) => unseen.has(m.value.eventId) && first.get(m.value.eventId) === m).map((m) => m.value);

      await this.project(c, POLICY_TABLE, policyFactsProjection, events);
      await this.project(c, CLAIM_TABLE, claimFactsProjection, events);

      const lastEventAt = events.reduce<string | null>((max, e) => (max === null || e.occurredAt > max ? e.occurredAt : max), null);
      const last = fresh[fresh.length - 1] as ConsumedMessage<ProjectionEvent>;
      await c.query(
        `UPDATE ${this.schema}.checkpoints
            SET next_offset = $3, events_applied = events_applied + $4,
                last_event_at = GREATEST(last_event_at, $5::timestamptz), applied_at = now(),
                first_offset = LEAST(COALESCE(first_offset, $6::bigint), $6::bigint)
          WHERE topic = $1 AND partition = $2`,
        [topic, partition, (BigInt(last.offset) + 1n).toString(), events.length, lastEventAt, (messages[0] as ConsumedMessage<ProjectionEvent>).offset],
      );
    });
  }

  /**
   * Moves the position past messages that were dead-lettered (never applied, never to be retried).
   * `firstOffset` is the batch's first: when that message was the poison one, `apply` saw only those after it.
   * The first offset recorded is the least ever received, whichever of the two calls came first.
   */
  async advance(topic: string, partition: number, firstOffset: string, nextOffset: string): Promise<void> {
    await this.inTransaction(async (c) => {
      await this.lockPosition(c, topic, partition);
      await c.query(
        `UPDATE ${this.schema}.checkpoints SET next_offset = GREATEST(next_offset, $3::bigint), applied_at = now(), first_offset = LEAST(COALESCE(first_offset, $4::bigint), $4::bigint) WHERE topic = $1 AND partition = $2`,
        [topic, partition, nextOffset, firstOffset],
      );
    });
  }

  /** Creates the partition's position if needed and locks it, in one round trip (the upsert takes the row lock). */
  private async lockPosition(c: PoolClient, topic: string, partition: number): Promise<bigint> {
    const { rows } = await c.query<{ next_offset: string }>(
      `INSERT INTO ${this.schema}.checkpoints AS cp (topic, partition, next_offset) VALUES ($1, $2, 0)
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = cp.next_offset RETURNING next_offset`,
      [topic, partition],
    );
    return BigInt(rows[0]?.next_offset ?? '0');
  }

  private async project<R>(c: PoolClient, table: FactTable<R>, projection: Projection<R>, events: readonly ProjectionEvent[]): Promise<void> {
    const keys = [...new Set(events.map((e) => projection.keyOf(e)).filter((k): k is string => k !== undefined))];
    if (keys.length === 0) return;
    const { rows: existing } = await c.query(`SELECT * FROM ${this.schema}.${table.table} WHERE ${table.key} = ANY($1::text[])`, [keys]);
    const rows = new Map<string, R | null>(existing.map((r: Record<string, unknown>) => [String(r[table.key]), fromDb(table, r)]));
    const changed = foldInto(projection, rows, events);
    const upserts: R[] = [];
    const deletes: string[] = [];
    for (const key of changed) {
      const row = rows.get(key) ?? null;
      if (row === null) deletes.push(key);
      else upserts.push(row);
    }
    if (upserts.length > 0) {
      const { text, values } = upsertStatement(table, this.schema, upserts);
      await c.query(text, values);
    }
    if (deletes.length > 0) await c.query(`DELETE FROM ${this.schema}.${table.table} WHERE ${table.key} = ANY($1::text[])`, [deletes]);
  }

  private inTransaction(work: (c: PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.pool, work);
  }

}
