import { Inject, Injectable } from '@nestjs/common';
import { ApiError, can, CLOCK, type Clock, type Principal, type RegionScope } from '@fpi/platform';
import type { Pool } from 'pg';
import { QUEUE_ITEM_COLUMNS, queueItemOf, type QueueItem, type QueueItemRow } from '../queue-item.response';
import { QUEUE_OPTIONS, type QueueOptions } from '../queue.options';
import { QUEUE_POOL } from '../queue.tokens';
import { APPROVER_ACTIONS, CLAIM_NOT_FOUND, type QueueAction } from '../queue.vocabulary';
import { effectiveRegions, queueRegionCondition, type RegionRequest } from '../shared/region-filter';
import { isoOf, prepared, SqlParams } from '../shared/sql';

const HOUR_MS = 3_600_000;

export interface Lease {
  claimId: string;
  handlerId: string;
  takenAt: string;
  leaseExpiresAt: string;
}

interface LeaseRow {
  claim_id: string;
  action: string | null;
  assignee: string | null;
  lease_taken_at: Date | null;
  lease_expires_at: Date | null;
}

const LEASE_COLUMNS = 'q.claim_id, q.action, q.assignee, q.lease_taken_at, q.lease_expires_at';

/**
 * The caller's region as a condition on `q` (the queue's rule: a township token reaches its households'
 * claims), numbered after the statement's own parameters `fixed` ($1, $2, ...).
 */
function inScope(scope: RegionScope, ...fixed: unknown[]): { text: string; values: unknown[] } {
  const p = new SqlParams();
  for (const value of fixed) p.param(value);
  const text = queueRegionCondition(effectiveRegions(scope, {}), p);
  return { text, values: p.values };
}

/** `'approve'`: the actions a handler is never given, as SQL literals (see `next`); codes of this file, checked to be plain words. */
const APPROVER_ACTION_LITERALS = APPROVER_ACTIONS.map((a) => {
  if (!/^[a-z_]+$/.test(a)) throw new Error(`not an action code: ${a}`);
  return `'${a}'`;
}).join(', ');

const leaseOf = (row: LeaseRow): Lease => ({
  claimId: row.claim_id,
  handlerId: row.assignee as string,
  takenAt: isoOf(row.lease_taken_at) as string,
  leaseExpiresAt: isoOf(row.lease_expires_at) as string,
});

interface Waiter {
  handlerId: string;
  resolve: (item: QueueItem | null) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  waiting: Waiter[];
  inFlight: number;
}

/** next-claim's statement parameters $1-$4: the handlers in turn, now, the lease's end, how many. */
const BATCH_PARAMS = 4;
/** Most callers one next-claim statement serves; the rest wait for the following one. */
const MAX_BATCH = 32;
/** Statements in flight at once for one part of the queue: one can wait for its commit while others run. */
const MAX_IN_FLIGHT = 4;

/** Roles that may take a claim away from whoever holds it. */
const mayOverride = (p: Principal): boolean => p.role === 'supervisor' || p.role === 'admin';

/**
 * Work assignment: a handler holds a claim under a lease that expires unless renewed. Each operation is one
 * conditional UPDATE of the claim's row, so the row lock decides every race: two handlers can never both
 * hold a claim, because the second UPDATE re-reads the row after the first commits and its condition
 * ("nobody holds it, or the lease has expired by now") no longer holds. Expiry is judged against the
 * injected clock, never the database's, so tests (and replays) control it.
 *
 * When an UPDATE changes nothing, the row is read again to say why (404, held, not held); that answer can
 * be a moment stale, which is harmless because it changes nothing.
 */
@Injectable()
export class QueueLeases {
  /** Callers of `next` waiting for a statement, by statement (see `takeTogether`). */
  private readonly batches = new Map<string, Batch>();

  constructor(
    @Inject(QUEUE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  /** Takes a claim (or extends the caller's own lease). 409 QUEUE.CLAIM_HELD names the holder and the expiry. */
  async take(claimId: string, principal: Principal, scope: RegionScope): Promise<Lease> {
    // A second attempt only when the holder let go between the refused UPDATE and the explaining read.
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now();
      const region = inScope(scope, claimId, principal.sub, now, new Date(now.getTime() + this.options.leaseMs));
      const { rows } = await this.pool.query<LeaseRow>(
        `UPDATE queue_claims q
            SET assignee = $2, lease_expires_at = $4,
                lease_taken_at = CASE WHEN q.assignee = $2 AND q.lease_expires_at > $3 THEN q.lease_taken_at ELSE $3 END
          WHERE q.claim_id = $1 AND q.action IS NOT NULL AND ${region.text}
            AND (q.assignee IS NULL OR q.lease_expires_at <= $3 OR q.assignee = $2)
        RETURNING ${LEASE_COLUMNS}`,
        region.values,
      );
      if (rows[0]) return leaseOf(rows[0]);
      const row = await this.visibleRow(claimId, scope);
      if (row.action === null) throw notQueued(claimId);
      const stillHeld = row.assignee !== null && row.lease_expires_at !== null && new Date(row.lease_expires_at).getTime() > now.getTime();
      if (stillHeld || attempt >= 2) throw held(row);
    }
  }

  /** Extends the caller's unexpired lease by the lease length from now. */
  async renew(claimId: string, principal: Principal, scope: RegionScope): Promise<Lease> {
    const now = this.clock.now();
    const region = inScope(scope, claimId, principal.sub, now, new Date(now.getTime() + this.options.leaseMs));
    const { rows } = await this.pool.query<LeaseRow>(
      `UPDATE queue_claims q SET lease_expires_at = $4
        WHERE q.claim_id = $1 AND ${region.text} AND q.assignee = $2 AND q.lease_expires_at > $3
      RETURNING ${LEASE_COLUMNS}`,
      region.values,
    );
    if (rows[0]) return leaseOf(rows[0]);
    throw this.whyNotHeld(await this.visibleRow(claimId, scope), principal, now);
  }

  /** Gives a claim back to the queue; supervisors and admins may release anyone's lease. */
  async release(claimId: string, principal: Principal, scope: RegionScope): Promise<void> {
    const now = this.clock.now();
    const region = inScope(scope, claimId, now, principal.sub);
    const { rowCount } = await this.pool.query(
      `UPDATE queue_claims q SET assignee = NULL, lease_expires_at = NULL, lease_taken_at = NULL
        WHERE q.claim_id = $1 AND ${region.text} AND q.assignee IS NOT NULL AND q.lease_expires_at > $2 AND (q.assignee = $3 OR ${mayOverride(principal) ? 'TRUE' : 'FALSE'})`,
      region.values,
    );
    if (rowCount === 1) return;
    throw this.whyNotHeld(await this.visibleRow(claimId, scope), principal, now);
  }

  /** A supervisor gives the claim to a handler, whoever held it before. */
  async reassign(claimId: string, handlerId: string, minutes: number | undefined, scope: RegionScope): Promise<Lease> {
    const now = this.clock.now();
    const ms = minutes === undefined ? this.options.leaseMs : minutes * 60_000;
    const region = inScope(scope, claimId, handlerId, now, new Date(now.getTime() + ms));
    const { rows } = await this.pool.query<LeaseRow>(
      `UPDATE queue_claims q SET assignee = $2, lease_taken_at = $3, lease_expires_at = $4
        WHERE q.claim_id = $1 AND q.action IS NOT NULL AND ${region.text}
      RETURNING ${LEASE_COLUMNS}`,
      region.values,
    );
    if (rows[0]) return leaseOf(rows[0]);
    await this.visibleRow(claimId, scope);
    throw notQueued(claimId);
  }

  /**
   * Atomically takes the first free claim of the caller's region in queue order (fast-track first, then
   * earliest due). "Free" is two index probes, each `FOR UPDATE SKIP LOCKED`: the top of the unassigned
   * part of the queue (a partial index in exactly that order: `queue_claims_county_unassigned`, or for a
   * handler `queue_claims_county_unassigned_work`, which leaves out the approvals a handler may not take
   * instead of stepping over them on every call), and the top claim whose lease has expired by the service
   * clock (`queue_claims_leases`); the better of the two is taken. SKIP LOCKED lets concurrent callers pass
   * over a row another caller is taking instead of queueing behind it, and each probe's condition is
   * re-checked on the row's latest version once locked, so a claim taken in between is skipped rather than
   * taken twice. A handler is never given an approval, and nobody is given the approval of a claim they
   * assessed (four eyes). Callers asking at the same moment for the same part of the queue share one
   * statement (`takeTogether`), which takes one claim for each of them.
   *
   * Plan: the statement is prepared, and PostgreSQL reuses one generic plan for it only when that plan is
   * as good as the custom ones. The excluded actions are therefore literals (a closed vocabulary of the
   * code, never input): as an array parameter, `action <> ALL($n)` made the generic plan sort the whole
   * county, so every call was planned afresh, which cost more than executing it.
   *
   * Durability: the leases are committed with `synchronous_commit = off`, set for this transaction only
   * (`set_config(..., true)`) inside the statement, so it stays one round trip. The commit then returns
   * before its WAL reaches the disk; only a crash of PostgreSQL or its host in the following moment (at most
   * 3 x wal_writer_delay, 600 ms by default) can lose it, and then the whole transaction is lost, never
   * part of it. What a crash can lose is leases, and a lost lease is an unassigned claim: the state a lease
   * expiry or a release gives, which the queue already handles (the claim is offered again; the former
   * holder's renewal answers QUEUE.LEASE_NOT_ACTIVE or QUEUE.NOT_LEASE_HOLDER, as after an expiry). It
   * cannot hand one claim to two live handlers: that is decided by row locks and visibility, which
   * asynchronous commit does not change (the next caller sees a lease as soon as it is committed). Nor can
   * it lose work on a claim: every change to a claim is an event appended with its own durable commit, and
   * any later synchronous commit on the cluster (a renewal, a projection page) flushes the lease's WAL
   * before its own. The explicit take, renewal, release and reassignment stay synchronous: they are rare,
   * and a supervisor's reassignment should not be undone by a crash.
   */
  async next(principal: Principal, scope: RegionScope, request: RegionRequest & { actions?: QueueAction[] }): Promise<QueueItem | null> {
    const regions = effectiveRegions(scope, request);
    if (regions.prefixes !== 'all' && regions.prefixes.length === 0) return null;
    const p = new SqlParams();
    // $1-$4 belong to the batch (see takeTogether); the conditions' values follow and, with the text, name the batch.
    for (let i = 0; i < BATCH_PARAMS; i++) p.param(null);
    p.where('c.action IS NOT NULL');
    p.where(queueRegionCondition(regions, p, 'c'));
    if (request.actions) p.where('c.action = ANY($?::text[])', request.actions);
    if (!can(principal.role, 'claims:approve')) p.where(`c.action NOT IN (${APPROVER_ACTION_LITERALS})`);
    else p.where(`c.action <> 'approve' OR c.assessed_by IS DISTINCT FROM $?`, principal.sub);
    const text = `WITH free AS (SELECT c.claim_id, c.queue_rank FROM queue_claims c WHERE ${p.clause} AND c.assignee IS NULL
                        ORDER BY c.queue_rank, c.claim_id LIMIT $4 FOR UPDATE SKIP LOCKED),
              expired AS (SELECT c.claim_id, c.queue_rank FROM queue_claims c WHERE ${p.clause} AND c.assignee IS NOT NULL AND c.lease_expires_at <= $2
                        ORDER BY c.queue_rank, c.claim_id LIMIT $4 FOR UPDATE SKIP LOCKED),
              pick AS (SELECT claim_id, row_number() OVER (ORDER BY queue_rank, claim_id) AS turn
                         FROM (SELECT * FROM free UNION ALL SELECT * FROM expired) candidates ORDER BY queue_rank, claim_id LIMIT $4),
              async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
         UPDATE queue_claims q SET assignee = ($1::text[])[pick.turn], lease_taken_at = $2, lease_expires_at = $3
           FROM pick, async_commit
          WHERE q.claim_id = pick.claim_id
        RETURNING pick.turn, ${QUEUE_ITEM_COLUMNS}`;
    return this.takeTogether(text, p.values.slice(BATCH_PARAMS), principal.sub);
  }

  /**
   * Request coalescing, as a database coalesces commits: at most MAX_IN_FLIGHT statements per statement
   * (text and condition values: the same part of the queue under the same rules); callers arriving while
   * they run wait, and the next statement serves all of them at once, in order of arrival, the first in
   * line receiving the first claim in queue order. Without it, sixteen handlers asking at once were sixteen
   * statements racing for the top of one index: each stepped over the rows the others had locked and over
   * the index entries of the claims just taken (an entry is marked dead only once no running transaction
   * can still see its row), so every call paid for all the others, several times the work of taking the
   * claim. A batch steps over them once. The answers are those of separate calls: each caller receives a
   * different claim or none (none when fewer claims are free than callers), in queue order, under the same
   * leases; across service instances SKIP LOCKED keeps batches apart as it keeps single takes apart.
   */
  private takeTogether(text: string, conditionValues: unknown[], handlerId: string): Promise<QueueItem | null> {
    const key = `${text}\u0000${JSON.stringify(conditionValues)}`;
    return new Promise((resolve, reject) => {
      let batch = this.batches.get(key);
      if (!batch) {
        batch = { waiting: [], inFlight: 0 };
        this.batches.set(key, batch);
      }
      batch.waiting.push({ handlerId, resolve, reject });
      if (batch.inFlight < MAX_IN_FLIGHT) void this.serve(key, batch, text, conditionValues);
    });
  }

  /** One statement for the callers waiting now; then, while callers wait and no other statement serves them, the next. */
  private async serve(key: string, batch: Batch, text: string, conditionValues: unknown[]): Promise<void> {
    batch.inFlight += 1;
    while (batch.waiting.length > 0) {
      const turn = batch.waiting.splice(0, MAX_BATCH);
      try {
        const now = this.clock.now();
        const { rows } = await this.pool.query<QueueItemRow & { turn: string }>(
          prepared(text, [turn.map((w) => w.handlerId), now, new Date(now.getTime() + this.options.leaseMs), turn.length, ...conditionValues]),
        );
        const byTurn = new Map(rows.map((r) => [Number(r.turn), r]));
        turn.forEach((w, i) => {
          const row = byTurn.get(i + 1);
          w.resolve(row ? queueItemOf(row, now, this.options.dueSoonHours * HOUR_MS) : null);
        });
      } catch (error) {
        for (const w of turn) w.reject(error);
      }
    }
    batch.inFlight -= 1;
    // No await between the last look at `waiting` and here, so nobody can have joined unnoticed.
    if (batch.inFlight === 0) this.batches.delete(key);
  }

  /** Who holds a claim now (for the command layer, e.g. to refuse work on a claim someone else holds). */
  async holderOf(claimId: string): Promise<Omit<Lease, 'claimId'> | null> {
    const { rows } = await this.pool.query<LeaseRow>(
      `SELECT ${LEASE_COLUMNS} FROM queue_claims q WHERE q.claim_id = $1 AND q.assignee IS NOT NULL AND q.lease_expires_at > $2`,
      [claimId, this.clock.now()],
    );
    if (!rows[0]) return null;
    const { claimId: _id, ...lease } = leaseOf(rows[0]);
    return lease;
  }

  /** The claim's lease, when it exists and lies in the caller's region; the same 404 for absent and foreign. */
  private async visibleRow(claimId: string, scope: RegionScope): Promise<LeaseRow> {
    const region = inScope(scope, claimId);
    const { rows } = await this.pool.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM queue_claims q WHERE q.claim_id = $1 AND ${region.text}`, region.values);
    if (!rows[0]) throw new ApiError('not_found', CLAIM_NOT_FOUND.code, CLAIM_NOT_FOUND.message);
    return rows[0];
  }

  private whyNotHeld(row: LeaseRow, principal: Principal, now: Date): ApiError {
    const active = row.assignee !== null && row.lease_expires_at !== null && new Date(row.lease_expires_at).getTime() > now.getTime();
    if (active && row.assignee !== principal.sub) {
      return new ApiError('forbidden', 'QUEUE.NOT_LEASE_HOLDER', `claim ${row.claim_id} is held by ${row.assignee}, not by you.`, {
        claimId: row.claim_id,
        heldBy: row.assignee,
        until: isoOf(row.lease_expires_at),
      });
    }
    return new ApiError('conflict', 'QUEUE.LEASE_NOT_ACTIVE', `you hold no unexpired lease on claim ${row.claim_id}; take it again.`, { claimId: row.claim_id });
  }
}

const notQueued = (claimId: string): ApiError =>
  new ApiError('conflict', 'QUEUE.NOT_QUEUED', `claim ${claimId} needs no action (closed or withdrawn), so it cannot be taken.`, { claimId });

function held(row: LeaseRow): ApiError {
  const until = isoOf(row.lease_expires_at);
  return new ApiError('conflict', 'QUEUE.CLAIM_HELD', `claim ${row.claim_id} is held by ${row.assignee} until ${until}.`, { claimId: row.claim_id, heldBy: row.assignee, until });
}
