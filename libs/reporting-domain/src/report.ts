import type { FollowUpOutcome } from '@fpi/contracts';
import type { ClaimFact } from './claim-facts';
import { decimalString, type Fen } from './fen';
import { average, rate, type Average, type Rate } from './fraction';
import { inRange, periodLabel } from './period';
import { isInsured, MOBILE_STOREFRONT, owesStep, PAYERS, type Payer, type PolicyFact } from './policy-facts';
import { effectivePrefixes, isPeriodDimension, isRegionDimension, type Dimension, type ReportQuery } from './query';
import { regionAt, type RegionScope } from './region';
import { emptyTally, tally, timeliness, type TimelinessTally } from './timeliness';

/**
 * The additive and non-additive totals of one group of a report. The SQL read path and the in-memory
 * reference below both produce this shape, and `presentReport` turns it into rates, so the rules for
 * rounding and for "no data" live in one place.
 */
export interface ReportTotals {
  householdsInsured: bigint;
  personsInsured: bigint;
  premiumFen: Fen;
  premiumByPayerFen: Record<Payer, Fen>;
  premiumCollectedFen: Fen;
  mobileHouseholds: bigint;
  mobilePersons: bigint;
  mobilePremiumFen: Fen;
  issuance: TimelinessTally;
  delivery: TimelinessTally;
  claimsReported: bigint;
  claimsFastTracked: bigint;
  claimsWithdrawn: bigint;
  claimsRejected: bigint;
  claimsClosed: bigint;
  followUps: Record<FollowUpOutcome, bigint>;
  fastTrackDecided: bigint;
  fastTrackTimely: bigint;
  claimsPaid: bigint;
  personsPaid: bigint;
  amountPaidFen: Fen;
  promptness: { claims: bigint; medianMs: bigint | null; p90Ms: bigint | null };
}

export const emptyTotals = (): ReportTotals => ({
  householdsInsured: 0n,
  personsInsured: 0n,
  premiumFen: 0n,
  premiumByPayerFen: Object.fromEntries(PAYERS.map((p) => [p, 0n])) as Record<Payer, Fen>,
  premiumCollectedFen: 0n,
  mobileHouseholds: 0n,
  mobilePersons: 0n,
  mobilePremiumFen: 0n,
  issuance: emptyTally(),
  delivery: emptyTally(),
  claimsReported: 0n,
  claimsFastTracked: 0n,
  claimsWithdrawn: 0n,
  claimsRejected: 0n,
  claimsClosed: 0n,
  followUps: { satisfied: 0n, basically_satisfied: 0n, dissatisfied: 0n, unreachable: 0n },
  fastTrackDecided: 0n,
  fastTrackTimely: 0n,
  claimsPaid: 0n,
  personsPaid: 0n,
  amountPaidFen: 0n,
  promptness: { claims: 0n, medianMs: null, p90Ms: null },
});

export type GroupKey = Partial<Record<Dimension, string | null>>;

export interface ReportRow {
  group: GroupKey;
  totals: ReportTotals;
}

/** A timeliness rate with the counts behind it. */
export type TimelinessRate = Rate & { onTime: string; late: string; openOverdue: string; notDue: string };

const timelinessRate = (t: TimelinessTally): TimelinessRate => ({
  ...rate(BigInt(t.onTime), BigInt(t.onTime + t.late + t.openOverdue)),
  onTime: String(t.onTime),
  late: String(t.late),
  openOverdue: String(t.openOverdue),
  notDue: String(t.notDue),
});

const days = (ms: bigint | null): string | null => (ms === null ? null : decimalString(ms, 86_400_000n, 2));

export interface PresentedFigures {
  households: string;
  persons: string;
  premium: { totalFen: string; collectedFen: string; byPayerFen: Record<Payer, string> };
  mobileStorefront: { households: string; persons: string; premiumFen: string; householdShare: Rate; premiumShare: Rate };
  timelyIssuance: TimelinessRate;
  timelyDelivery: TimelinessRate;
  claimSatisfaction: Rate & { claimsClosed: string; breakdown: { satisfied: string; basicallySatisfied: string; dissatisfied: string; unreachable: string } };
  claims: { reported: string; paid: string; rejected: string; withdrawn: string; fastTracked: string };
  amountPaidFen: string;
  personsPaid: string;
  /** 赔付率: amount paid / premium, exact fraction plus a rounded percentage. */
  lossRatio: Rate;
  averagePayoutPerPerson: Average;
  promptness: { claims: string; medianDays: string | null; p90Days: string | null };
  fastTrack: { share: Rate; timeliness: Rate };
}

/**
 * Turns totals into the published figures. Satisfaction counts the answered follow-ups (满意, 基本满意,
 * 不满意) as "completed"; households that could not be reached are reported beside it but are not in the
 * denominator, because they gave no answer to count either way.
 */
export function presentTotals(t: ReportTotals): PresentedFigures {
  const answered = t.followUps.satisfied + t.followUps.basically_satisfied + t.followUps.dissatisfied;
  return {
    households: t.householdsInsured.toString(),
    persons: t.personsInsured.toString(),
    premium: {
      totalFen: t.premiumFen.toString(),
      collectedFen: t.premiumCollectedFen.toString(),
      byPayerFen: Object.fromEntries(PAYERS.map((p) => [p, t.premiumByPayerFen[p].toString()])) as Record<Payer, string>,
    },
    mobileStorefront: {
      households: t.mobileHouseholds.toString(),
      persons: t.mobilePersons.toString(),
      premiumFen: t.mobilePremiumFen.toString(),
      householdShare: rate(t.mobileHouseholds, t.householdsInsured),
      premiumShare: rate(t.mobilePremiumFen, t.premiumFen),
    },
    timelyIssuance: timelinessRate(t.issuance),
    timelyDelivery: timelinessRate(t.delivery),
    claimSatisfaction: {
      ...rate(t.followUps.satisfied + t.followUps.basically_satisfied, answered),
      claimsClosed: t.claimsClosed.toString(),
      breakdown: {
        satisfied: t.followUps.satisfied.toString(),
        basicallySatisfied: t.followUps.basically_satisfied.toString(),
        dissatisfied: t.followUps.dissatisfied.toString(),
        unreachable: t.followUps.unreachable.toString(),
      },
    },
    claims: {
      reported: t.claimsReported.toString(),
      paid: t.claimsPaid.toString(),
      rejected: t.claimsRejected.toString(),
      withdrawn: t.claimsWithdrawn.toString(),
      fastTracked: t.claimsFastTracked.toString(),
    },
    amountPaidFen: t.amountPaidFen.toString(),
    personsPaid: t.personsPaid.toString(),
    lossRatio: rate(t.amountPaidFen, t.premiumFen),
    averagePayoutPerPerson: average(t.amountPaidFen, t.personsPaid),
    promptness: { claims: t.promptness.claims.toString(), medianDays: days(t.promptness.medianMs), p90Days: days(t.promptness.p90Ms) },
    fastTrack: { share: rate(t.claimsFastTracked, t.claimsReported), timeliness: rate(t.fastTrackTimely, t.fastTrackDecided) },
  };
}

/** Nearest-rank percentile, the definition of PostgreSQL's `percentile_disc` (same float arithmetic). */
export function percentileDisc(sorted: readonly bigint[], p: number): bigint | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as bigint;
}

// ---------------------------------------------------------------------------------------------------------
// The reference implementation: every figure computed in memory from the fact rows. The service answers
// from SQL; tests compare the two on the same facts, so the SQL cannot drift from the rules written here.
// ---------------------------------------------------------------------------------------------------------

/** A fact's value for a dimension; `at` is the date the figure is filed under, `region` the fact's own code. */
function dimensionValue(d: Dimension, p: PolicyFact | undefined, at: string | null, region: string | null, fallbackChannel: string | null): string | null {
  if (isRegionDimension(d)) return regionAt(region, d);
  if (isPeriodDimension(d)) return at === null ? null : periodLabel(at, d);
  switch (d) {
    case 'programmeYear':
      return p === undefined ? null : String(p.programmeYear);
    case 'channel':
      return p?.channel ?? fallbackChannel;
    case 'referrer':
      return p?.referrerId ?? null;
    case 'householdStatus':
      return p?.householdStatus ?? null;
    default:
      return null;
  }
}

const keyOf = (g: GroupKey, dims: readonly Dimension[]): string => JSON.stringify(dims.map((d) => g[d] ?? null));

/**
 * The in-memory reference of a report over fact rows, one row per group, sorted by group values. Without
 * grouping it always answers one row (zeros when nothing happened): the programme total is always a figure.
 */
export function computeReport(policies: readonly PolicyFact[], claims: readonly ClaimFact[], q: ReportQuery, scope: RegionScope = 'all'): ReportRow[] {
  const prefixes = effectivePrefixes(q.region, scope);
  const visible = (code: string | null) => prefixes === 'all' || (code !== null && prefixes.some((p) => code.startsWith(p)));
  const byPolicy = new Map(policies.map((p) => [p.policyId, p]));
  const groups = new Map<string, ReportRow>();
  const personsPaid = new Map<string, Set<string>>();
  const promptness = new Map<string, bigint[]>();
  const asOf = q.asOf.getTime();
  const happened = (t: string | null): t is string => t !== null && Date.parse(t) <= asOf;
  const inPeriod = (t: string | null): t is string => happened(t) && inRange(t, q.range);

  const row = (p: PolicyFact | undefined, at: string | null, region: string | null, fallbackChannel: string | null = null): ReportRow => {
    const group: GroupKey = Object.fromEntries(q.groupBy.map((d) => [d, dimensionValue(d, p, at, region, fallbackChannel)]));
    const key = keyOf(group, q.groupBy);
    let r = groups.get(key);
    if (!r) groups.set(key, (r = { group, totals: emptyTotals() }));
    return r;
  };
  const policyPasses = (p: PolicyFact | undefined, fallbackChannel: string | null = null) =>
    (q.programmeYear === undefined || p?.programmeYear === q.programmeYear) && (q.channel === undefined || (p?.channel ?? fallbackChannel) === q.channel);

  for (const p of policies) {
    if (!visible(p.regionCode) || !policyPasses(p)) continue;
    if (inPeriod(p.premiumFullyPaidAt) && isInsured(p, q.asOf)) {
      const t = row(p, p.premiumFullyPaidAt, p.regionCode).totals;
      t.householdsInsured++;
      t.personsInsured += BigInt(p.insuredPersons);
      t.premiumFen += p.premiumFen;
      t.premiumCollectedFen += p.paidFen;
      for (const payer of PAYERS) t.premiumByPayerFen[payer] += p.payerShareFen[payer];
      if (p.channel === MOBILE_STOREFRONT) {
        t.mobileHouseholds++;
        t.mobilePersons += BigInt(p.insuredPersons);
        t.mobilePremiumFen += p.premiumFen;
      }
    }
    if (p.issuanceDueAt !== null && inRange(p.issuanceDueAt, q.range) && owesStep(p, p.issuedAt, q.asOf)) {
      const s = timeliness(p.issuanceDueAt, p.issuedAt, q.asOf);
      if (s !== 'not_started') tally(row(p, p.issuanceDueAt, p.regionCode).totals.issuance, s);
    }
    if (p.deliveryDueAt !== null && inRange(p.deliveryDueAt, q.range) && owesStep(p, p.deliveredAt, q.asOf)) {
      const s = timeliness(p.deliveryDueAt, p.deliveredAt, q.asOf);
      if (s !== 'not_started') tally(row(p, p.deliveryDueAt, p.regionCode).totals.delivery, s);
    }
  }

  for (const c of claims) {
    const p = c.policyId === null ? undefined : byPolicy.get(c.policyId);
    if (!visible(c.regionCode) || !policyPasses(p, c.enrolmentChannel)) continue;
    // Claims are grouped by their own region and date, and by the policy's programme year, channel, referrer and status.
    const at = (t: string) => row(p, t, c.regionCode, c.enrolmentChannel);
    if (inPeriod(c.reportedAt)) {
      const t = at(c.reportedAt).totals;
      t.claimsReported++;
      if (c.fastTrack && happened(c.fastTrackedAt)) {
        t.claimsFastTracked++;
        const decided = happened(c.approvedAt) || happened(c.rejectedAt);
        if (decided || c.fastTrackBreached) {
          t.fastTrackDecided++;
          if (decided && !c.fastTrackBreached) t.fastTrackTimely++;
        }
      }
      if (happened(c.withdrawnAt)) t.claimsWithdrawn++;
    }
    if (inPeriod(c.rejectedAt)) at(c.rejectedAt).totals.claimsRejected++;
    if (inPeriod(c.closedAt)) {
      const t = at(c.closedAt).totals;
      t.claimsClosed++;
      if (c.followUpOutcome !== null && happened(c.followUpAt)) t.followUps[c.followUpOutcome]++;
    }
    if (inPeriod(c.fullyPaidAt) && c.documentsCompletedAt !== null) {
      const r = at(c.fullyPaidAt);
      const list = promptness.get(keyOf(r.group, q.groupBy)) ?? [];
      list.push(BigInt(Date.parse(c.fullyPaidAt) - Date.parse(c.documentsCompletedAt)));
      promptness.set(keyOf(r.group, q.groupBy), list);
    }
    // Money is filed under the date it moved; a claim counts as paid in a group where its net movement is positive.
    const net = new Map<string, { row: ReportRow; fen: bigint }>();
    for (const m of c.payments) {
      if (!inPeriod(m.at)) continue;
      const r = at(m.at);
      const k = keyOf(r.group, q.groupBy);
      const cur = net.get(k) ?? { row: r, fen: 0n };
      cur.fen += m.amountFen;
      net.set(k, cur);
    }
    for (const [k, { row: r, fen }] of net) {
      r.totals.amountPaidFen += fen;
      if (fen > 0n) {
        r.totals.claimsPaid++;
        const persons = personsPaid.get(k) ?? new Set<string>();
        persons.add(c.claimantMemberId ?? c.claimId);
        personsPaid.set(k, persons);
      }
    }
  }

  for (const [k, r] of groups) {
    r.totals.personsPaid = BigInt(personsPaid.get(k)?.size ?? 0);
    const list = (promptness.get(k) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    r.totals.promptness = { claims: BigInt(list.length), medianMs: percentileDisc(list, 0.5), p90Ms: percentileDisc(list, 0.9) };
  }
  if (q.groupBy.length === 0 && groups.size === 0) return [{ group: {}, totals: emptyTotals() }];
  return [...groups.values()].sort((a, b) => compareGroups(a.group, b.group, q.groupBy));
}

/** Groups in ascending order of their values, unknown (null) last: the order the SQL path uses too. */
export function compareGroups(a: GroupKey, b: GroupKey, dims: readonly Dimension[]): number {
  for (const d of dims) {
    const x = a[d] ?? null;
    const y = b[d] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
