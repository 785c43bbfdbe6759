import { Inject, Injectable } from '@nestjs/common';
import { ApiError, can, CLOCK, type Clock, type Principal, type RegionScope } from '@fpi/platform';
import type { Pool } from 'pg';
import { QUEUE_ITEM_COLUMNS, queueItemOf, type QueueItem, type QueueItemRow } from '../queue-item.response';
import { QUEUE_OPTIONS, type QueueOptions } from '../queue.options';
import { QUEUE_POOL } from '../queue.tokens';
import { APPROVER_ACTIONS, CLAIM_NOT_FOUND, type QueueAction } from '../queue.vocabulary';
import { effectiveRegions, regionCondition, type RegionRequest } from '../shared/region-filter';
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
  region_code: string;
  action: string | null;
  assignee: string | null;
  lease_taken_at: Date | null;
  lease_expires_at: Date | null;
}

const LEASE_COLUMNS = 'q.claim_id, q.region_code, q.action, q.assignee, q.lease_taken_at, q.lease_expires_at';

const leaseOf = (row: LeaseRow): Lease => ({
  claimId: row.claim_id,
  handlerId: row.assignee as string,
  takenAt: isoOf(row.lease_taken_at) as string,
  leaseExpiresAt: isoOf(row.lease_expires_at) as string,
});

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
  constructor(
    @Inject(QUEUE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  /** Takes a claim (or extends the caller's own lease). 409 QUEUE.CLAIM_HELD names the holder and the expiry. */
  async take(claimId: string, principal: Principal, scope: RegionScope): Promise<Lease> {
    const region = scope.sqlCondition('q.region_code', 5);
    // A second attempt only when the holder let go between the refused UPDATE and the explaining read.
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now();
      const until = new Date(now.getTime() + this.options.leaseMs);
      const { rows } = await this.pool.query<LeaseRow>(
        `UPDATE queue_claims q
            SET assignee = $2, lease_expires_at = $4,
                lease_taken_at = CASE WHEN q.assignee = $2 AND q.lease_expires_at > $3 THEN q.lease_taken_at ELSE $3 END
          WHERE q.claim_id = $1 AND q.action IS NOT NULL AND ${region.text}
            AND (q.assignee IS NULL OR q.lease_expires_at <= $3 OR q.assignee = $2)
        RETURNING ${LEASE_COLUMNS}`,
        [claimId, principal.sub, now, until, ...region.values],
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
    const until = new Date(now.getTime() + this.options.leaseMs);
    const region = scope.sqlCondition('q.region_code', 5);
    const { rows } = await this.pool.query<LeaseRow>(
      `UPDATE queue_claims q SET lease_expires_at = $4
        WHERE q.claim_id = $1 AND ${region.text} AND q.assignee = $2 AND q.lease_expires_at > $3
      RETURNING ${LEASE_COLUMNS}`,
      [claimId, principal.sub, now, until, ...region.values],
    );
    if (rows[0]) return leaseOf(rows[0]);
    throw this.whyNotHeld(await this.visibleRow(claimId, scope), principal, now);
  }

  /** Gives a claim back to the queue; supervisors and admins may release anyone's lease. */
  async release(claimId: string, principal: Principal, scope: RegionScope): Promise<void> {
    const now = this.clock.now();
    const region = scope.sqlCondition('q.region_code', 4);
    const { rowCount } = await this.pool.query(
      `UPDATE queue_claims q SET assignee = NULL, lease_expires_at = NULL, lease_taken_at = NULL
        WHERE q.claim_id = $1 AND ${region.text} AND q.assignee IS NOT NULL AND q.lease_expires_at > $2 AND (q.assignee = $3 OR ${mayOverride(principal) ? 'TRUE' : 'FALSE'})`,
      [claimId, now, principal.sub, ...region.values],
    );
    if (rowCount === 1) return;
    throw this.whyNotHeld(await this.visibleRow(claimId, scope), principal, now);
  }

  /** A supervisor gives the claim to a handler, whoever held it before. */
  async reassign(claimId: string, handlerId: string, minutes: number | undefined, scope: RegionScope): Promise<Lease> {
    const now = this.clock.now();
    const ms = minutes === undefined ? this.options.leaseMs : minutes * 60_000;
    const region = scope.sqlCondition('q.region_code', 5);
    const { rows } = await this.pool.query<LeaseRow>(
      `UPDATE queue_claims q SET assignee = $2, lease_taken_at = $3, lease_expires_at = $4
        WHERE q.claim_id = $1 AND q.action IS NOT NULL AND ${region.text}
      RETURNING ${LEASE_COLUMNS}`,
      [claimId, handlerId, now, new Date(now.getTime() + ms), ...region.values],
    );
    if (rows[0]) return leaseOf(rows[0]);
    await this.visibleRow(claimId, scope);
    throw notQueued(claimId);
  }

  /**
   * Atomically takes the first free claim of the caller's region in queue order (fast-track first, then
   * earliest due), in one statement. "Free" is two index probes, each `FOR UPDATE SKIP LOCKED`: the top of
   * the unassigned part of the queue, and the top claim whose lease has expired by the service clock; the
   * better of the two is taken. SKIP LOCKED lets concurrent callers pass over a row another caller is
   * taking instead of queueing behind it, and each probe's condition is re-checked on the row's latest
   * version once locked, so a claim taken in between is skipped rather than taken twice. A handler is never
   * given an approval, and nobody is given the approval of a claim they assessed (four eyes).
   */
  async next(principal: Principal, scope: RegionScope, request: RegionRequest & { actions?: QueueAction[] }): Promise<QueueItem | null> {
    const regions = effectiveRegions(scope, request);
    if (regions.prefixes !== 'all' && regions.prefixes.length === 0) return null;
    const now = this.clock.now();
    const p = new SqlParams();
    const me = p.param(principal.sub);
    const at = p.param(now);
    const until = p.param(new Date(now.getTime() + this.options.leaseMs));
    p.where('c.action IS NOT NULL');
    p.where(regionCondition(regions, p, 'c'));
    if (request.actions) p.where('c.action = ANY($?::text[])', request.actions);
    if (!can(principal.role, 'claims:approve')) p.where('c.action <> ALL($?::text[])', APPROVER_ACTIONS);
    else p.where(`c.action <> 'approve' OR c.assessed_by IS DISTINCT FROM ${me}`);
    const { rows } = await this.pool.query<QueueItemRow>(
      prepared(
        `WITH free AS (SELECT c.claim_id, c.queue_rank FROM queue_claims c WHERE ${p.clause} AND c.assignee IS NULL
                        ORDER BY c.queue_rank, c.claim_id LIMIT 1 FOR UPDATE SKIP LOCKED),
              expired AS (SELECT c.claim_id, c.queue_rank FROM queue_claims c WHERE ${p.clause} AND c.assignee IS NOT NULL AND c.lease_expires_at <= ${at}
                        ORDER BY c.queue_rank, c.claim_id LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE queue_claims q SET assignee = ${me}, lease_taken_at = ${at}, lease_expires_at = ${until}
           FROM (SELECT claim_id FROM (SELECT * FROM free UNION ALL SELECT * FROM expired) candidates ORDER BY queue_rank, claim_id LIMIT 1) pick
          WHERE q.claim_id = pick.claim_id
        RETURNING ${QUEUE_ITEM_COLUMNS}`,
        p.values,
      ),
    );
    return rows[0] ? queueItemOf(rows[0], now, this.options.dueSoonHours * HOUR_MS) : null;
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

  private async visibleRow(claimId: string, scope: RegionScope): Promise<LeaseRow> {
    const { rows } = await this.pool.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM queue_claims q WHERE q.claim_id = $1`, [claimId]);
    return scope.visible(rows[0], (r) => r.region_code, CLAIM_NOT_FOUND);
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
