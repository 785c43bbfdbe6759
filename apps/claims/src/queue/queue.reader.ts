import { Inject, Injectable } from '@nestjs/common';
import { ApiError, CLOCK, LIMITS, type Clock, type Limits, type Principal, type RegionScope } from '@fpi/platform';
import type { Pool } from 'pg';
import type { ListQueueQuery } from './list-queue/list-queue.request.dto';
import { QUEUE_ITEM_COLUMNS, queueItemOf, type QueueItem, type QueueItemRow } from './queue-item.response';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.options';
import { CLAIM_NOT_FOUND, CLAIM_STATUSES, DEADLINE_BUCKETS, QUEUE_ACTIONS, QUEUE_BENEFITS, type DeadlineBucket, type QueueAction } from './queue.vocabulary';
import { decodeCursor, encodeCursor, parseBoolean, parseInteger, parseList, parsePageSize } from './shared/query-values';
import { effectiveRegions, queueRegionCondition, type RegionRequest } from './shared/region-filter';
import { prepared, SqlParams } from './shared/sql';
import { QUEUE_POOL } from './queue.tokens';

const HOUR_MS = 3_600_000;
const HANDLER_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  pageSize: number;
  /** The instant the buckets and lease expiries were judged at (the service clock). */
  asOf: string;
  dueSoonHours: number;
}

export interface QueueBucket {
  action: QueueAction;
  fastTrack: boolean;
  total: number;
  overdue: number;
  dueSoon: number;
  onTime: number;
  paused: number;
  noDeadline: number;
  /** Held by someone under an unexpired lease. */
  held: number;
  /** Held by the caller. */
  mine: number;
}

export interface QueueSummary {
  asOf: string;
  dueSoonHours: number;
  buckets: QueueBucket[];
  totals: Omit<QueueBucket, 'action' | 'fastTrack'>;
}

export interface HandlerLoad {
  handlerId: string;
  held: number;
  fastTrack: number;
  overdue: number;
  dueSoon: number;
  /** The earliest lease expiry among the handler's claims. */
  nextLeaseExpiry: string;
}

interface Cursor extends Record<string, string | number> {
  r: number;
  id: string;
}
const isCursor = (v: unknown): v is Cursor =>
  typeof v === 'object' && v !== null && Number.isSafeInteger((v as Cursor).r) && typeof (v as Cursor).id === 'string' && (v as Cursor).id.length <= 64;

/** The conditions of the five deadline buckets, relative to the request's `now`. */
export function bucketCondition(bucket: DeadlineBucket, now: string, soon: string): string {
  switch (bucket) {
    case 'overdue':
      return `q.due_at < ${now}`;
    case 'due_soon':
      return `q.due_at >= ${now} AND q.due_at < ${soon}`;
    case 'on_time':
      return `q.due_at >= ${soon}`;
    case 'paused':
      return 'q.due_at IS NULL AND q.deadline_paused';
    case 'none':
      return 'q.due_at IS NULL AND NOT q.deadline_paused';
  }
}

/** Reads of the queue: pages in queue order, one claim, and counts per bucket. */
@Injectable()
export class QueueReader {
  constructor(
    @Inject(QUEUE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIMITS) private readonly limits: Limits,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  dueSoonHours(raw: string | undefined): number {
    return parseInteger('dueSoonHours', raw, { min: 1, max: 720, fallback: this.options.dueSoonHours });
  }

  async list(query: ListQueueQuery, principal: Principal, scope: RegionScope): Promise<QueuePage> {
    const pageSize = parsePageSize(query.pageSize, this.limits);
    const dueSoonHours = this.dueSoonHours(query.dueSoonHours);
    const actions = parseList('action', query.action, QUEUE_ACTIONS);
    const statuses = parseList('status', query.status, CLAIM_STATUSES);
    const benefits = parseList('benefit', query.benefit, QUEUE_BENEFITS);
    const buckets = parseList('deadline', query.deadline, DEADLINE_BUCKETS);
    const fastTrack = parseBoolean('fastTrack', query.fastTrack);
    const cursor = decodeCursor(query.cursor, isCursor);
    if (query.assignee !== undefined && !['me', 'none'].includes(query.assignee) && !HANDLER_ID.test(query.assignee)) {
      throw new ApiError('validation', 'REQUEST.UNKNOWN_FILTER_VALUE', 'assignee must be "me", "none" or a handler id.', { field: 'assignee', valid: ['me', 'none', '<handler id>'] });
    }
    const regions = effectiveRegions(scope, query);
    const now = this.clock.now();

    const p = new SqlParams();
    p.where('q.action IS NOT NULL');
    p.where(queueRegionCondition(regions, p));
    if (actions) p.where('q.action = ANY($?::text[])', actions);
    if (statuses) p.where('q.status = ANY($?::text[])', statuses);
    if (benefits) p.where('q.benefits && $?::text[]', benefits);
    if (fastTrack !== undefined) p.where('q.fast_track = $?', fastTrack);
    if (query.assignee === 'none') p.where('q.assignee IS NULL OR q.lease_expires_at <= $?', now);
    else if (query.assignee !== undefined) p.where('q.assignee = $? AND q.lease_expires_at > $?', query.assignee === 'me' ? principal.sub : query.assignee, now);
    if (buckets) {
      // Placeholders only for the instants a bucket uses: PostgreSQL refuses a parameter no clause mentions.
      const needsNow = buckets.some((b) => b === 'overdue' || b === 'due_soon');
      const needsSoon = buckets.some((b) => b === 'due_soon' || b === 'on_time');
      const at = needsNow ? p.param(now) : '';
      const soon = needsSoon ? p.param(new Date(now.getTime() + dueSoonHours * HOUR_MS)) : '';
      p.where(buckets.map((b) => `(${bucketCondition(b, at, soon)})`).join(' OR '));
    }
    if (cursor) p.where('(q.queue_rank, q.claim_id) > ($?::bigint, $?)', cursor.r, cursor.id);
    const limit = p.param(pageSize + 1);
    const { rows } = await this.pool.query<QueueItemRow>(prepared(`SELECT ${QUEUE_ITEM_COLUMNS} FROM queue_claims q WHERE ${p.clause} ORDER BY q.queue_rank, q.claim_id LIMIT ${limit}`, p.values));
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => queueItemOf(r, now, dueSoonHours * HOUR_MS)),
      nextCursor: rows.length > pageSize && last ? encodeCursor({ r: Number(last.queue_rank), id: last.claim_id }) : null,
      pageSize,
      asOf: now.toISOString(),
      dueSoonHours,
    };
  }

  /** One claim's queue row, in the caller's region, or 404. */
  async one(claimId: string, scope: RegionScope): Promise<QueueItem> {
    const p = new SqlParams();
    p.where(`q.claim_id = ${p.param(claimId)}`);
    p.where(queueRegionCondition(effectiveRegions(scope, {}), p));
    const { rows } = await this.pool.query<QueueItemRow>(prepared(`SELECT ${QUEUE_ITEM_COLUMNS} FROM queue_claims q WHERE ${p.clause}`, p.values));
    // Absent and outside the caller's region answer the same 404 (OWASP API1).
    if (!rows[0]) throw new ApiError('not_found', CLAIM_NOT_FOUND.code, CLAIM_NOT_FOUND.message);
    return queueItemOf(rows[0], this.clock.now(), this.options.dueSoonHours * HOUR_MS);
  }

  async summary(region: RegionRequest, dueSoonRaw: string | undefined, principal: Principal, scope: RegionScope): Promise<QueueSummary> {
    const dueSoonHours = this.dueSoonHours(dueSoonRaw);
    const now = this.clock.now();
    const p = new SqlParams();
    const at = p.param(now);
    const soon = p.param(new Date(now.getTime() + dueSoonHours * HOUR_MS));
    const me = p.param(principal.sub);
    p.where('q.action IS NOT NULL');
    p.where(queueRegionCondition(effectiveRegions(scope, region), p));
    const { rows } = await this.pool.query<Record<string, string | boolean>>(
      `SELECT q.action, q.fast_track,
              count(*) AS total,
              count(*) FILTER (WHERE ${bucketCondition('overdue', at, soon)}) AS overdue,
              count(*) FILTER (WHERE ${bucketCondition('due_soon', at, soon)}) AS due_soon,
              count(*) FILTER (WHERE ${bucketCondition('on_time', at, soon)}) AS on_time,
              count(*) FILTER (WHERE ${bucketCondition('paused', at, soon)}) AS paused,
              count(*) FILTER (WHERE ${bucketCondition('none', at, soon)}) AS no_deadline,
              count(*) FILTER (WHERE q.assignee IS NOT NULL AND q.lease_expires_at > ${at}) AS held,
              count(*) FILTER (WHERE q.assignee = ${me} AND q.lease_expires_at > ${at}) AS mine
         FROM queue_claims q
        WHERE ${p.clause}
        GROUP BY q.action, q.fast_track`,
      p.values,
    );
    const order = (b: QueueBucket) => QUEUE_ACTIONS.indexOf(b.action) * 2 + (b.fastTrack ? 0 : 1);
    const buckets: QueueBucket[] = rows
      .map((r) => ({
        action: r['action'] as QueueAction,
        fastTrack: r['fast_track'] as boolean,
        total: Number(r['total']),
        overdue: Number(r['overdue']),
        dueSoon: Number(r['due_soon']),
        onTime: Number(r['on_time']),
        paused: Number(r['paused']),
        noDeadline: Number(r['no_deadline']),
        held: Number(r['held']),
        mine: Number(r['mine']),
      }))
      .sort((a, b) => order(a) - order(b));
    const totals = { total: 0, overdue: 0, dueSoon: 0, onTime: 0, paused: 0, noDeadline: 0, held: 0, mine: 0 };
    for (const b of buckets) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += b[k];
    return { asOf: now.toISOString(), dueSoonHours, buckets, totals };
  }

  /** Who holds how much of the region's queue: the supervisor's view of the team. */
  async handlerLoads(region: RegionRequest, dueSoonRaw: string | undefined, scope: RegionScope): Promise<{ asOf: string; dueSoonHours: number; handlers: HandlerLoad[] }> {
    const dueSoonHours = this.dueSoonHours(dueSoonRaw);
    const now = this.clock.now();
    const p = new SqlParams();
    const at = p.param(now);
    const soon = p.param(new Date(now.getTime() + dueSoonHours * HOUR_MS));
    p.where(`q.assignee IS NOT NULL AND q.lease_expires_at > ${at} AND q.action IS NOT NULL`);
    p.where(queueRegionCondition(effectiveRegions(scope, region), p));
    const { rows } = await this.pool.query<{ assignee: string; held: string; fast_track: string; overdue: string; due_soon: string; next_expiry: Date }>(
      `SELECT q.assignee, count(*) AS held, count(*) FILTER (WHERE q.fast_track) AS fast_track,
              count(*) FILTER (WHERE ${bucketCondition('overdue', at, soon)}) AS overdue,
              count(*) FILTER (WHERE ${bucketCondition('due_soon', at, soon)}) AS due_soon,
              min(q.lease_expires_at) AS next_expiry
         FROM queue_claims q WHERE ${p.clause} GROUP BY q.assignee ORDER BY q.assignee LIMIT 1000`,
      p.values,
    );
    return {
      asOf: now.toISOString(),
      dueSoonHours,
      handlers: rows.map((r) => ({
        handlerId: r.assignee,
        held: Number(r.held),
        fastTrack: Number(r.fast_track),
        overdue: Number(r.overdue),
        dueSoon: Number(r.due_soon),
        nextLeaseExpiry: new Date(r.next_expiry).toISOString(),
      })),
    };
  }
}
