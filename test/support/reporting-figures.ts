import type { DriverState, Figures, GroundTruth } from '@fpi/testing';
import { RANKING_MEASURES } from '@fpi/testing';

/** The reporting API's figures, as `/reports/summary` answers them (the part the ground truth covers). */
export type ApiFigures = {
  households: string;
  persons: string;
  premium: { totalFen: string; collectedFen: string; byPayerFen: Record<string, string> };
  mobileStorefront: { households: string; persons: string; premiumFen: string };
  timelyIssuance: { numerator: string; denominator: string; basisPoints: number | null; onTime: string; late: string; openOverdue: string; notDue: string };
  timelyDelivery: { numerator: string; denominator: string; basisPoints: number | null; onTime: string; late: string; openOverdue: string; notDue: string };
  claimSatisfaction: {
    numerator: string;
    denominator: string;
    basisPoints: number | null;
    claimsClosed: string;
    breakdown: { satisfied: string; basicallySatisfied: string; dissatisfied: string; unreachable: string };
  };
  claims: { reported: string; paid: string; rejected: string; withdrawn: string; fastTracked: string };
  amountPaidFen: string;
  personsPaid: string;
  lossRatio: Rate;
  averagePayoutPerPerson: { totalFen: string; count: string; roundedFen: string | null };
  promptness: { claims: string; medianDays: string | null; p90Days: string | null };
  fastTrack: { share: Rate; timeliness: Rate };
};

type Rate = { numerator: string; denominator: string; basisPoints: number | null };

/** The API's figures in the ground truth's shape (only what the ground truth asserts). */
export const fromApi = (f: ApiFigures): Figures => {
  const t = (x: ApiFigures['timelyIssuance']) => ({ numerator: x.numerator, denominator: x.denominator, basisPoints: x.basisPoints, onTime: x.onTime, late: x.late, openOverdue: x.openOverdue, notDue: x.notDue });
  const s = f.claimSatisfaction;
  const r = (x: Rate) => ({ numerator: x.numerator, denominator: x.denominator, basisPoints: x.basisPoints });
  return {
    households: f.households,
    persons: f.persons,
    premiumFen: f.premium.totalFen,
    premiumCollectedFen: f.premium.collectedFen,
    premiumByPayerFen: f.premium.byPayerFen,
    mobileStorefront: { households: f.mobileStorefront.households, persons: f.mobileStorefront.persons, premiumFen: f.mobileStorefront.premiumFen },
    timelyIssuance: t(f.timelyIssuance),
    timelyDelivery: t(f.timelyDelivery),
    claimSatisfaction: {
      numerator: s.numerator,
      denominator: s.denominator,
      basisPoints: s.basisPoints,
      claimsClosed: s.claimsClosed,
      satisfied: s.breakdown.satisfied,
      basicallySatisfied: s.breakdown.basicallySatisfied,
      dissatisfied: s.breakdown.dissatisfied,
      unreachable: s.breakdown.unreachable,
    },
    claims: { reported: f.claims.reported, paid: f.claims.paid, rejected: f.claims.rejected, withdrawn: f.claims.withdrawn, fastTracked: f.claims.fastTracked },
    amountPaidFen: f.amountPaidFen,
    personsPaid: f.personsPaid,
    lossRatio: r(f.lossRatio),
    averagePayoutPerPerson: f.averagePayoutPerPerson,
    promptness: { claims: f.promptness.claims, medianDays: f.promptness.medianDays, p90Days: f.promptness.p90Days },
    fastTrack: { share: r(f.fastTrack.share), timeliness: r(f.fastTrack.timeliness) },
  };
};

/** Flattens figures into `path -> value` lines, for the printed comparison table and precise failure messages. */
export function flatten(prefix: string, v: unknown, out: Map<string, string>): Map<string, string> {
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  else out.set(prefix, String(v));
  return out;
}


/** What the reporting API shows for a programme year, in the ground truth's shape (for the full-scale run). */
export async function reportingFigures(
  baseUrl: string,
  headers: Record<string, string>,
  query: string,
  state: DriverState,
): Promise<Pick<GroundTruth, 'total' | 'byCity' | 'byCounty' | 'byChannel' | 'ranking' | 'referrers'>> {
  const get = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, { headers });
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${await r.text()}`);
    return (await r.json()) as T;
  };
  type Summary = { rows: { group: Record<string, string | null>; figures: ApiFigures }[] };
  const total = fromApi((await get<Summary>(`/reports/summary?${query}`)).rows[0]!.figures);
  const grouped = async (dimension: 'city' | 'county' | 'channel'): Promise<Record<string, Figures>> =>
    Object.fromEntries((await get<Summary>(`/reports/summary?${query}&groupBy=${dimension}`)).rows.map((r) => [String(r.group[dimension]), fromApi(r.figures)]));
  const ranking = {} as GroundTruth['ranking'];
  for (const level of ['city', 'county'] as const) {
    ranking[level] = {} as GroundTruth['ranking'][typeof level];
    for (const by of RANKING_MEASURES) {
      const r = await get<{ entries: { rank: number; key: string; value: string }[] }>(`/reports/ranking?${query}&level=${level}&by=${by}`);
      ranking[level][by] = r.entries.map((e) => ({ rank: e.rank, key: e.key, value: e.value }));
    }
  }
  type ReferrerItem = { referrerId: string; households: string; persons: string; premiumFen: string; villages: string; claimsReported: string; amountPaidFen: string };
  const items: ReferrerItem[] = [];
  for (let page = 1; ; page++) {
    const r = await get<{ total: number; items: ReferrerItem[] }>(`/reports/referrers?${query}&pageSize=500&page=${page}`);
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) break;
  }
  const keyOf = new Map(Object.entries(state.referrers).map(([k, id]) => [id, k]));
  const referrers = Object.fromEntries(
    items.map(({ referrerId, households, persons, premiumFen, villages, claimsReported, amountPaidFen }) => [keyOf.get(referrerId) ?? referrerId, { households, persons, premiumFen, villages, claimsReported, amountPaidFen }]),
  ) as GroundTruth['referrers'];
  return { total, byCity: await grouped('city'), byCounty: await grouped('county'), byChannel: await grouped('channel'), ranking, referrers };
}
