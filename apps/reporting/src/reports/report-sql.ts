import {
  effectivePrefixes,
  emptyTotals,
  isPeriodDimension,
  isRegionDimension,
  PAYERS,
  REGION_LEVELS,
  type Dimension,
  type GroupKey,
  type RegionScope,
  type ReportFilter,
  type ReportTotals,
} from '@fpi/reporting-domain';
import { prefixCondition, SqlParams } from './sql-params';

/**
 * The report figures computed by PostgreSQL over the fact tables at query time, one statement per group of
 * figures that shares a date. Aggregate tables would have to be maintained per dimension combination and
 * rebuilt with every rule change; grouping the fact rows on demand stays exact and, with the region and date
 * indexes, answers a city's programme year in milliseconds (national figures: see the benchmark).
 *
 * The rules mirror `computeReport` in @fpi/reporting-domain, the in-memory reference; the integration tests
 * run both on the same facts and require equal answers.
 */
export type FigurePart = 'insured' | 'issuance' | 'delivery' | 'reported' | 'rejected' | 'closed' | 'promptness' | 'payments';
export const ALL_PARTS: readonly FigurePart[] = ['insured', 'issuance', 'delivery', 'reported', 'rejected', 'closed', 'promptness', 'payments'];

export type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

type Source = 'policy' | 'claim';

const PERIOD_FORMAT: Record<'day' | 'month' | 'quarter' | 'year', string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

/** SQL for one dimension of a fact, filed under the date `anchor`. Claims take programme year, referrer and status from their policy. */
function dimensionSql(d: Dimension, source: Source, anchor: string): string {
  const region = source === 'policy' ? 'p.region_code' : 'c.region_code';
  if (isRegionDimension(d)) {
    const n = REGION_LEVELS[d];
    return `CASE WHEN length(${region}) >= ${n} THEN left(${region}, ${n}) END`;
  }
  if (isPeriodDimension(d)) // A fixed +8 h, like the domain's China calendar (Asia/Shanghai has had no daylight saving since 1991).
    return `to_char(${anchor} AT TIME ZONE INTERVAL '+08:00', '${PERIOD_FORMAT[d]}')`;
  switch (d) {
    case 'programmeYear':
      return 'p.programme_year::text';
    case 'channel':
      return source === 'policy' ? 'p.channel' : 'COALESCE(p.channel, c.enrolment_channel)';
    case 'referrer':
      return 'p.referrer_id';
    case 'householdStatus':
      return 'p.household_status';
    default: {
      const never: never = d;
      throw new Error(`unknown dimension ${String(never)}`);
    }
  }
}

interface Built {
  groupBy: readonly Dimension[];
  /** `g0, g1` select list entries (with a leading comma when non-empty). */
  select: (source: Source, anchor: string) => string;
  groupList: string;
}

function dims(groupBy: readonly Dimension[]): Built {
  return {
    groupBy,
    select: (source, anchor) => groupBy.map((d, i) => `${dimensionSql(d, source, anchor)} AS g${i}`).join(', '),
    groupList: groupBy.map((_, i) => `g${i}`).join(', '),
  };
}

const FROM_POLICY = 'rm.policy_facts p';
const FROM_CLAIM = 'rm.claim_facts c LEFT JOIN rm.policy_facts p ON p.policy_id = c.policy_id';

function filterSql(source: Source, f: ReportFilter, scope: RegionScope, p: SqlParams): string {
  const region = source === 'policy' ? 'p.region_code' : 'c.region_code';
  const parts = [prefixCondition(region, effectivePrefixes(f.region, scope), p)];
  if (f.programmeYear !== undefined) parts.push(`p.programme_year = ${p.add(f.programmeYear)}`);
  if (f.channel !== undefined) parts.push(`${source === 'policy' ? 'p.channel' : 'COALESCE(p.channel, c.enrolment_channel)'} = ${p.add(f.channel)}`);
  return parts.join(' AND ');
}

function rangeSql(anchor: string, f: ReportFilter, p: SqlParams): string {
  const parts: string[] = [];
  if (f.range.start) parts.push(`${anchor} >= ${p.add(f.range.start.toISOString())}::timestamptz`);
  if (f.range.end) parts.push(`${anchor} < ${p.add(f.range.end.toISOString())}::timestamptz`);
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}

/** One statement: `SELECT g..., aggregates FROM source WHERE ... GROUP BY g...`. */
function grouped(d: Built, source: Source, anchor: string, aggregates: string, where: string): string {
  const g = d.select(source, anchor);
  const from = source === 'policy' ? FROM_POLICY : FROM_CLAIM;
  return `SELECT ${g ? `${g}, ` : ''}${aggregates} FROM ${from} WHERE ${where}${d.groupList ? ` GROUP BY ${d.groupList}` : ''}`;
}

interface Statement {
  parts: FigurePart[];
  text: string;
  values: unknown[];
}

/** One figure group over the policy facts: its aggregates and the condition a row must meet to count. */
interface PolicyPart {
  part: 'insured' | 'issuance' | 'delivery';
  anchor: string;
  aggregates: string[];
  condition: string;
}

function policyPart(part: PolicyPart['part'], f: ReportFilter, p: SqlParams): PolicyPart {
  const a = `${p.add(f.asOf.toISOString())}::timestamptz`;
  if (part === 'insured') {
    const anchor = 'p.premium_fully_paid_at';
    const condition = `(${anchor} <= ${a} AND (p.cancelled_at IS NULL OR p.cancelled_at > ${a}) AND ${rangeSql(anchor, f, p)})`;
    const mobile = `${condition} AND p.channel = 'MOBILE_STOREFRONT'`;
    return {
      part,
      anchor,
      condition,
      aggregates: [
        `count(*) FILTER (WHERE ${condition}) AS households`,
        `sum(p.insured_persons) FILTER (WHERE ${condition}) AS persons`,
        `sum(p.premium_fen) FILTER (WHERE ${condition}) AS premium`,
        `sum(p.paid_fen) FILTER (WHERE ${condition}) AS collected`,
        ...PAYERS.map((payer) => `sum(p.share_${payer.toLowerCase()}_fen) FILTER (WHERE ${condition}) AS share_${payer.toLowerCase()}`),
        `count(*) FILTER (WHERE ${mobile}) AS mobile_households`,
        `sum(p.insured_persons) FILTER (WHERE ${mobile}) AS mobile_persons`,
        `sum(p.premium_fen) FILTER (WHERE ${mobile}) AS mobile_premium`,
      ],
    };
  }
  const [due, done] = part === 'issuance' ? ['p.issuance_due_at', 'p.issued_at'] : ['p.delivery_due_at', 'p.delivered_at'];
  // A policy cancelled before the step was done owes it no more.
  const condition = `(${due} IS NOT NULL AND (p.cancelled_at IS NULL OR p.cancelled_at > ${a} OR (${done} IS NOT NULL AND ${done} <= p.cancelled_at)) AND ${rangeSql(due, f, p)})`;
  const isDone = `(${done} IS NOT NULL AND ${done} <= ${a})`;
  const prefix = part === 'issuance' ? 'iss' : 'del';
  return {
    part,
    anchor: due,
    condition,
    aggregates: [
      `count(*) FILTER (WHERE ${condition} AND ${isDone} AND ${done} <= ${due}) AS ${prefix}_on_time`,
      `count(*) FILTER (WHERE ${condition} AND ${isDone} AND ${done} > ${due}) AS ${prefix}_late`,
      `count(*) FILTER (WHERE ${condition} AND NOT ${isDone} AND ${due} < ${a}) AS ${prefix}_open_overdue`,
      `count(*) FILTER (WHERE ${condition} AND NOT ${isDone} AND ${due} >= ${a}) AS ${prefix}_not_due`,
    ],
  };
}

const POLICY_PARTS: readonly FigurePart[] = ['insured', 'issuance', 'delivery'];

function statements(parts: readonly FigurePart[], groupBy: readonly Dimension[], f: ReportFilter, scope: RegionScope): Statement[] {
  const d = dims(groupBy);
  const out: Statement[] = [];
  const policyParts = parts.filter((x): x is PolicyPart['part'] => POLICY_PARTS.includes(x));
  // Without a period dimension every policy figure is grouped the same way, so one scan of the fact table
  // serves them all (each figure counts its own rows through FILTER): a national report reads the biggest
  // table once instead of three times.
  const merge = policyParts.length > 1 && !groupBy.some(isPeriodDimension);
  const policyBatches = merge ? [policyParts] : policyParts.map((x) => [x]);
  for (const batch of policyBatches) {
    const p = new SqlParams();
    const built = batch.map((x) => policyPart(x, f, p));
    const anchor = built[0]?.anchor ?? 'p.premium_fully_paid_at';
    const text = grouped(d, 'policy', anchor, built.flatMap((b) => b.aggregates).join(', '), `${filterSql('policy', f, scope, p)} AND (${built.map((b) => b.condition).join(' OR ')})`);
    out.push({ parts: batch, text, values: p.values });
  }
  for (const part of parts.filter((x) => !POLICY_PARTS.includes(x))) {
    const p = new SqlParams();
    const asOf = () => `${p.add(f.asOf.toISOString())}::timestamptz`;
    let text: string;
    switch (part) {
      case 'reported': {
        const a = asOf();
        const ft = `(c.fast_track AND c.fast_tracked_at <= ${a})`;
        const decided = `(c.approved_at <= ${a} OR c.rejected_at <= ${a})`;
        text = grouped(
          d,
          'claim',
          'c.reported_at',
          [
            'count(*) AS reported',
            `count(*) FILTER (WHERE ${ft}) AS fast_tracked`,
            `count(*) FILTER (WHERE ${ft} AND (${decided} OR c.fast_track_breached)) AS ft_decided`,
            `count(*) FILTER (WHERE ${ft} AND ${decided} AND NOT c.fast_track_breached) AS ft_timely`,
            `count(*) FILTER (WHERE c.withdrawn_at <= ${a}) AS withdrawn`,
          ].join(', '),
          `${filterSql('claim', f, scope, p)} AND c.reported_at <= ${a} AND ${rangeSql('c.reported_at', f, p)}`,
        );
        break;
      }
      case 'rejected':
        text = grouped(d, 'claim', 'c.rejected_at', 'count(*) AS rejected', `${filterSql('claim', f, scope, p)} AND c.rejected_at <= ${asOf()} AND ${rangeSql('c.rejected_at', f, p)}`);
        break;
      case 'closed': {
        const a = asOf();
        const answered = (o: string) => `count(*) FILTER (WHERE c.follow_up_outcome = '${o}' AND c.follow_up_at <= ${a}) AS fu_${o}`;
        text = grouped(
          d,
          'claim',
          'c.closed_at',
          ['count(*) AS closed', answered('satisfied'), answered('basically_satisfied'), answered('dissatisfied'), answered('unreachable')].join(', '),
          `${filterSql('claim', f, scope, p)} AND c.closed_at <= ${a} AND ${rangeSql('c.closed_at', f, p)}`,
        );
        break;
      }
      case 'promptness': {
        const g = d.select('claim', 'c.fully_paid_at');
        text = `SELECT ${d.groupList ? `${d.groupList}, ` : ''}count(*) AS claims,
                  percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
                  percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) AS p90_ms
                FROM (SELECT ${g ? `${g}, ` : ''}round(extract(epoch FROM c.fully_paid_at - c.documents_completed_at) * 1000)::bigint AS ms
                        FROM ${FROM_CLAIM}
                       WHERE ${filterSql('claim', f, scope, p)} AND c.documents_completed_at IS NOT NULL AND c.fully_paid_at <= ${asOf()} AND ${rangeSql('c.fully_paid_at', f, p)}) x
                ${d.groupList ? `GROUP BY ${d.groupList}` : ''}`;
        break;
      }
      case 'payments': {
        // Money is filed under the date it moved; a claim counts as paid where its net movement is positive.
        const at = `(mv->>'at')::timestamptz`;
        const g = d.select('claim', at);
        text = `WITH moved AS (
                  SELECT ${g ? `${g}, ` : ''}c.claim_id, COALESCE(c.claimant_member_id, c.claim_id) AS person, sum((mv->>'amountFen')::bigint) AS fen
                    FROM ${FROM_CLAIM} CROSS JOIN LATERAL jsonb_array_elements(c.payments) mv
                   WHERE ${filterSql('claim', f, scope, p)} AND ${at} <= ${asOf()} AND ${rangeSql(at, f, p)}
                   GROUP BY ${d.groupList ? `${d.groupList}, ` : ''}c.claim_id, person)
                SELECT ${d.groupList ? `${d.groupList}, ` : ''}sum(fen) AS amount, count(*) FILTER (WHERE fen > 0) AS claims_paid,
                       count(DISTINCT person) FILTER (WHERE fen > 0) AS persons_paid
                  FROM moved ${d.groupList ? `GROUP BY ${d.groupList}` : ''}`;
        break;
      }
      default:
        throw new Error(`unknown part ${part}`);
    }
    out.push({ parts: [part], text, values: p.values });
  }
  return out;
}

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)));

function addPart(t: ReportTotals, part: FigurePart, r: Record<string, unknown>): void {
  switch (part) {
    case 'insured':
      t.householdsInsured += big(r['households']);
      t.personsInsured += big(r['persons']);
      t.premiumFen += big(r['premium']);
      t.premiumCollectedFen += big(r['collected']);
      for (const payer of PAYERS) t.premiumByPayerFen[payer] += big(r[`share_${payer.toLowerCase()}`]);
      t.mobileHouseholds += big(r['mobile_households']);
      t.mobilePersons += big(r['mobile_persons']);
      t.mobilePremiumFen += big(r['mobile_premium']);
      return;
    case 'issuance':
    case 'delivery': {
      const [tally, prefix] = part === 'issuance' ? [t.issuance, 'iss'] : [t.delivery, 'del'];
      tally.onTime += Number(r[`${prefix}_on_time`] ?? 0);
      tally.late += Number(r[`${prefix}_late`] ?? 0);
      tally.openOverdue += Number(r[`${prefix}_open_overdue`] ?? 0);
      tally.notDue += Number(r[`${prefix}_not_due`] ?? 0);
      return;
    }
    case 'reported':
      t.claimsReported += big(r['reported']);
      t.claimsFastTracked += big(r['fast_tracked']);
      t.fastTrackDecided += big(r['ft_decided']);
      t.fastTrackTimely += big(r['ft_timely']);
      t.claimsWithdrawn += big(r['withdrawn']);
      return;
    case 'rejected':
      t.claimsRejected += big(r['rejected']);
      return;
    case 'closed':
      t.claimsClosed += big(r['closed']);
      t.followUps.satisfied += big(r['fu_satisfied']);
      t.followUps.basically_satisfied += big(r['fu_basically_satisfied']);
      t.followUps.dissatisfied += big(r['fu_dissatisfied']);
      t.followUps.unreachable += big(r['fu_unreachable']);
      return;
    case 'promptness':
      t.promptness = { claims: big(r['claims']), medianMs: bigOrNull(r['median_ms']), p90Ms: bigOrNull(r['p90_ms']) };
      return;
    case 'payments':
      t.amountPaidFen += big(r['amount']);
      t.claimsPaid += big(r['claims_paid']);
      t.personsPaid += big(r['persons_paid']);
      return;
    default: {
      const never: never = part;
      throw new Error(`unknown part ${String(never)}`);
    }
  }
}

export interface SqlReportRow {
  group: GroupKey;
  totals: ReportTotals;
}

/**
 * Runs the statements of the requested parts and merges their rows by group. Groups appear only where some
 * figure is non-empty, like the in-memory reference.
 */
export async function queryReport(query: Query, parts: readonly FigurePart[], groupBy: readonly Dimension[], f: ReportFilter, scope: RegionScope): Promise<SqlReportRow[]> {
  const groups = new Map<string, SqlReportRow>();
  const results = await Promise.all(statements(parts, groupBy, f, scope).map(async (s) => ({ parts: s.parts, rows: await query(s.text, s.values) })));
  for (const { parts: covered, rows } of results) {
    for (const r of rows) {
      const values = groupBy.map((_, i) => (r[`g${i}`] ?? null) as string | null);
      const key = JSON.stringify(values);
      let row = groups.get(key);
      if (!row) groups.set(key, (row = { group: Object.fromEntries(groupBy.map((dim, i) => [dim, values[i] ?? null])), totals: emptyTotals() }));
      for (const part of covered) addPart(row.totals, part, r);
    }
  }
  return [...groups.values()];
}
