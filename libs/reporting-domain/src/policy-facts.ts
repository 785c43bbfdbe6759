import type { PayerCode, PolicyEvent } from '@fpi/contracts';
import { parseFen, type Fen } from './fen';
import { instant, instantOrNull } from './period';

/** Payers in a fixed order: the fact row keeps one column per payer so that SQL sums them without unpacking JSON. */
export const PAYERS = ['HOUSEHOLD', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'INSURER_SUBSIDY'] as const satisfies readonly PayerCode[];
export type Payer = (typeof PAYERS)[number];

/** The enrolment channel of the mobile storefront (掌上门店, app "乡村振兴保"). */
export const MOBILE_STOREFRONT = 'MOBILE_STOREFRONT';
export const CHANNELS = ['COUNTER', 'REFERRER', 'MOBILE_STOREFRONT', 'GOVERNMENT_GIFTED'] as const;
export const HOUSEHOLD_STATUSES = ['ONE_CHILD', 'RURAL_TWO_DAUGHTERS', 'SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME', 'OTHER'] as const;

/**
 * One row per policy (one household, one programme year). Enrollment publishes the whole policy with every
 * event (state-carried transfer), so the row is the latest snapshot that passed the revision guard, reduced
 * to what the figures need: no names, no ID numbers, no members.
 */
export interface PolicyFact {
  policyId: string;
  /** Revision of the last event applied (1-based, from enrollment): the revision guard. */
  revision: number;
  lastEventId: string;
  householdId: string;
  policyNumber: string | null;
  programmeYear: number;
  productCode: string;
  status: string;
  channel: string;
  referrerId: string | null;
  /** Village code (12 digits): every coarser level is a prefix of it. */
  regionCode: string;
  householdStatus: string;
  vulnerable: boolean;
  insuredPersons: number;
  premiumFen: Fen;
  paidFen: Fen;
  /** Share of the premium billed to each payer (0 for payers without a share). */
  payerShareFen: Record<Payer, Fen>;
  appliedAt: string;
  premiumFullyPaidAt: string | null;
  issuanceDueAt: string | null;
  issuedAt: string | null;
  deliveryDueAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  expiredAt: string | null;
  renewedFromPolicyId: string | null;
  lastEventAt: string;
}

const money = (s: string): Fen => parseFen(s) ?? 0n;

/**
 * Applies one policy event. Pure and total: an event at or below the row's revision (a duplicate, a
 * redelivery, a replay) leaves the row as it is; any newer one replaces it with the snapshot it carries,
 * so a gap in revisions (an event lost to retention) heals with the next event.
 */
export function evolvePolicyFact(row: PolicyFact | null, e: PolicyEvent): PolicyFact | null {
  if (row !== null && e.revision <= row.revision) return row;
  const p = e.data.policy;
  const payerShareFen = Object.fromEntries(PAYERS.map((payer) => [payer, 0n])) as Record<Payer, Fen>;
  for (const s of p.payerShares) payerShareFen[s.payer] = (payerShareFen[s.payer] ?? 0n) + money(s.amountFen);
  return {
    policyId: p.policyId,
    revision: e.revision,
    lastEventId: e.eventId,
    householdId: p.householdId,
    policyNumber: p.policyNumber,
    programmeYear: p.programmeYear,
    productCode: p.productCode,
    status: p.status,
    channel: p.channel,
    referrerId: p.referrerId,
    regionCode: p.region.villageCode,
    householdStatus: p.householdStatus,
    vulnerable: p.vulnerable,
    insuredPersons: p.insuredPersons,
    premiumFen: money(p.premiumFen),
    paidFen: money(p.paidFen),
    payerShareFen,
    appliedAt: instant(p.timestamps.appliedAt),
    premiumFullyPaidAt: instantOrNull(p.timestamps.premiumFullyPaidAt),
    issuanceDueAt: instantOrNull(p.timestamps.issuanceDueAt),
    issuedAt: instantOrNull(p.timestamps.issuedAt),
    deliveryDueAt: instantOrNull(p.timestamps.deliveryDueAt),
    deliveredAt: instantOrNull(p.timestamps.deliveredAt),
    cancelledAt: instantOrNull(p.timestamps.cancelledAt),
    expiredAt: instantOrNull(p.timestamps.expiredAt),
    renewedFromPolicyId: p.renewedFromPolicyId,
    lastEventAt: instant(e.occurredAt),
  };
}

/** Insured at `asOf`: premium fully paid by then and not cancelled by then (a refunded household is not insured). */
export function isInsured(p: Pick<PolicyFact, 'premiumFullyPaidAt' | 'cancelledAt'>, asOf: Date): boolean {
  const t = asOf.getTime();
  return p.premiumFullyPaidAt !== null && Date.parse(p.premiumFullyPaidAt) <= t && (p.cancelledAt === null || Date.parse(p.cancelledAt) > t);
}

/**
 * Whether a step of the policy is owed at `asOf`. A policy cancelled before a step was done owes it no
 * more, and is out of that rate, like enrollment's own overdue list ("cancelled policies owe nothing").
 */
export function owesStep(p: Pick<PolicyFact, 'cancelledAt'>, doneAt: string | null, asOf: Date): boolean {
  if (p.cancelledAt === null || Date.parse(p.cancelledAt) > asOf.getTime()) return true;
  return doneAt !== null && Date.parse(doneAt) <= Date.parse(p.cancelledAt);
}
