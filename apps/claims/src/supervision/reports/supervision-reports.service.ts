import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, LIMITS, type Clock, type Limits, type RegionScope } from '@fpi/platform';
import type { Pool } from 'pg';
import { bucketOf } from '../../queue/queue-item.response';
import { QUEUE_ACTIONS } from '../../queue/queue.vocabulary';
import { parseInteger, parsePageSize, parsePeriod, type Period } from '../../queue/shared/query-values';
import { effectiveRegions, regionCondition, regionLike, type RegionFilter, type RegionRequest } from '../../queue/shared/region-filter';
import { fenText, isoOf, SqlParams } from '../../queue/shared/sql';
import { SUPERVISION_POOL } from '../supervision.tokens';
import type { PeriodReportQuery, UntouchedReportQuery } from './supervision-reports.request.dto';

const DAY_MS = 86_400_000;

/** Every period report answers with its scope, so a reader knows exactly what was counted. */
export interface ReportScope {
  from: string;
  to: string;
  /** The region counted: prefixes ('all' for every region) and the township, if one was asked for. */
  regions: RegionFilter;
}

export interface Listing<T> {
  /** Rows matching, across all of them. */
  total: number;
  /** The first `pageSize` of them, newest first unless said otherwise. */
  items: T[];
  pageSize: number;
}

const count = (v: unknown): number => Number(v ?? 0);

/**
 * Supervisors' reports over a period and region, read from the timeline lines (what happened, when, by whom)
 * joined to the queue rows (the claim's current region). Each report gives totals and the first page of the
 * claims behind them; the period is half-open [from, to) and at most a year long.
 */
@Injectable()
export class SupervisionReports {
  private auditTrailPresent = false;

  constructor(
    @Inject(SUPERVISION_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIMITS) private readonly limits: Limits,
  ) {}

  private scopeOf(query: PeriodReportQuery, scope: RegionScope): { period: Period; regions: RegionFilter; pageSize: number; head: ReportScope } {
    const period = parsePeriod(query.from, query.to, this.clock.now(), { defaultDays: 30, maxDays: 366 });
    const regions = effectiveRegions(scope, query);
    const pageSize = parsePageSize(query.pageSize, this.limits);
    return { period, regions, pageSize, head: { from: period.from.toISOString(), to: period.to.toISOString(), regions } };
  }

  /** Lines of one event type in the period and region, as a filter on `timeline_entries t JOIN queue_claims q`. */
  private linesOf(types: readonly string[], period: Period, regions: RegionFilter): SqlParams {
    const p = new SqlParams();
    p.where('t.event_type = ANY($?::text[]) AND t.at >= $? AND t.at < $?', types, period.from, period.to);
    p.where(regionCondition(regions, p));
    return p;
  }

  async deadlineBreaches(query: PeriodReportQuery, scope: RegionScope) {
    const { period, regions, pageSize, head } = this.scopeOf(query, scope);
    const p = this.linesOf(['ClaimDeadlineBreached'], period, regions);
    const from = 'FROM timeline_entries t JOIN queue_claims q ON q.claim_id = t.claim_id';
    const totals = await this.pool.query<{ deadline_kind: string; fast_track: boolean; n: string; claims: string }>(
      `SELECT t.deadline_kind, t.fast_track, count(*) AS n, count(DISTINCT t.claim_id) AS claims ${from} WHERE ${p.clause}
        GROUP BY t.deadline_kind, t.fast_track ORDER BY t.deadline_kind, t.fast_track DESC`,
      p.values,
    );
    const items = await this.pool.query<{ claim_id: string; deadline_kind: string; cycle: number; due_at: Date; at: Date; fast_track: boolean; county_code: string; status: string; actor_id: string }>(
      `SELECT t.claim_id, t.deadline_kind, t.cycle, t.due_at, t.at, t.fast_track, q.county_code, q.status, t.actor_id ${from} WHERE ${p.clause}
        ORDER BY t.at DESC, t.claim_id LIMIT ${p.param(pageSize)}`,
      p.values,
    );
    const byDeadline = totals.rows.map((r) => ({ deadline: r.deadline_kind, fastTrack: r.fast_track, breaches: count(r.n), claims: count(r.claims) }));
    return {
      ...head,
      breaches: {
        total: byDeadline.reduce((s, r) => s + r.breaches, 0),
        pageSize,
        byDeadline,
        items: items.rows.map((r) => ({
          claimId: r.claim_id,
          deadline: r.deadline_kind,
          cycle: r.cycle,
          dueAt: isoOf(r.due_at),
          recordedAt: isoOf(r.at),
          recordedBy: r.actor_id,
          fastTrack: r.fast_track,
          countyCode: r.county_code,
          statusNow: r.status,
        })),
      },
    };
  }

  async reopenedClaims(query: PeriodReportQuery, scope: RegionScope) {
    const { period, regions, pageSize, head } = this.scopeOf(query, scope);
    const p = this.linesOf(['ClaimReopened'], period, regions);
    const from = 'FROM timeline_entries t JOIN queue_claims q ON q.claim_id = t.claim_id';
    const totals = await this.pool.query<{ reason: string; n: string; claims: string }>(
      `SELECT t.detail->>'reason' AS reason, count(*) AS n, count(DISTINCT t.claim_id) AS claims ${from} WHERE ${p.clause} GROUP BY 1 ORDER BY 1`,
      p.values,
    );
    const items = await this.pool.query<{ claim_id: string; at: Date; reason: string; cycle: number; resume_at: string; actor_id: string; status: string; action: string | null; county_code: string }>(
      `SELECT t.claim_id, t.at, t.detail->>'reason' AS reason, t.cycle, t.detail->>'resumeAt' AS resume_at, t.actor_id, q.status, q.action, q.county_code
         ${from} WHERE ${p.clause} ORDER BY t.at DESC, t.claim_id LIMIT ${p.param(pageSize)}`,
      p.values,
    );
    const byReason = totals.rows.map((r) => ({ reason: r.reason, reopenings: count(r.n), claims: count(r.claims) }));
    return {
      ...head,
      reopened: {
        total: byReason.reduce((s, r) => s + r.reopenings, 0),
        pageSize,
        byReason,
        items: items.rows.map((r) => ({
          claimId: r.claim_id,
          reopenedAt: isoOf(r.at),
          reason: r.reason,
          cycle: r.cycle,
          resumedAt: r.resume_at,
          reopenedBy: r.actor_id,
          statusNow: r.status,
          actionNow: r.action,
          countyCode: r.county_code,
        })),
      },
    };
  }

  /**
   * Refused approvals: those the command layer recorded, plus audit-trail entries of requests that ended in
   * CLAIM.FOUR_EYES_REQUIRED and were not recorded (matched on correlation id, so none is counted twice).
   * The audit trail names the claim only through the request path, so its claim ids come from there.
   */
  async fourEyesAttempts(query: PeriodReportQuery, scope: RegionScope) {
    const { period, regions, pageSize, head } = this.scopeOf(query, scope);
    const p = new SqlParams();
    const from = p.param(period.from);
    const to = p.param(period.to);
    const audited = (await this.hasAuditTrail())
      ? `UNION ALL
         SELECT a.claim_id, a.at, a.actor AS actor_id, a.role AS actor_role, NULL::text AS assessed_by, NULL::bigint AS amount_fen,
                q.region_code, q.township_code, 'audit_trail' AS source
           FROM (SELECT substring(l.target from '^/claims/([^/]+)/') AS claim_id, l.at, l.actor, l.role, l.correlation_id
                   FROM security_audit_log l
                  WHERE l.outcome = 'CLAIM.FOUR_EYES_REQUIRED' AND l.at >= ${from} AND l.at < ${to}) a
           LEFT JOIN queue_claims q ON q.claim_id = a.claim_id
          WHERE a.correlation_id IS NULL OR NOT EXISTS (SELECT 1 FROM four_eyes_attempts f WHERE f.correlation_id = a.correlation_id)`
      : '';
    const union = `
      SELECT f.claim_id, f.attempted_at AS at, f.actor_id, f.actor_role, f.assessed_by, f.amount_fen,
             coalesce(f.region_code, q.region_code) AS region_code, q.township_code, 'recorded' AS source
        FROM four_eyes_attempts f LEFT JOIN queue_claims q ON q.claim_id = f.claim_id
       WHERE f.attempted_at >= ${from} AND f.attempted_at < ${to}
      ${audited}`;
    // Attempts whose claim has no known region are shown only to callers who see every region (fail closed).
    const region = regionLike(regions, p, 'x.region_code', 'x.township_code');
    const bySource = await this.pool.query<{ source: string; n: string }>(`SELECT x.source, count(*) AS n FROM (${union}) x WHERE ${region} GROUP BY x.source ORDER BY x.source`, p.values);
    const { rows } = await this.pool.query<{ claim_id: string | null; at: Date; actor_id: string; actor_role: string; assessed_by: string | null; amount_fen: string | null; region_code: string | null; source: string; total: string }>(
      `SELECT x.*, count(*) OVER () AS total FROM (${union}) x WHERE ${region} ORDER BY x.at DESC LIMIT ${p.param(pageSize)}`,
      p.values,
    );
    return {
      ...head,
      fourEyesAttempts: {
        total: count(rows[0]?.total),
        pageSize,
        bySource: Object.fromEntries(bySource.rows.map((r) => [r.source, count(r.n)])),
        items: rows.map((r) => ({
          claimId: r.claim_id,
          attemptedAt: isoOf(r.at),
          actor: { id: r.actor_id, role: r.actor_role },
          assessedBy: r.assessed_by,
          amountFen: fenText(r.amount_fen),
          regionCode: r.region_code,
          source: r.source,
        })),
      },
    };
  }

  /** Payments that took the claim's paid total above its assessment or approval (a control: the decider prevents it). */
  async paymentsAboveAssessment(query: PeriodReportQuery, scope: RegionScope) {
    const { period, regions, pageSize, head } = this.scopeOf(query, scope);
    const p = this.linesOf(['ClaimPaid', 'ClaimPartPaidInAdvance'], period, regions);
    p.where(`t.flags && ARRAY['PAID_ABOVE_ASSESSMENT', 'PAID_ABOVE_APPROVAL']::text[]`);
    const { rows } = await this.pool.query<{ claim_id: string; at: Date; event_type: string; amount_fen: string | null; detail: Record<string, string | null>; flags: string[]; actor_id: string; county_code: string; total: string }>(
      `SELECT t.claim_id, t.at, t.event_type, t.amount_fen, t.detail, t.flags, t.actor_id, q.county_code, count(*) OVER () AS total
         FROM timeline_entries t JOIN queue_claims q ON q.claim_id = t.claim_id
        WHERE ${p.clause} ORDER BY t.at DESC, t.claim_id LIMIT ${p.param(pageSize)}`,
      p.values,
    );
    return {
      ...head,
      paymentsAboveAssessment: {
        total: count(rows[0]?.total),
        pageSize,
        items: rows.map((r) => ({
          claimId: r.claim_id,
          paidAt: isoOf(r.at),
          type: r.event_type,
          amountFen: fenText(r.amount_fen),
          paidTotalFen: r.detail['paidTotalFen'] ?? null,
          assessedFen: r.detail['assessedFen'] ?? null,
          approvedFen: r.detail['approvedFen'] ?? null,
          flags: r.flags,
          recordedBy: r.actor_id,
          countyCode: r.county_code,
        })),
      },
    };
  }

  /** Open claims nobody has taken a step on for at least `days` days, oldest first (not period-bound: as of now). */
  async untouchedClaims(query: UntouchedReportQuery, scope: RegionScope) {
    const days = parseInteger('days', query.days, { min: 1, max: 365, fallback: 7 });
    const pageSize = parsePageSize(query.pageSize, this.limits);
    const regions = effectiveRegions(scope, query as RegionRequest);
    const now = this.clock.now();
    const p = new SqlParams();
    p.where('q.action IS NOT NULL AND q.last_step_at < $?', new Date(now.getTime() - days * DAY_MS));
    p.where(regionCondition(regions, p));
    const totals = await this.pool.query<{ action: string; n: string }>(`SELECT q.action, count(*) AS n FROM queue_claims q WHERE ${p.clause} GROUP BY q.action`, p.values);
    const { rows } = await this.pool.query<{
      claim_id: string; action: string; status: string; last_step_at: Date; last_actor_id: string; fast_track: boolean; county_code: string;
      due_at: Date | null; deadline_paused: boolean; assignee: string | null; lease_expires_at: Date | null;
    }>(
      `SELECT q.claim_id, q.action, q.status, q.last_step_at, q.last_actor_id, q.fast_track, q.county_code, q.due_at, q.deadline_paused, q.assignee, q.lease_expires_at
         FROM queue_claims q WHERE ${p.clause} ORDER BY q.last_step_at, q.claim_id LIMIT ${p.param(pageSize)}`,
      p.values,
    );
    const byAction = totals.rows
      .map((r) => ({ action: r.action, claims: count(r.n) }))
      .sort((a, b) => QUEUE_ACTIONS.indexOf(a.action as never) - QUEUE_ACTIONS.indexOf(b.action as never));
    return {
      asOf: now.toISOString(),
      days,
      regions,
      untouched: {
        total: byAction.reduce((s, r) => s + r.claims, 0),
        pageSize,
        byAction,
        items: rows.map((r) => ({
          claimId: r.claim_id,
          action: r.action,
          status: r.status,
          lastStepAt: isoOf(r.last_step_at),
          lastActorId: r.last_actor_id,
          idleDays: Math.floor((now.getTime() - new Date(r.last_step_at).getTime()) / DAY_MS),
          fastTrack: r.fast_track,
          countyCode: r.county_code,
          deadline: bucketOf(r, now, DAY_MS),
          heldBy: r.assignee !== null && r.lease_expires_at !== null && new Date(r.lease_expires_at).getTime() > now.getTime() ? r.assignee : null,
        })),
      },
    };
  }

  /**
   * Time spent per step: for each kind of step (the event that ended it), the median and 90th percentile of
   * the time since the claim's previous step, split by green channel. Breach records are not steps.
   * Percentiles are continuous (interpolated), as PostgreSQL's percentile_cont computes them.
   */
  async stepDurations(query: PeriodReportQuery, scope: RegionScope) {
    const { period, regions, head } = this.scopeOf(query, scope);
    const p = new SqlParams();
    p.where('t.at >= $? AND t.at < $? AND t.step_ms IS NOT NULL', period.from, period.to);
    p.where(regionCondition(regions, p));
    // Grouped by the claim's green-channel flag as it stands now, so a fast-tracked claim's early steps (before
    // it qualified) count with the rest of that claim.
    const { rows } = await this.pool.query<{ event_type: string; fast_track: boolean; steps: string; median_ms: number; p90_ms: number; max_ms: string }>(
      `SELECT t.event_type, q.fast_track, count(*) AS steps,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY t.step_ms) AS median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY t.step_ms) AS p90_ms,
              max(t.step_ms) AS max_ms
         FROM timeline_entries t JOIN queue_claims q ON q.claim_id = t.claim_id
        WHERE ${p.clause}
        GROUP BY t.event_type, q.fast_track ORDER BY t.event_type, q.fast_track DESC`,
      p.values,
    );
    return {
      ...head,
      steps: rows.map((r) => ({
        step: r.event_type,
        fastTrack: r.fast_track,
        count: count(r.steps),
        medianMs: Math.round(Number(r.median_ms)),
        p90Ms: Math.round(Number(r.p90_ms)),
        maxMs: count(r.max_ms),
      })),
    };
  }

  /** The security module creates the audit table at start; without it the report has only the recorded attempts. */
  private async hasAuditTrail(): Promise<boolean> {
    if (this.auditTrailPresent) return true;
    const { rows } = await this.pool.query<{ present: boolean }>(`SELECT to_regclass('security_audit_log') IS NOT NULL AS present`);
    this.auditTrailPresent = rows[0]?.present === true;
    return this.auditTrailPresent;
  }
}
