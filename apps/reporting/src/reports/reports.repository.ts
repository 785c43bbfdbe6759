import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DAY_MS,
  effectivePrefixes,
  ReportingError,
  type Dimension,
  type OverdueItem,
  type OverdueKind,
  type Paging,
  type ReferrerTotals,
  type RegionScope,
  type ReportFilter,
} from '@fpi/reporting-domain';
import { queryReport, type FigurePart, type SqlReportRow } from './report-sql';
import { prefixCondition, SqlParams } from './sql-params';

/** Every read of the report routes, through the `rm` views (the active generation). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  private readonly query = (text: string, values: unknown[]): Promise<Record<string, unknown>[]> => this.ds.query(text, values);

  report(parts: readonly FigurePart[], groupBy: readonly Dimension[], f: ReportFilter, scope: RegionScope): Promise<SqlReportRow[]> {
    return queryReport(this.query, parts, groupBy, f, scope);
  }

  /**
   * A region the read model has never seen is refused (400) rather than answered with zeros that look like
   * a county with no business. Regions outside the caller's scope look unknown too, so the answer does not
   * reveal which foreign regions have data.
   */
  async assertRegionKnown(region: string | undefined, scope: RegionScope): Promise<void> {
    if (region === undefined) return;
    const prefixes = effectivePrefixes(region, scope);
    let known = false;
    if (prefixes === 'all' || prefixes.length > 0) {
      const p = new SqlParams();
      const inPolicies = prefixCondition('region_code', prefixes, p);
      const rows = await this.query(
        `SELECT EXISTS (SELECT 1 FROM rm.policy_facts WHERE ${inPolicies}) OR EXISTS (SELECT 1 FROM rm.claim_facts WHERE ${inPolicies}) AS known`,
        p.values,
      );
      known = rows[0]?.['known'] === true;
    }
    if (!known) {
      throw new ReportingError('REPORTING.UNKNOWN_REGION', 'validation', 'no policy or claim lies in the requested region; check the code (city 4, county 6, township 9, village 12 digits)', {
        field: 'region',
      });
    }
  }

  private policyFilter(f: ReportFilter, scope: RegionScope, p: SqlParams): string {
    const parts = [prefixCondition('p.region_code', effectivePrefixes(f.region, scope), p)];
    if (f.programmeYear !== undefined) parts.push(`p.programme_year = ${p.add(f.programmeYear)}`);
    if (f.channel !== undefined) parts.push(`p.channel = ${p.add(f.channel)}`);
    return parts.join(' AND ');
  }

  private range(column: string, f: ReportFilter, p: SqlParams): string {
    const parts: string[] = [];
    if (f.range.start) parts.push(`${column} >= ${p.add(f.range.start.toISOString())}::timestamptz`);
    if (f.range.end) parts.push(`${column} < ${p.add(f.range.end.toISOString())}::timestamptz`);
    return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
  }

  /** Referrer productivity, most households first (the same rules as `computeReferrers`). */
  async referrers(f: ReportFilter, scope: RegionScope, paging: Paging): Promise<{ total: number; items: ReferrerTotals[] }> {
    const p = new SqlParams();
    const asOf = p.add(f.asOf.toISOString());
    const rows = await this.query(
      `WITH pol AS (
         SELECT p.policy_id, p.referrer_id, p.insured_persons, p.premium_fen, p.region_code
           FROM rm.policy_facts p
          WHERE p.referrer_id IS NOT NULL AND ${this.policyFilter(f, scope, p)}
            AND p.premium_fully_paid_at <= ${asOf}::timestamptz AND (p.cancelled_at IS NULL OR p.cancelled_at > ${asOf}::timestamptz)
            AND ${this.range('p.premium_fully_paid_at', f, p)}
       ), per AS (
         SELECT referrer_id, count(*) AS households, sum(insured_persons) AS persons, sum(premium_fen) AS premium, count(DISTINCT region_code) AS villages
           FROM pol GROUP BY referrer_id
       ), cl AS (
         SELECT pol.referrer_id,
                count(*) FILTER (WHERE c.reported_at <= ${asOf}::timestamptz) AS claims,
                COALESCE(sum((SELECT sum((mv->>'amountFen')::bigint) FROM jsonb_array_elements(c.payments) mv WHERE (mv->>'at')::timestamptz <= ${asOf}::timestamptz)), 0) AS paid
           FROM rm.claim_facts c JOIN pol ON pol.policy_id = c.policy_id
          GROUP BY pol.referrer_id
       )
       SELECT per.*, COALESCE(cl.claims, 0) AS claims, COALESCE(cl.paid, 0) AS paid, count(*) OVER () AS total
         FROM per LEFT JOIN cl USING (referrer_id)
        ORDER BY per.households DESC, per.premium DESC, per.referrer_id COLLATE "C"
        LIMIT ${p.add(paging.pageSize)} OFFSET ${p.add((paging.page - 1) * paging.pageSize)}`,
      p.values,
    );
    const total = rows[0] ? Number(rows[0]['total']) : await this.countReferrers(f, scope);
    return {
      total,
      items: rows.map((r) => ({
        referrerId: String(r['referrer_id']),
        households: BigInt(String(r['households'])),
        persons: BigInt(String(r['persons'])),
        premiumFen: BigInt(String(r['premium'])),
        villages: BigInt(String(r['villages'])),
        claimsReported: BigInt(String(r['claims'])),
        amountPaidFen: BigInt(String(r['paid'])),
      })),
    };
  }

  private async countReferrers(f: ReportFilter, scope: RegionScope): Promise<number> {
    const p = new SqlParams();
    const asOf = p.add(f.asOf.toISOString());
    const rows = await this.query(
      `SELECT count(DISTINCT p.referrer_id) AS n FROM rm.policy_facts p
        WHERE p.referrer_id IS NOT NULL AND ${this.policyFilter(f, scope, p)}
          AND p.premium_fully_paid_at <= ${asOf}::timestamptz AND (p.cancelled_at IS NULL OR p.cancelled_at > ${asOf}::timestamptz)
          AND ${this.range('p.premium_fully_paid_at', f, p)}`,
      p.values,
    );
    return Number(rows[0]?.['n'] ?? 0);
  }

  private overdueSelect(kind: OverdueKind, f: ReportFilter, scope: RegionScope, p: SqlParams, asOf: string): string {
    const [due, done] = kind === 'issuance' ? ['p.issuance_due_at', 'p.issued_at'] : ['p.delivery_due_at', 'p.delivered_at'];
    return `SELECT p.policy_id, p.policy_number, p.region_code, '${kind}' AS kind, ${due} AS due_at
              FROM rm.policy_facts p
             WHERE ${this.policyFilter(f, scope, p)} AND ${due} IS NOT NULL AND ${due} < ${asOf}::timestamptz
               AND (${done} IS NULL OR ${done} > ${asOf}::timestamptz)
               AND (p.cancelled_at IS NULL OR p.cancelled_at > ${asOf}::timestamptz OR (${done} IS NOT NULL AND ${done} <= p.cancelled_at))
               AND ${this.range(due, f, p)}`;
  }

  /** Steps open after their deadline at `asOf`, oldest deadline first (the same rules as `computeOverdue`). */
  async overdue(f: ReportFilter, kinds: readonly OverdueKind[], scope: RegionScope, paging: Paging): Promise<{ counts: Record<OverdueKind, number>; items: OverdueItem[] }> {
    const p = new SqlParams();
    const asOf = p.add(f.asOf.toISOString());
    const union = kinds.map((k) => this.overdueSelect(k, f, scope, p, asOf)).join(' UNION ALL ');
    const countRows = await this.query(`SELECT kind, count(*) AS n FROM (${union}) x GROUP BY kind`, p.values);
    const counts: Record<OverdueKind, number> = { issuance: 0, delivery: 0 };
    for (const r of countRows) counts[r['kind'] as OverdueKind] = Number(r['n']);
    const limit = p.add(paging.pageSize);
    const offset = p.add((paging.page - 1) * paging.pageSize);
    const rows = await this.query(`SELECT * FROM (${union}) x ORDER BY due_at, policy_id COLLATE "C", kind COLLATE "C" LIMIT ${limit} OFFSET ${offset}`, p.values);
    return {
      counts,
      items: rows.map((r) => {
        const dueAt = (r['due_at'] as Date).toISOString();
        return {
          policyId: String(r['policy_id']),
          policyNumber: (r['policy_number'] as string | null) ?? null,
          regionCode: String(r['region_code']),
          kind: r['kind'] as OverdueKind,
          dueAt,
          overdueDays: Math.ceil((f.asOf.getTime() - Date.parse(dueAt)) / DAY_MS),
        };
      }),
    };
  }
}
