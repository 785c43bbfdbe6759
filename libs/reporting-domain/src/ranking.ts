import type { ClaimFact } from './claim-facts';
import { DAY_MS, inRange } from './period';
import { isInsured, owesStep, type PolicyFact } from './policy-facts';
import { effectivePrefixes, type ReportFilter } from './query';
import type { RegionScope } from './region';
import { timeliness } from './timeliness';

export interface Ranked<K> {
  rank: number;
  key: K;
  value: string;
  /** How much more the place above has (null for the first): "3rd place had 530k yuan more". */
  behindPrevious: string | null;
  /** How much more this place has than the one below (null for the last). */
  aheadOfNext: string | null;
}

/**
 * Standard competition ranking (1, 2, 2, 4) by value, highest first; ties are listed by key so the order is
 * stable between calls.
 */
export function rank<K extends string>(entries: readonly { key: K; value: bigint }[]): Ranked<K>[] {
  const sorted = [...entries].sort((a, b) => (a.value === b.value ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.value > b.value ? -1 : 1));
  return sorted.map((e, i) => {
    const firstEqual = sorted.findIndex((x) => x.value === e.value);
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    return {
      rank: firstEqual + 1,
      key: e.key,
      value: e.value.toString(),
      behindPrevious: prev === undefined ? null : (prev.value - e.value).toString(),
      aheadOfNext: next === undefined ? null : (e.value - next.value).toString(),
    };
  });
}

export interface ReferrerTotals {
  referrerId: string;
  households: bigint;
  persons: bigint;
  premiumFen: bigint;
  villages: bigint;
  claimsReported: bigint;
  amountPaidFen: bigint;
}

/**
 * Referrer productivity (推荐人): households, persons and premium they enrolled (insured in the period),
 * the villages they worked in, and the claims on those policies. Highest household count first.
 */
export function computeReferrers(policies: readonly PolicyFact[], claims: readonly ClaimFact[], f: ReportFilter, scope: RegionScope = 'all'): ReferrerTotals[] {
  const prefixes = effectivePrefixes(f.region, scope);
  const visible = (code: string) => prefixes === 'all' || prefixes.some((p) => code.startsWith(p));
  const asOf = f.asOf.getTime();
  const byId = new Map<string, ReferrerTotals & { villageSet: Set<string> }>();
  const byPolicy = new Map<string, string>();
  for (const p of policies) {
    if (p.referrerId === null || !visible(p.regionCode)) continue;
    if (f.programmeYear !== undefined && p.programmeYear !== f.programmeYear) continue;
    if (f.channel !== undefined && p.channel !== f.channel) continue;
    if (!isInsured(p, f.asOf) || !inRange(p.premiumFullyPaidAt, f.range)) continue;
    let r = byId.get(p.referrerId);
    if (!r) byId.set(p.referrerId, (r = { referrerId: p.referrerId, households: 0n, persons: 0n, premiumFen: 0n, villages: 0n, claimsReported: 0n, amountPaidFen: 0n, villageSet: new Set() }));
    r.households++;
    r.persons += BigInt(p.insuredPersons);
    r.premiumFen += p.premiumFen;
    r.villageSet.add(p.regionCode);
    byPolicy.set(p.policyId, p.referrerId);
  }
  for (const c of claims) {
    const referrer = c.policyId === null ? undefined : byPolicy.get(c.policyId);
    if (referrer === undefined) continue;
    const r = byId.get(referrer) as ReferrerTotals;
    if (c.reportedAt !== null && Date.parse(c.reportedAt) <= asOf) r.claimsReported++;
    for (const m of c.payments) if (Date.parse(m.at) <= asOf) r.amountPaidFen += m.amountFen;
  }
  return [...byId.values()]
    .map(({ villageSet, ...r }) => ({ ...r, villages: BigInt(villageSet.size) }))
    .sort((a, b) => (a.households !== b.households ? (a.households > b.households ? -1 : 1) : a.premiumFen !== b.premiumFen ? (a.premiumFen > b.premiumFen ? -1 : 1) : a.referrerId < b.referrerId ? -1 : 1));
}

export type OverdueKind = 'issuance' | 'delivery';
export const OVERDUE_KINDS: readonly OverdueKind[] = ['issuance', 'delivery'];

export interface OverdueItem {
  policyId: string;
  policyNumber: string | null;
  regionCode: string;
  kind: OverdueKind;
  dueAt: string;
  /** Started days late, as enrollment counts them: one second past the deadline is one day late. */
  overdueDays: number;
}

/** Steps still open after their deadline at `asOf`, oldest deadline first. */
export function computeOverdue(policies: readonly PolicyFact[], f: ReportFilter, kinds: readonly OverdueKind[] = OVERDUE_KINDS, scope: RegionScope = 'all'): OverdueItem[] {
  const prefixes = effectivePrefixes(f.region, scope);
  const visible = (code: string) => prefixes === 'all' || prefixes.some((p) => code.startsWith(p));
  const out: OverdueItem[] = [];
  for (const p of policies) {
    if (!visible(p.regionCode)) continue;
    if (f.programmeYear !== undefined && p.programmeYear !== f.programmeYear) continue;
    if (f.channel !== undefined && p.channel !== f.channel) continue;
    for (const kind of kinds) {
      const [due, done] = kind === 'issuance' ? [p.issuanceDueAt, p.issuedAt] : [p.deliveryDueAt, p.deliveredAt];
      if (due === null || !inRange(due, f.range) || !owesStep(p, done, f.asOf)) continue;
      if (timeliness(due, done, f.asOf) !== 'open_overdue') continue;
      out.push({ policyId: p.policyId, policyNumber: p.policyNumber, regionCode: p.regionCode, kind, dueAt: due, overdueDays: Math.ceil((f.asOf.getTime() - Date.parse(due)) / DAY_MS) });
    }
  }
  return out.sort((a, b) => (a.dueAt !== b.dueAt ? (a.dueAt < b.dueAt ? -1 : 1) : a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : a.kind < b.kind ? -1 : 1));
}
