import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ApiError, LIMITS, pageSize, pgPoolOf, type Limits, type RegionScope } from '@fpi/platform';
import type { ListClaimsQuery } from './list-claims.request.dto';

interface Row {
  claim_id: string;
  region_code: string;
  household_id: string;
  policy_id: string | null;
  status: string;
  benefits: string[];
  claimed_fen: string | null;
  assessed_fen: string | null;
  approved_fen: string | null;
  paid_fen: string;
  fast_track: boolean;
  reported_at: Date;
  revision: string;
}

const encodeCursor = (reportedAt: Date, claimId: string): string => Buffer.from(`${reportedAt.toISOString()}|${claimId}`).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(text);
  if (!m) throw new ApiError('validation', 'REQUEST.INVALID_CURSOR', 'The cursor is not one this API returned.');
  return [m[1] as string, m[2] as string];
}

/**
 * The claim list from the summaries projection (eventually consistent: a claim appears once the projector
 * has seen it), newest first, keyset-paginated, filtered by the caller's region in SQL.
 */
@Injectable()
export class ListClaimsHandler {
  private readonly pool: Pool;

  constructor(ds: DataSource, @Inject(LIMITS) private readonly limits: Limits) {
    this.pool = pgPoolOf(ds);
  }

  async execute(query: ListClaimsQuery, scope: RegionScope): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = pageSize(query.limit, this.limits);
    const region = scope.sqlCondition('region_code', 1);
    const values: unknown[] = [...region.values];
    const where = [region.text];
    if (query.status) {
      values.push(query.status);
      where.push(`status = $${values.length}`);
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      values.push(at, id);
      where.push(`(reported_at, claim_id) < ($${values.length - 1}::timestamptz, $${values.length})`);
    }
    values.push(limit + 1);
    const { rows } = await this.pool.query<Row>(
      `SELECT claim_id, region_code, household_id, policy_id, status, benefits, claimed_fen::text, assessed_fen::text, approved_fen::text,
              paid_fen::text, fast_track, reported_at, revision::text
         FROM claims_summaries WHERE ${where.join(' AND ')} ORDER BY reported_at DESC, claim_id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        claimId: r.claim_id,
        regionCode: r.region_code,
        householdId: r.household_id,
        policyId: r.policy_id,
        status: r.status,
        benefits: r.benefits,
        amounts: { claimedFen: r.claimed_fen, assessedFen: r.assessed_fen, approvedFen: r.approved_fen, paidFen: r.paid_fen },
        fastTrack: r.fast_track,
        reportedAt: r.reported_at.toISOString(),
        revision: Number(r.revision),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.reported_at, last.claim_id) : null,
    };
  }
}
