import { Inject, Injectable } from '@nestjs/common';
import { claimStreamName, msOf, type ExistingClaim } from '@fpi/claims-domain';
import { fromJson, StreamNotFoundError, type EventStore, type JsonValue } from '@fpi/event-store';
import { ApiError, capExportRows, CLOCK, exportQueryLimit, LIMITS, type Clock, type Limits, type RegionScope } from '@fpi/platform';
import type { Pool } from 'pg';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { projectEvents } from '../queue/projection/claim-projection';
import type { StreamEvent } from '../queue/projection/claim-row';
import { toStreamEvent } from '../queue/projection/stream-event';
import { CLAIM_NOT_FOUND } from '../queue/queue.vocabulary';
import { parseInstant, parsePeriod } from '../queue/shared/query-values';
import { effectiveRegions, regionCondition, type RegionRequest } from '../queue/shared/region-filter';
import { prepared, SqlParams } from '../queue/shared/sql';
import { claimSnapshot, type ClaimSnapshot } from './claim-snapshot';
import { ENTRY_COLUMNS, entryViewOf, entryViewOfRow, type EntryRow, type TimelineEntryView } from './timeline-entry.view';
import { TIMELINE_POOL } from './timeline.tokens';

export interface TimelineResponse {
  claimId: string;
  region: { code: string; countyCode: string; townshipCode: string | null; villageCode: string | null };
  /** The instant asked for; null for the current timeline. */
  asOf: string | null;
  /** The instant the deadlines of `state` were judged at: `asOf`, or the service clock's now. */
  judgedAt: string;
  /** Last claim-stream revision the answer includes. */
  revision: number;
  state: ClaimSnapshot;
  entries: TimelineEntryView[];
}

const ENTRY_JSON = ENTRY_COLUMNS.split(',')
  .map((c) => c.trim().replace(/^t\./, ''))
  .map((c) => {
    if (c === 'amount_fen') return `'${c}', t.amount_fen::text`;
    if (c === 'at' || c === 'due_at') return `'${c}', to_char(t.${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    return `'${c}', t.${c}`;
  })
  .join(', ');

// json, not jsonb: the lines are only passed through, and building jsonb values costs PostgreSQL about twice
// as much as the text form (measured on the benchmark's 30-line claims).
const WHOLE_TIMELINE = `
SELECT q.region_code, q.county_code, q.township_code, q.village_code, s.revision, s.state,
       (SELECT coalesce(json_agg(json_build_object(${ENTRY_JSON}) ORDER BY t.revision), '[]'::json)
          FROM timeline_entries t WHERE t.claim_id = q.claim_id) AS entries
  FROM queue_claims q LEFT JOIN queue_claim_states s ON s.claim_id = q.claim_id
 WHERE q.claim_id = $1`;

const regionOf = (head: ClaimHead) => ({ code: head.region_code, countyCode: head.county_code, townshipCode: head.township_code, villageCode: head.village_code });

interface ClaimHead {
  region_code: string;
  county_code: string;
  township_code: string | null;
  village_code: string | null;
  revision: string | null;
  state: JsonValue | null;
}

/**
 * Supervisors' audit timelines. The current timeline comes from the read model (lines and remembered state
 * written in one transaction by the projection); a timeline `asOf` an instant folds the claim's events up
 * to that instant from the event store, through the same pure functions, so both answers agree line by line.
 */
@Injectable()
export class TimelineReader {
  constructor(
    @Inject(TIMELINE_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIMITS) private readonly limits: Limits,
  ) {}

  async timeline(claimId: string, asOfRaw: string | undefined, scope: RegionScope): Promise<TimelineResponse> {
    const asOf = parseInstant('asOf', asOfRaw);
    if (asOf) {
      const head = await this.head(claimId, scope);
      return { claimId, region: regionOf(head), ...(await this.foldedAsOf(claimId, asOf)) };
    }
    // One round trip: the claim's region, its remembered state and its lines. The region is checked before
    // anything is returned, so a foreign claim's lines never leave this method.
    const { rows } = await this.pool.query<ClaimHead & { entries: JsonValue }>(prepared(WHOLE_TIMELINE, [claimId]));
    const head = scope.visible(rows[0], (r) => r.region_code, CLAIM_NOT_FOUND);
    if (head.state === null || head.revision === null) throw new ApiError('not_found', CLAIM_NOT_FOUND.code, CLAIM_NOT_FOUND.message);
    const now = this.clock.now();
    const state = fromJson(typeof head.state === 'string' ? (JSON.parse(head.state) as JsonValue) : head.state) as ExistingClaim;
    const entries = (typeof head.entries === 'string' ? JSON.parse(head.entries) : head.entries) as EntryRow[];
    return {
      claimId,
      region: regionOf(head),
      asOf: null,
      judgedAt: now.toISOString(),
      revision: Number(head.revision),
      state: claimSnapshot(state, now),
      entries: entries.map(entryViewOfRow),
    };
  }

  /** A claim's lines for export (no personal data in any of them). */
  async claimExport(claimId: string, scope: RegionScope): Promise<TimelineEntryView[]> {
    await this.head(claimId, scope);
    return capExportRows(await this.entries(claimId), this.limits) as TimelineEntryView[];
  }

  /** Every line of the region's claims within a period, oldest first; more than EXPORT_ROWS_MAX answers 422. */
  async periodExport(query: RegionRequest & { from?: string; to?: string }, scope: RegionScope): Promise<{ from: string; to: string; entries: TimelineEntryView[] }> {
    const { from, to } = parsePeriod(query.from, query.to, this.clock.now(), { defaultDays: 31, maxDays: 366 });
    const p = new SqlParams();
    p.where('t.at >= $? AND t.at < $?', from, to);
    p.where(regionCondition(effectiveRegions(scope, query), p));
    const limit = p.param(exportQueryLimit(this.limits));
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM timeline_entries t JOIN queue_claims q ON q.claim_id = t.claim_id
        WHERE ${p.clause} ORDER BY t.at, t.claim_id, t.revision LIMIT ${limit}`,
      p.values,
    );
    capExportRows(rows, this.limits);
    return { from: from.toISOString(), to: to.toISOString(), entries: rows.map(entryViewOfRow) };
  }

  private async head(claimId: string, scope: RegionScope): Promise<ClaimHead> {
    const { rows } = await this.pool.query<ClaimHead>(prepared('SELECT q.region_code, q.county_code, q.township_code, q.village_code, NULL AS revision, NULL AS state FROM queue_claims q WHERE q.claim_id = $1', [claimId]));
    return scope.visible(rows[0], (r) => r.region_code, CLAIM_NOT_FOUND);
  }

  private async entries(claimId: string): Promise<TimelineEntryView[]> {
    const { rows } = await this.pool.query<EntryRow>(prepared(`SELECT ${ENTRY_COLUMNS} FROM timeline_entries t WHERE t.claim_id = $1 ORDER BY t.revision`, [claimId]));
    return rows.map(entryViewOfRow);
  }

  /**
   * The claim as it stood at `asOf`: the longest prefix of its stream whose steps happened at or before
   * that instant, folded. A prefix, not a filter, so a later event stamped earlier (clock skew between
   * writers) cannot make a state the claim never had.
   */
  private async foldedAsOf(claimId: string, asOf: Date): Promise<Omit<TimelineResponse, 'claimId' | 'region'>> {
    let history: StreamEvent[];
    try {
      history = (await this.store.readStream(claimStreamName(claimId))).map(toStreamEvent).filter((e): e is StreamEvent => e !== null);
    } catch (e) {
      if (e instanceof StreamNotFoundError) throw new ApiError('not_found', CLAIM_NOT_FOUND.code, CLAIM_NOT_FOUND.message);
      throw e;
    }
    const cut = asOf.getTime();
    const end = history.findIndex((e) => e.event !== null && msOf(e.event.data.at) > cut);
    const prefix = end === -1 ? history : history.slice(0, end);
    const { row, entries } = projectEvents(null, prefix);
    if (row === null) {
      const reportedAt = history[0]?.event?.data.at ?? null;
      throw new ApiError('validation', 'TIMELINE.AS_OF_BEFORE_CLAIM', `asOf is before the claim was reported${reportedAt ? ` (${reportedAt})` : ''}.`, {
        field: 'asOf',
        reportedAt,
      });
    }
    return { asOf: asOf.toISOString(), judgedAt: asOf.toISOString(), revision: row.revision, state: claimSnapshot(row.state, asOf), entries: entries.map(entryViewOf) };
  }
}
