import { fastTrackMissed, plannedFastTrack } from './fast-track';
import type { Channel, FollowUpOutcome, PlannedClaim, PlannedHousehold, ProgrammePlan } from './plan';

/**
 * What the reporting service must show for a replayed plan, computed from the plan alone (never from the
 * services' code), as of the plan's reporting instant (the end of the programme year). Everything is a
 * decimal string (counts and fen), so the figures compare exactly and serialise to JSON as they are.
 *
 * Definitions follow docs/reference/domain.md and the reporting service (libs/reporting-domain):
 * - insured: premium fully paid by `asOf` (nothing is cancelled in a plan);
 * - timely issuance / delivery: due = fully paid + issuance deadline / issued + delivery deadline; done
 *   by the due instant is on time, done later is late, still open after it is open-overdue (counted as
 *   late), open and not yet due is left out; the rate is on time / (on time + late + open overdue);
 * - claim satisfaction: of claims closed by `asOf`, the completed follow-ups answered 满意 or 基本满意 over
 *   those answered at all (满意 + 基本满意 + 不满意); unreachable households are reported beside it but are
 *   outside the denominator (the reporting service's reading of "completed follow-ups");
 * - claims and money are filed under the claim's own county (the household's), and the policy's channel;
 * - fast track (绿色快速通道, the rules and their published defaults in ./fast-track.ts): of the claims
 *   reported by `asOf`, those fast-tracked by `asOf`; their share of the claims reported; and the
 *   timeliness rate: decided (approved or rejected) and no target missed, over decided or a target missed
 *   (a decision target or a payment target; a claim neither decided nor late is not counted yet);
 * - promptness: of the claims paid in full by `asOf`, the time from documents complete (the report when
 *   nothing was missing, else the arrival of the last requested document) to the full payment; the median
 *   and 90th percentile are PostgreSQL's `percentile_disc` (the first value whose position in the ascending
 *   order reaches the fraction: rank ceil(p * n), at least 1), in days to two decimals, half away from zero.
 * Only instants up to `asOf` count: the driver does not replay steps planned after the year ends.
 */
export interface RateFigure {
  numerator: string;
  denominator: string;
  /** Whole basis points, rounded half away from zero; null for 0/0. */
  basisPoints: number | null;
}

export interface TimelinessFigure extends RateFigure {
  onTime: string;
  late: string;
  openOverdue: string;
  notDue: string;
}

export interface Figures {
  households: string;
  persons: string;
  premiumFen: string;
  premiumCollectedFen: string;
  premiumByPayerFen: Record<string, string>;
  mobileStorefront: { households: string; persons: string; premiumFen: string };
  timelyIssuance: TimelinessFigure;
  timelyDelivery: TimelinessFigure;
  claimSatisfaction: RateFigure & { claimsClosed: string; satisfied: string; basicallySatisfied: string; dissatisfied: string; unreachable: string };
  claims: { reported: string; paid: string; rejected: string; withdrawn: string; fastTracked: string };
  amountPaidFen: string;
  personsPaid: string;
  lossRatio: RateFigure;
  averagePayoutPerPerson: { totalFen: string; count: string; roundedFen: string | null };
  /** Documents complete to paid in full; days with two decimals, null without paid claims. */
  promptness: { claims: string; medianDays: string | null; p90Days: string | null };
  /** Fast-tracked / reported, and decided in time / (decided or late). */
  fastTrack: { share: RateFigure; timeliness: RateFigure };
}

export interface RankedFigure {
  rank: number;
  key: string;
  value: string;
}

export interface ReferrerFigure {
  households: string;
  persons: string;
  premiumFen: string;
  villages: string;
  claimsReported: string;
  amountPaidFen: string;
}

export const RANKING_MEASURES = ['premium', 'households', 'persons'] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

export interface GroundTruth {
  seed: number;
  programmeYear: number;
  asOf: string;
  total: Figures;
  byCity: Record<string, Figures>;
  byCounty: Record<string, Figures>;
  byChannel: Record<string, Figures>;
  ranking: { city: Record<RankingMeasure, RankedFigure[]>; county: Record<RankingMeasure, RankedFigure[]> };
  /** By the plan's referrer key (the driver's state maps keys to the service's ids). */
  referrers: Record<string, ReferrerFigure>;
  /** Paid claims: the settlement topic must hold exactly one ClaimSettled for each. */
  paidClaims: number;
}

export const PAYERS = ['HOUSEHOLD', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'INSURER_SUBSIDY'] as const;

const DAY = 86_400_000;

interface Acc {
  households: bigint;
  persons: bigint;
  premium: bigint;
  collected: bigint;
  byPayer: Record<string, bigint>;
  mobile: { households: bigint; persons: bigint; premium: bigint };
  issuance: { onTime: bigint; late: bigint; openOverdue: bigint; notDue: bigint };
  delivery: { onTime: bigint; late: bigint; openOverdue: bigint; notDue: bigint };
  closed: bigint;
  followUps: Record<FollowUpOutcome, bigint>;
  reported: bigint;
  paid: bigint;
  rejected: bigint;
  withdrawn: bigint;
  amountPaid: bigint;
  personsPaid: Set<string>;
  fastTracked: bigint;
  fastTrackDecided: bigint;
  fastTrackTimely: bigint;
  /** Documents complete to paid in full, per paid claim, in ms. */
  promptnessMs: bigint[];
}

const emptyAcc = (): Acc => ({
  households: 0n,
  persons: 0n,
  premium: 0n,
  collected: 0n,
  byPayer: Object.fromEntries(PAYERS.map((p) => [p, 0n])),
  mobile: { households: 0n, persons: 0n, premium: 0n },
  issuance: { onTime: 0n, late: 0n, openOverdue: 0n, notDue: 0n },
  delivery: { onTime: 0n, late: 0n, openOverdue: 0n, notDue: 0n },
  closed: 0n,
  followUps: { satisfied: 0n, basically_satisfied: 0n, dissatisfied: 0n, unreachable: 0n },
  reported: 0n,
  paid: 0n,
  rejected: 0n,
  withdrawn: 0n,
  amountPaid: 0n,
  personsPaid: new Set(),
  fastTracked: 0n,
  fastTrackDecided: 0n,
  fastTrackTimely: 0n,
  promptnessMs: [],
});

/** n / d rounded half away from zero (all figures here are non-negative). */
const divRound = (n: bigint, d: bigint): bigint => (2n * n + d) / (2n * d);

const rateOf = (n: bigint, d: bigint): RateFigure => ({ numerator: n.toString(), denominator: d.toString(), basisPoints: d === 0n ? null : Number(divRound(n * 10_000n, d)) });

function timelinessOf(dueMs: number, doneAt: string | null, asOfMs: number): 'onTime' | 'late' | 'openOverdue' | 'notDue' {
  if (doneAt !== null && Date.parse(doneAt) <= asOfMs) return Date.parse(doneAt) <= dueMs ? 'onTime' : 'late';
  return asOfMs > dueMs ? 'openOverdue' : 'notDue';
}

/** PostgreSQL's percentile_disc: the value at rank ceil(p * n) of the ascending order (at least the first). */
function percentileDisc(ascending: readonly bigint[], p: number): bigint | null {
  if (ascending.length === 0) return null;
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil(p * ascending.length)));
  return ascending[rank - 1] as bigint;
}

/** Milliseconds as days with two decimals, rounded half away from zero (all durations here are non-negative). */
const daysOf = (ms: bigint | null): string | null => {
  if (ms === null) return null;
  const hundredths = divRound(ms * 100n, BigInt(DAY));
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
};

function present(a: Acc): Figures {
  const t = (x: Acc['issuance']): TimelinessFigure => ({
    ...rateOf(x.onTime, x.onTime + x.late + x.openOverdue),
    onTime: x.onTime.toString(),
    late: x.late.toString(),
    openOverdue: x.openOverdue.toString(),
    notDue: x.notDue.toString(),
  });
  const f = a.followUps;
  const personsPaid = BigInt(a.personsPaid.size);
  const promptness = [...a.promptnessMs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return {
    households: a.households.toString(),
    persons: a.persons.toString(),
    premiumFen: a.premium.toString(),
    premiumCollectedFen: a.collected.toString(),
    premiumByPayerFen: Object.fromEntries(PAYERS.map((p) => [p, (a.byPayer[p] ?? 0n).toString()])),
    mobileStorefront: { households: a.mobile.households.toString(), persons: a.mobile.persons.toString(), premiumFen: a.mobile.premium.toString() },
    timelyIssuance: t(a.issuance),
    timelyDelivery: t(a.delivery),
    claimSatisfaction: {
      ...rateOf(f.satisfied + f.basically_satisfied, f.satisfied + f.basically_satisfied + f.dissatisfied),
      claimsClosed: a.closed.toString(),
      satisfied: f.satisfied.toString(),
      basicallySatisfied: f.basically_satisfied.toString(),
      dissatisfied: f.dissatisfied.toString(),
      unreachable: f.unreachable.toString(),
    },
    claims: { reported: a.reported.toString(), paid: a.paid.toString(), rejected: a.rejected.toString(), withdrawn: a.withdrawn.toString(), fastTracked: a.fastTracked.toString() },
    amountPaidFen: a.amountPaid.toString(),
    personsPaid: personsPaid.toString(),
    lossRatio: rateOf(a.amountPaid, a.premium),
    averagePayoutPerPerson: { totalFen: a.amountPaid.toString(), count: personsPaid.toString(), roundedFen: personsPaid === 0n ? null : divRound(a.amountPaid, personsPaid).toString() },
    promptness: { claims: String(promptness.length), medianDays: daysOf(percentileDisc(promptness, 0.5)), p90Days: daysOf(percentileDisc(promptness, 0.9)) },
    fastTrack: { share: rateOf(a.fastTracked, a.reported), timeliness: rateOf(a.fastTrackTimely, a.fastTrackDecided) },
  };
}

/** Standard competition ranking, highest first, ties by key: the order the reporting API lists. */
function rankOf(values: Map<string, bigint>): RankedFigure[] {
  const sorted = [...values].sort(([ka, a], [kb, b]) => (a === b ? (ka < kb ? -1 : 1) : a > b ? -1 : 1));
  return sorted.map(([key, value]) => ({ rank: sorted.findIndex(([, v]) => v === value) + 1, key, value: value.toString() }));
}

export function computeGroundTruth(plan: ProgrammePlan): GroundTruth {
  const asOf = Date.parse(plan.asOf);
  const happened = (t: string | null): t is string => t !== null && Date.parse(t) <= asOf;
  const total = emptyAcc();
  const byCity = new Map<string, Acc>();
  const byCounty = new Map<string, Acc>();
  const byChannel = new Map<string, Acc>();
  const accsOf = (county: string, channel: Channel): Acc[] => {
    const get = (m: Map<string, Acc>, k: string) => m.get(k) ?? (m.set(k, emptyAcc()).get(k) as Acc);
    return [total, get(byCity, county.slice(0, 4)), get(byCounty, county), get(byChannel, channel)];
  };
  const referrers = new Map<string, { households: bigint; persons: bigint; premium: bigint; villages: Set<string>; claims: bigint; paid: bigint }>();
  const b = plan.benefits;

  for (const h of plan.households) {
    const accs = accsOf(h.countyCode, h.channel);
    const persons = BigInt(h.members.length);
    if (happened(h.fullyPaidAt)) {
      const collected = h.payments.filter((p) => happened(p.at)).reduce((s, p) => s + p.amountFen, 0n);
      for (const a of accs) {
        a.households++;
        a.persons += persons;
        a.premium += h.premiumFen;
        a.collected += collected;
        for (const p of h.payments) a.byPayer[p.payer] = (a.byPayer[p.payer] ?? 0n) + p.amountFen;
        if (h.channel === 'MOBILE_STOREFRONT') {
          a.mobile.households++;
          a.mobile.persons += persons;
          a.mobile.premium += h.premiumFen;
        }
      }
      if (h.referrerKey !== null) {
        const r = referrers.get(h.referrerKey) ?? { households: 0n, persons: 0n, premium: 0n, villages: new Set<string>(), claims: 0n, paid: 0n };
        r.households++;
        r.persons += persons;
        r.premium += h.premiumFen;
        r.villages.add(h.villageCode);
        referrers.set(h.referrerKey, r);
      }
      const issuance = timelinessOf(Date.parse(h.fullyPaidAt) + b.issuanceDeadlineDays * DAY, h.issuedAt, asOf);
      for (const a of accs) a.issuance[issuance]++;
    }
    if (happened(h.issuedAt)) {
      const delivery = timelinessOf(Date.parse(h.issuedAt) + b.deliveryDeadlineDays * DAY, h.deliveredAt, asOf);
      for (const a of accs) a.delivery[delivery]++;
    }
  }

  const households = new Map<string, PlannedHousehold>(plan.households.map((h) => [h.key, h]));
  let paidClaims = 0;
  for (const c of plan.claims as PlannedClaim[]) {
    const h = households.get(c.householdKey) as PlannedHousehold;
    const accs = accsOf(c.countyCode, h.channel);
    const r = h.referrerKey === null ? undefined : referrers.get(h.referrerKey);
    if (happened(c.reportedAt)) {
      for (const a of accs) a.reported++;
      if (r) r.claims++;
      if (c.outcome === 'withdrawn' && happened(c.withdrawnAt)) for (const a of accs) a.withdrawn++;
      const ft = plannedFastTrack(c, h);
      if (ft !== null && happened(ft.at)) {
        const decided = happened(ft.decidedAt);
        const missed = fastTrackMissed(c, ft, asOf);
        for (const a of accs) {
          a.fastTracked++;
          if (decided || missed) a.fastTrackDecided++;
          if (decided && !missed) a.fastTrackTimely++;
        }
      }
    }
    // A planned rejection is decided, told and closed at one hour (closedAt).
    if (c.outcome === 'rejected' && happened(c.closedAt)) for (const a of accs) a.rejected++;
    if (c.outcome === 'paid' && happened(c.paidAt)) {
      paidClaims++;
      const promptMs = BigInt(Date.parse(c.paidAt) - Date.parse(c.documentsCompletedAt));
      for (const a of accs) {
        a.promptnessMs.push(promptMs);
        a.paid++;
        a.amountPaid += c.payoutFen;
        a.personsPaid.add(c.memberKey);
      }
      if (r) r.paid += c.payoutFen;
    }
    if (happened(c.closedAt)) {
      for (const a of accs) {
        a.closed++;
        if (c.followUp !== null && happened(c.followUpAt)) a.followUps[c.followUp]++;
      }
    }
  }

  const record = (m: Map<string, Acc>) => Object.fromEntries([...m].sort(([a], [b2]) => (a < b2 ? -1 : 1)).map(([k, a]) => [k, present(a)]));
  const ranking = (m: Map<string, Acc>) => ({
    premium: rankOf(new Map([...m].map(([k, a]) => [k, a.premium]))),
    households: rankOf(new Map([...m].map(([k, a]) => [k, a.households]))),
    persons: rankOf(new Map([...m].map(([k, a]) => [k, a.persons]))),
  });
  return {
    seed: plan.parameters.seed,
    programmeYear: plan.parameters.programmeYear,
    asOf: plan.asOf,
    total: present(total),
    byCity: record(byCity),
    byCounty: record(byCounty),
    byChannel: record(byChannel),
    ranking: { city: ranking(byCity), county: ranking(byCounty) },
    referrers: Object.fromEntries(
      [...referrers].map(([k, r]) => [
        k,
        { households: r.households.toString(), persons: r.persons.toString(), premiumFen: r.premium.toString(), villages: String(r.villages.size), claimsReported: r.claims.toString(), amountPaidFen: r.paid.toString() },
      ]),
    ),
    paidClaims,
  };
}
