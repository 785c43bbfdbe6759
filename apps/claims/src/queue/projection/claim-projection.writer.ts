import { fromJson, toJson, type JsonValue } from '@fpi/event-store';
import type { ExistingClaim } from '@fpi/claims-domain';
import type { ActorRole } from '@fpi/contracts';
import type { Pool, PoolClient } from 'pg';
import type { TimelineEntry } from '../../timeline/timeline-entry';
import { inTransaction, isoOf } from '../shared/sql';
import { projectEvent, projectEvents } from './claim-projection';
import { isGap, queueFieldsOf, type ClaimRow, type StreamEvent } from './claim-row';

/** Reads a claim's whole stream: how the writer heals a gap in the revisions it received. */
export type HistoryLoader = (claimId: string) => Promise<StreamEvent[]>;

/** The subscription position to record with the rows. */
export interface ProjectionCheckpoint {
  projection: string;
  position: string;
}

export interface ApplyOutcome {
  /** Events that changed a claim (replays excluded). */
  applied: number;
  /** Claims re-read from the event store because revisions were missing. */
  healed: string[];
}

const STATE_COLUMNS = `claim_id text, revision bigint, state jsonb, last_event_at timestamptz, last_step_at timestamptz, last_actor_id text, last_actor_role text`;

const UPSERT_STATES = `
INSERT INTO queue_claim_states (claim_id, revision, state, last_event_at, last_step_at, last_actor_id, last_actor_role)
SELECT r.claim_id, r.revision, r.state, r.last_event_at, r.last_step_at, r.last_actor_id, r.last_actor_role
  FROM jsonb_to_recordset($1::jsonb) AS r(${STATE_COLUMNS})
ON CONFLICT (claim_id) DO UPDATE
   SET revision = EXCLUDED.revision, state = EXCLUDED.state, last_event_at = EXCLUDED.last_event_at,
       last_step_at = EXCLUDED.last_step_at, last_actor_id = EXCLUDED.last_actor_id, last_actor_role = EXCLUDED.last_actor_role
 WHERE queue_claim_states.revision < EXCLUDED.revision`;

const QUEUE_COLUMNS = [
  'claim_id text', 'revision bigint', 'status text', 'action text', 'fast_track boolean', 'fast_track_reasons text[]', 'benefits text[]',
  'region_code text', 'city_code text', 'county_code text', 'township_code text', 'village_code text', 'deadline_kind text', 'deadline_cycle integer',
  'due_at timestamptz', 'deadline_paused boolean', 'remaining_ms bigint', 'queue_rank bigint', 'cycle integer', 'reported_at timestamptz',
  'last_event_at timestamptz', 'last_step_at timestamptz', 'last_actor_id text', 'last_actor_role text', 'assessed_by text',
  'claimed_fen bigint', 'assessed_fen bigint', 'approved_fen bigint', 'paid_fen bigint', 'breach_count integer', 'reopen_count integer',
];
const QUEUE_NAMES = QUEUE_COLUMNS.map((c) => c.split(' ')[0] as string);

// The lease is not derived from events: the projection keeps it, except that a claim with nothing left to
// do (closed, withdrawn) cannot stay held by anyone.
const UPSERT_QUEUE = `
INSERT INTO queue_claims (${QUEUE_NAMES.join(', ')})
SELECT ${QUEUE_NAMES.map((n) => `r.${n}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(${QUEUE_COLUMNS.join(', ')})
ON CONFLICT (claim_id) DO UPDATE
   SET ${QUEUE_NAMES.filter((n) => n !== 'claim_id').map((n) => `${n} = EXCLUDED.${n}`).join(', ')},
       assignee = CASE WHEN EXCLUDED.action IS NULL THEN NULL ELSE queue_claims.assignee END,
       lease_expires_at = CASE WHEN EXCLUDED.action IS NULL THEN NULL ELSE queue_claims.lease_expires_at END,
       lease_taken_at = CASE WHEN EXCLUDED.action IS NULL THEN NULL ELSE queue_claims.lease_taken_at END
 WHERE queue_claims.revision < EXCLUDED.revision`;

const ENTRY_COLUMNS = [
  'claim_id text', 'revision bigint', 'event_type text', 'at timestamptz', 'actor_id text', 'actor_role text', 'step_ms bigint',
  'deadline_state text', 'deadline_kind text', 'due_at timestamptz', 'reason_codes text[]', 'flags text[]', 'fast_track boolean',
  'status_after text', 'cycle integer', 'amount_fen bigint', 'detail jsonb',
];
const ENTRY_NAMES = ENTRY_COLUMNS.map((c) => c.split(' ')[0] as string);

const INSERT_ENTRIES = `
INSERT INTO timeline_entries (${ENTRY_NAMES.join(', ')})
SELECT ${ENTRY_NAMES.map((n) => `r.${n}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(${ENTRY_COLUMNS.join(', ')})
ON CONFLICT (claim_id, revision) DO NOTHING`;

const stateRecord = (row: ClaimRow) => ({
  claim_id: row.claimId,
  revision: row.revision,
  state: toJson(row.state),
  last_event_at: row.lastEventAt,
  last_step_at: row.lastStepAt,
  last_actor_id: row.lastActor.id,
  last_actor_role: row.lastActor.role,
});

const text = (v: bigint | null): string | null => (v === null ? null : v.toString());

function queueRecord(row: ClaimRow) {
  const f = queueFieldsOf(row);
  return {
    claim_id: f.claimId,
    revision: f.revision,
    status: f.status,
    action: f.action,
    fast_track: f.fastTrack,
    fast_track_reasons: f.fastTrackReasons,
    benefits: f.benefits,
    region_code: f.regionCode,
    city_code: f.cityCode,
    county_code: f.countyCode,
    township_code: f.townshipCode,
    village_code: f.villageCode,
    deadline_kind: f.deadline?.kind ?? null,
    deadline_cycle: f.deadline?.cycle ?? null,
    due_at: f.deadline?.dueAt ?? null,
    deadline_paused: f.deadline?.paused ?? false,
    remaining_ms: f.deadline?.remainingMs ?? null,
    queue_rank: f.queueRank,
    cycle: f.cycle,
    reported_at: f.reportedAt,
    last_event_at: f.lastEventAt,
    last_step_at: f.lastStepAt,
    last_actor_id: f.lastActor.id,
    last_actor_role: f.lastActor.role,
    assessed_by: f.assessedBy,
    claimed_fen: text(f.claimedFen),
    assessed_fen: text(f.assessedFen),
    approved_fen: text(f.approvedFen),
    paid_fen: f.paidFen.toString(),
    breach_count: f.breachCount,
    reopen_count: f.reopenCount,
  };
}

const entryRecord = (e: TimelineEntry) => ({
  claim_id: e.claimId,
  revision: e.revision,
  event_type: e.type,
  at: e.at,
  actor_id: e.actorId,
  actor_role: e.actorRole,
  step_ms: e.stepMs,
  deadline_state: e.deadline.state,
  deadline_kind: e.deadline.kind,
  due_at: e.deadline.dueAt,
  reason_codes: e.reasonCodes,
  flags: e.flags,
  fast_track: e.fastTrack,
  status_after: e.statusAfter,
  cycle: e.cycle,
  amount_fen: text(e.amountFen),
  detail: e.detail,
});

interface StateDbRow {
  claim_id: string;
  revision: string | number | bigint;
  state: JsonValue;
  last_event_at: Date;
  last_step_at: Date;
  last_actor_id: string;
  last_actor_role: string;
}

const byClaimId = <T extends { claimId: string }>(a: T, b: T): number => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0);

/**
 * The thin, impure half of the claims read models. For a batch of claim events (in `$all` order) it locks
 * and loads the rows the batch touches, folds the events through the pure projection, and writes the
 * changed rows, the new timeline lines and the subscription position in one transaction. Redelivery is
 * harmless at three levels: the per-claim revision guard in `evolve`, the `WHERE revision <` guard of the
 * upserts, and `ON CONFLICT DO NOTHING` on (claim, revision) for timeline lines.
 *
 * Rows are locked and written in claim-id order, the same order the lease operations use when they touch
 * several rows, so two transactions can never wait on each other in a cycle.
 */
export class ClaimProjectionWriter {
  constructor(
    private readonly pool: Pool,
    private readonly loadHistory?: HistoryLoader,
  ) {}

  async apply(events: readonly StreamEvent[], checkpoint?: ProjectionCheckpoint): Promise<ApplyOutcome> {
    if (events.length === 0 && checkpoint === undefined) return { applied: 0, healed: [] };
    return inTransaction(this.pool, async (c) => {
      // One writer per projection at a time: a second replica waits here instead of interleaving batches.
      if (checkpoint) await this.lockCheckpoint(c, checkpoint.projection);
      const ids = [...new Set(events.map((e) => e.claimId))].sort();
      const rows = await this.loadRows(c, ids);
      const changed = new Set<string>();
      const entries: TimelineEntry[] = [];
      const healed: string[] = [];
      let applied = 0;
      for (const e of events) {
        const before = rows.get(e.claimId) ?? null;
        if (isGap(before, e)) {
          if (!this.loadHistory) throw new Error(`claim ${e.claimId}: revision ${e.revision} arrived after ${before?.revision ?? 'nothing'}, and no history loader can fill the gap`);
          const history = await this.loadHistory(e.claimId);
          const missing = history.filter((h) => h.revision > (before?.revision ?? -1));
          const { row, entries: added } = projectEvents(before, missing);
          if (row !== before) {
            rows.set(e.claimId, row);
            changed.add(e.claimId);
          }
          entries.push(...added);
          applied += added.length;
          healed.push(e.claimId);
          continue;
        }
        const step = projectEvent(before, e);
        if (step.row !== before) {
          rows.set(e.claimId, step.row);
          changed.add(e.claimId);
          applied += 1;
        }
        if (step.entry) entries.push(step.entry);
      }
      const written = [...changed].map((id) => rows.get(id)).filter((r): r is ClaimRow => r !== null && r !== undefined).sort(byClaimId);
      if (written.length > 0) {
        await c.query(UPSERT_STATES, [JSON.stringify(written.map(stateRecord))]);
        await c.query(UPSERT_QUEUE, [JSON.stringify(written.map(queueRecord))]);
      }
      if (entries.length > 0) await c.query(INSERT_ENTRIES, [JSON.stringify(entries.map(entryRecord))]);
      if (checkpoint) {
        await c.query(
          `UPDATE queue_projection_checkpoints SET position = $2, events_applied = events_applied + $3, updated_at = now() WHERE projection = $1`,
          [checkpoint.projection, checkpoint.position, applied],
        );
      }
      return { applied, healed };
    });
  }

  /** The stored position of a projection, undefined before its first batch (or after a reset). */
  async position(projection: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ position: string | null }>('SELECT position FROM queue_projection_checkpoints WHERE projection = $1', [projection]);
    return rows[0]?.position ?? undefined;
  }

  async status(projection: string): Promise<{ position: string | null; eventsApplied: number; updatedAt: string | null }> {
    const { rows } = await this.pool.query<{ position: string | null; events_applied: string; updated_at: Date }>(
      'SELECT position, events_applied, updated_at FROM queue_projection_checkpoints WHERE projection = $1',
      [projection],
    );
    const r = rows[0];
    return { position: r?.position ?? null, eventsApplied: Number(r?.events_applied ?? 0), updatedAt: r ? isoOf(r.updated_at) : null };
  }

  /**
   * Prepares a rebuild from the start of the event store, in place: the timeline and the remembered states
   * go, every queue row is marked unapplied (revision -1, out of the queue) and the position is forgotten.
   * Replaying then rewrites each row; the leases on them survive, because no event can recreate them.
   */
  async resetForRebuild(projection: string): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await this.lockCheckpoint(c, projection);
      await c.query('TRUNCATE timeline_entries, queue_claim_states');
      await c.query('UPDATE queue_claims SET revision = -1, action = NULL');
      await c.query('UPDATE queue_projection_checkpoints SET position = NULL, events_applied = 0, updated_at = now() WHERE projection = $1', [projection]);
    });
  }

  private async lockCheckpoint(c: PoolClient, projection: string): Promise<void> {
    // Creates the row on first use and row-locks it, in one statement (the no-op update takes the lock).
    await c.query('INSERT INTO queue_projection_checkpoints (projection) VALUES ($1) ON CONFLICT (projection) DO UPDATE SET projection = EXCLUDED.projection', [projection]);
  }

  private async loadRows(c: PoolClient, ids: readonly string[]): Promise<Map<string, ClaimRow | null>> {
    const rows = new Map<string, ClaimRow | null>();
    if (ids.length === 0) return rows;
    const { rows: found } = await c.query<StateDbRow>(
      `SELECT claim_id, revision, state, last_event_at, last_step_at, last_actor_id, last_actor_role
         FROM queue_claim_states WHERE claim_id = ANY($1::text[]) ORDER BY claim_id FOR UPDATE`,
      [ids],
    );
    for (const r of found) {
      rows.set(r.claim_id, {
        claimId: r.claim_id,
        revision: Number(r.revision),
        state: fromJson(typeof r.state === 'string' ? (JSON.parse(r.state) as JsonValue) : r.state) as ExistingClaim,
        lastEventAt: isoOf(r.last_event_at) as string,
        lastStepAt: isoOf(r.last_step_at) as string,
        lastActor: { id: r.last_actor_id, role: r.last_actor_role as ActorRole },
      });
    }
    return rows;
  }
}
