import type { CityParameters, GeneratorParameters } from './parameters';
import { fastTrackCriteria } from './fast-track';
import { Random } from './random';
import { FICTITIOUS_PREFECTURES, syntheticIdNumber, syntheticName } from './synthetic-identity';

/**
 * A programme year as a plan: every household, payment, issuance, delivery and claim with the simulated
 * instant it happens, always a whole hour (the driver replays the plan hour by hour with the services'
 * clocks frozen at that hour, so recorded times equal planned times exactly). The driver replays the plan through the services' public APIs in time order; the
 * ground truth is computed from the same plan, independently of the services.
 */
export type Channel = 'COUNTER' | 'REFERRER' | 'MOBILE_STOREFRONT' | 'GOVERNMENT_GIFTED';
export type HouseholdStatus = 'ONE_CHILD' | 'RURAL_TWO_DAUGHTERS' | 'SPECIAL_SUPPORT' | 'SPECIAL_FAMILY' | 'LOW_INCOME' | 'OTHER';
export type Payer = 'HOUSEHOLD' | 'PROVINCE' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
export type Benefit = 'death' | 'disability' | 'medical' | 'allowance';
export type FollowUpOutcome = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'unreachable';

export interface PlannedProduct {
  code: string;
  premiumFen: bigint;
  /** Self-paying products share the premium between the household and government; gifted ones (政府赠保) are paid by government alone. */
  gifted: boolean;
  payerShares: { payer: Payer; amountFen: bigint }[];
}

export interface PlannedMember {
  key: string;
  idNumber: string;
  name: string;
  relationship: 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT';
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
}

export interface PlannedHousehold {
  key: string;
  cityCode: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  status: HouseholdStatus;
  channel: Channel;
  referrerKey: string | null;
  productCode: string;
  premiumFen: bigint;
  members: PlannedMember[];
  appliedAt: string;
  payments: { at: string; payer: Payer; amountFen: bigint }[];
  /** When the last payment makes the premium whole. */
  fullyPaidAt: string;
  issuedAt: string | null;
  deliveredAt: string | null;
  coverStartsAt: string;
}

export interface PlannedReferrer {
  key: string;
  name: string;
  villageCode: string;
}

export interface PlannedClaim {
  key: string;
  householdKey: string;
  memberKey: string;
  cityCode: string;
  countyCode: string;
  benefit: Benefit;
  outcome: 'paid' | 'rejected' | 'withdrawn';
  accidentAt: string;
  reportedAt: string;
  /** What the family asks for at the report; null when they named no amount. */
  claimedAmountFen: bigint | null;
  /** Documents handed in with the report. */
  documentsAtReport: string[];
  /** Documents missing at the report: asked for in one notice (documentsRequestedAt), all in at documentsCompletedAt. */
  documentsRequested: string[];
  /** Set when documents were missing at the report: the notice, then their arrival. */
  documentsRequestedAt: string | null;
  documentsCompletedAt: string;
  assessedAt: string | null;
  approvedAt: string | null;
  paymentScheduledAt: string | null;
  paidAt: string | null;
  followUpAt: string | null;
  followUp: FollowUpOutcome | null;
  closedAt: string | null;
  withdrawnAt: string | null;
  /** Assessment inputs; chosen so that the product's rules produce exactly `payoutFen`. */
  assessment: { benefit: 'death' } | { benefit: 'disability'; grade: number } | { benefit: 'medical'; eligibleCostFen: bigint; otherPayersFen: bigint } | { benefit: 'allowance'; days: number } | null;
  payoutFen: bigint;
}

export interface ProgrammePlan {
  parameters: GeneratorParameters;
  yearStart: string;
  yearEnd: string;
  /** The instant the reports are read at (the end of the programme year). */
  asOf: string;
  benefits: ProductBenefits;
  products: PlannedProduct[];
  referrers: PlannedReferrer[];
  households: PlannedHousehold[];
  claims: PlannedClaim[];
}

/** Benefits every product of the plan shares (household figures, in fen). */
export interface ProductBenefits {
  deathDisabilitySumInsuredFen: bigint;
  medicalLimitFen: bigint;
  medicalDeductibleFen: bigint;
  medicalReimbursementBp: number;
  hospitalAllowancePerDayFen: bigint;
  hospitalAllowanceMaxDays: number;
  coverStartDaysAfterEnrolment: number;
  issuanceDeadlineDays: number;
  deliveryDeadlineDays: number;
}

export const PLAN_BENEFITS: ProductBenefits = {
  deathDisabilitySumInsuredFen: 6_000_000n, // 60,000 yuan per household
  medicalLimitFen: 1_000_000n, // 10,000 yuan shared by the household
  medicalDeductibleFen: 10_000n, // 100 yuan
  medicalReimbursementBp: 9000,
  hospitalAllowancePerDayFen: 5_000n, // 50 yuan a day
  hospitalAllowanceMaxDays: 30,
  coverStartDaysAfterEnrolment: 10,
  issuanceDeadlineDays: 3,
  deliveryDeadlineDays: 15,
};

/** The documents the claim rules require: those of every claim, and those each benefit adds. */
export const PLAN_DOCUMENTS: { every: readonly string[] } & Record<Benefit, readonly string[]> = {
  every: ['claim_form', 'id_document', 'accident_proof', 'bank_account'],
  death: ['death_certificate', 'household_deregistration', 'beneficiary_relationship'],
  disability: ['disability_assessment', 'medical_records'],
  medical: ['medical_records', 'medical_invoice', 'other_payer_statement'],
  allowance: ['medical_records', 'discharge_summary'],
};

/** Disability grade ratios of the industry table (grade 1 = 100 % ... grade 10 = 10 %), basis points. */
export const DISABILITY_GRADE_BP = [10000, 9000, 8000, 7000, 6000, 5000, 4000, 3000, 2000, 1000];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
/** Midnight UTC of the instant's UTC day (08:00 in China). */
const dayOf = (ms: number): number => Math.floor(ms / DAY) * DAY;
/**
 * 00:00-08:00 UTC, 08:00-16:00 in China: enrolment staff and governments work office hours. Keeping the
 * enrolment steps to 9 hours a day also lets the driver replay more of them per hour bucket.
 */
const officeHour = (rnd: Random): number => rnd.int(0, 8) * HOUR;

/** Half down to the fen, as the claims rules define it. */
export const ratioRoundHalfDown = (amount: bigint, bp: number): bigint => {
  const num = amount * BigInt(bp);
  const q = num / 10_000n;
  return num % 10_000n > 5_000n ? q + 1n : q;
};

const yuan = (v: number): bigint => BigInt(Math.round(v)) * 100n;

/** Two adjacent whole-yuan premium tiers that give `n` households exactly `totalYuan` together. */
function premiumTiers(n: number, totalYuan: number): { lowYuan: number; lowCount: number; highCount: number } {
  const lowYuan = Math.floor(totalYuan / n);
  const highCount = totalYuan - lowYuan * n;
  return { lowYuan, lowCount: n - highCount, highCount };
}

/** Household sizes 2..5 adding up to `persons` exactly (the mobile storefront's insured persons). */
function sizesForPersons(n: number, persons: number, rnd: Random): number[] {
  const sizes = Array.from({ length: n }, () => 3);
  let diff = persons - 3 * n;
  const order = rnd.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let k = 0; diff !== 0 && k < order.length * 3; k++) {
    const i = order[k % order.length];
    if (diff > 0 && sizes[i] < 5) {
      sizes[i]++;
      diff--;
    } else if (diff < 0 && sizes[i] > 2) {
      sizes[i]--;
      diff++;
    }
  }
  if (diff !== 0) throw new Error(`cannot seat ${persons} persons in ${n} households of 2..5`);
  return sizes;
}

function sharesOf(premiumFen: bigint, parts: [Payer, number][]): { payer: Payer; amountFen: bigint }[] {
  // Whole yuan per payer; the first payer takes the remainder so the shares add up exactly.
  const shares = parts.map(([payer, bp]) => ({ payer, amountFen: (((premiumFen * BigInt(bp)) / 10_000n) / 100n) * 100n }));
  const rest = premiumFen - shares.reduce((t, s) => t + s.amountFen, 0n);
  shares[0].amountFen += rest;
  return shares;
}

function product(programmeYear: number, premiumYuan: number, gifted: boolean): PlannedProduct {
  const premiumFen = yuan(premiumYuan);
  return {
    code: `FP${programmeYear}-${gifted ? 'G' : 'S'}${premiumYuan}`,
    premiumFen,
    gifted,
    payerShares: gifted
      ? sharesOf(premiumFen, [['PROVINCE', 4000], ['COUNTY', 3000], ['TOWNSHIP', 3000]])
      : sharesOf(premiumFen, [['HOUSEHOLD', 5000], ['PROVINCE', 1000], ['COUNTY', 1000], ['TOWNSHIP', 1500], ['VILLAGE', 1500]]),
  };
}

/**
 * What death pays a member (disability a grade ratio of it): their share of the household sum insured as
 * the policy records it, which the claims rules pay. Enrollment splits the sum equally and gives the fen
 * that do not divide one each to the first insured members; the driver insures every member in the
 * planned order, so `position` is the member's index in the household.
 */
export const recordedMemberShareFen = (b: ProductBenefits, insured: number, position: number): bigint => {
  const n = BigInt(insured);
  return b.deathDisabilitySumInsuredFen / n + (BigInt(position) < b.deathDisabilitySumInsuredFen % n ? 1n : 0n);
};

/** Plans one programme year for every city of the parameters. Deterministic for a seed. */
export function planProgrammeYear(parameters: GeneratorParameters): ProgrammePlan {
  const year = parameters.programmeYear;
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1) - 1;
  const benefits = PLAN_BENEFITS;
  const products = new Map<string, PlannedProduct>();
  const referrers: PlannedReferrer[] = [];
  const households: PlannedHousehold[] = [];
  const claims: PlannedClaim[] = [];
  const root = new Random(parameters.seed);
  const takenIds = new Set<string>();

  for (const city of parameters.cities) {
    const rnd = root.fork(`city:${city.code}`);
    planCity(city, rnd, year, yearStart, yearEnd, benefits, products, referrers, households, claims, takenIds);
  }
  return {
    parameters,
    yearStart: iso(yearStart),
    yearEnd: iso(yearEnd),
    asOf: iso(yearEnd),
    benefits,
    products: [...products.values()].sort((a, b) => a.code.localeCompare(b.code)),
    referrers,
    households,
    claims,
  };
}

function planCity(
  city: CityParameters,
  rnd: Random,
  year: number,
  yearStart: number,
  yearEnd: number,
  benefits: ProductBenefits,
  products: Map<string, PlannedProduct>,
  referrers: PlannedReferrer[],
  households: PlannedHousehold[],
  claims: PlannedClaim[],
  takenIds: Set<string>,
): void {
  if (!FICTITIOUS_PREFECTURES.has(city.code.slice(2, 4))) throw new Error(`city code ${city.code} must be fictitious (PP98 or PP99)`);
  // Regions: county = city + 2 digits, township + 3 digits, village + 3 digits.
  const villages: { county: string; township: string; village: string }[] = [];
  for (let c = 1; c <= city.counties; c++) {
    const county = `${city.code}${String(c).padStart(2, '0')}`;
    for (let t = 1; t <= city.townshipsPerCounty; t++) {
      const township = `${county}${String(t).padStart(3, '0')}`;
      for (let v = 1; v <= city.villagesPerTownship; v++) villages.push({ county, township, village: `${township}${String(v).padStart(3, '0')}` });
    }
  }
  const villageByCode = new Map(villages.map((v) => [v.village, v]));
  const cityReferrers: PlannedReferrer[] = [];
  for (let r = 0; r < city.referrers; r++) {
    cityReferrers.push({ key: `${city.code}-R${String(r + 1).padStart(4, '0')}`, name: syntheticName(rnd), villageCode: villages[(r * 7919) % villages.length].village });
  }
  referrers.push(...cityReferrers);

  const mobile = city.mobile;
  const rest = { households: city.households - mobile.households, premiumYuan: city.premiumYuan - mobile.premiumYuan };
  const mobileTiers = premiumTiers(mobile.households, mobile.premiumYuan);
  const restTiers = premiumTiers(rest.households, rest.premiumYuan);
  const mobileSizes = sizesForPersons(mobile.households, mobile.persons, rnd);
  const enrolmentEnd = yearStart + 89 * DAY; // the enrolment campaign runs for the first quarter

  for (let h = 0; h < city.households; h++) {
    const isMobile = h < mobile.households;
    const tiers = isMobile ? mobileTiers : restTiers;
    const index = isMobile ? h : h - mobile.households;
    const premiumYuan = index < tiers.lowCount ? tiers.lowYuan : tiers.lowYuan + 1;
    const channel: Channel = isMobile ? 'MOBILE_STOREFRONT' : rnd.weighted(city.channelMix);
    const gifted = channel === 'GOVERNMENT_GIFTED';
    const p = products.get(`FP${year}-${gifted ? 'G' : 'S'}${premiumYuan}`) ?? product(year, premiumYuan, gifted);
    products.set(p.code, p);

    const referrer = channel === 'REFERRER' ? rnd.pick(cityReferrers) : null;
    const place = (referrer && villageByCode.get(referrer.villageCode)) || rnd.pick(villages);
    const status: HouseholdStatus =
      channel === 'GOVERNMENT_GIFTED'
        ? rnd.weighted({ SPECIAL_SUPPORT: 4, SPECIAL_FAMILY: 2, LOW_INCOME: 4 })
        : rnd.weighted({ ONE_CHILD: 5, RURAL_TWO_DAUGHTERS: 3, OTHER: 2, LOW_INCOME: 0.5 });
    const size = isMobile ? mobileSizes[h] : rnd.weighted({ '2': 2, '3': 5, '4': 2, '5': 1 }) === '2' ? 2 : rnd.int(3, 5);
    const key = `${city.code}-H${String(h + 1).padStart(6, '0')}`;
    // Every planned instant is a whole hour: the driver replays the year hour by hour on a frozen clock.
    // 00:00-08:00 UTC is 08:00-16:00 in China, the counters' opening hours, and keeps the China date.
    const appliedAt = yearStart + 3 * DAY + rnd.int(0, Math.floor((enrolmentEnd - yearStart - 3 * DAY) / DAY)) * DAY + rnd.int(0, 8) * HOUR;
    const members = planMembers(key, place.county, size, year, h, rnd, takenIds);

    const payments: PlannedHousehold['payments'] = [];
    let last = appliedAt;
    for (const s of p.payerShares) {
      // The household pays at the counter when it applies; governments pay in batches a few days later.
      const at = s.payer === 'HOUSEHOLD' ? appliedAt : dayOf(appliedAt) + rnd.int(1, 5) * DAY + officeHour(rnd);
      payments.push({ at: iso(at), payer: s.payer, amountFen: s.amountFen });
      last = Math.max(last, at);
    }
    payments.sort((a, b) => a.at.localeCompare(b.at));
    const fullyPaidAt = last;
    const issuanceDue = fullyPaidAt + benefits.issuanceDeadlineDays * DAY;
    let issuedAt: number | null;
    const issuanceDraw = rnd.next();
    if (issuanceDraw < city.unissuedShare) issuedAt = null;
    // Issuance and delivery happen in office hours too, on a later day than the step before: on time stays
    // strictly before the deadline (at most deadline - 1 days + 8 h), late strictly after it.
    else if (issuanceDraw < city.unissuedShare + city.lateIssuanceShare) issuedAt = dayOf(issuanceDue) + rnd.int(1, 20) * DAY + officeHour(rnd);
    else issuedAt = dayOf(fullyPaidAt) + rnd.int(1, benefits.issuanceDeadlineDays - 1) * DAY + officeHour(rnd);
    let deliveredAt: number | null = null;
    if (issuedAt !== null) {
      const deliveryDue = issuedAt + benefits.deliveryDeadlineDays * DAY;
      const d = rnd.next();
      if (d < city.undeliveredShare) deliveredAt = null;
      else if (d < city.undeliveredShare + city.lateDeliveryShare) deliveredAt = dayOf(deliveryDue) + rnd.int(1, 30) * DAY + officeHour(rnd);
      else deliveredAt = dayOf(issuedAt) + rnd.int(1, benefits.deliveryDeadlineDays - 1) * DAY + officeHour(rnd);
    }
    households.push({
      key,
      cityCode: city.code,
      countyCode: place.county,
      townshipCode: place.township,
      villageCode: place.village,
      status,
      channel,
      referrerKey: referrer?.key ?? null,
      productCode: p.code,
      premiumFen: p.premiumFen,
      members,
      appliedAt: iso(appliedAt),
      payments,
      fullyPaidAt: iso(fullyPaidAt),
      issuedAt: issuedAt === null ? null : iso(issuedAt),
      deliveredAt: deliveredAt === null ? null : iso(deliveredAt),
      // Cover starts N days after the China date of the application, at midnight China time (UTC+8).
      coverStartsAt: iso(Math.floor(appliedAt / DAY) * DAY + benefits.coverStartDaysAfterEnrolment * DAY - 8 * HOUR),
    });
  }
  planClaims(city, rnd.fork('claims'), households.filter((h) => h.cityCode === city.code), yearEnd, benefits, claims);
}

function planMembers(key: string, county: string, size: number, year: number, serial: number, rnd: Random, taken: Set<string>): PlannedMember[] {
  const members: PlannedMember[] = [];
  const headAge = rnd.int(28, 58);
  const roles: PlannedMember['relationship'][] = ['HEAD', 'SPOUSE', 'CHILD', 'CHILD', 'PARENT'];
  for (let i = 0; i < size; i++) {
    const relationship = roles[i];
    const age = relationship === 'CHILD' ? rnd.int(2, Math.min(25, headAge - 18)) : relationship === 'PARENT' ? rnd.int(Math.min(headAge + 18, 60), 64) : Math.max(20, headAge + rnd.int(-4, 4));
    const sex: 'MALE' | 'FEMALE' = relationship === 'HEAD' ? 'MALE' : relationship === 'SPOUSE' ? 'FEMALE' : rnd.chance(0.5) ? 'MALE' : 'FEMALE';
    // Born before 1 January of the programme year, so the age at cover start is exactly `age`.
    const birth = new Date(Date.UTC(year - age - 1, rnd.int(0, 11), rnd.int(1, 28)));
    const birthDate = birth.toISOString().slice(0, 10);
    let idNumber = syntheticIdNumber(county, birthDate, sex, serial * 5 + i);
    // Region, birth date and sequence can coincide for two synthetic people; the same person twice cannot exist.
    for (let bump = 1; taken.has(idNumber); bump++) idNumber = syntheticIdNumber(county, birthDate, sex, serial * 5 + i + bump * 7);
    taken.add(idNumber);
    members.push({ key: `${key}-M${i + 1}`, idNumber, name: syntheticName(rnd), relationship, birthDate, sex });
  }
  return members;
}

/**
 * Claims whose payouts add up to the city's paid amount exactly: deaths, disabilities and allowances
 * drawn at random, medical claims filling the rest, each medical payout then reached exactly by choosing
 * the eligible cost that the 90 % rule after the 100-yuan deductible turns into it.
 */
function planClaims(city: CityParameters, rnd: Random, cityHouseholds: PlannedHousehold[], yearEnd: number, b: ProductBenefits, out: PlannedClaim[]): void {
  // Only issued policies: the claims service registers a claim against a policy that was issued (a pending
  // one is rejected as not in force), so every claim is reported after cover start and after issuance.
  const candidates = rnd.shuffle(cityHouseholds.filter((h) => h.issuedAt !== null && Date.parse(h.coverStartsAt) < yearEnd - 60 * DAY));
  const paidCount = city.paid.persons;
  const total = yuan(city.paid.amountYuan);
  if (candidates.length < paidCount + city.rejectedClaims + city.withdrawnClaims) throw new Error(`city ${city.code}: too few households for its claims`);

  type Draft = { h: PlannedHousehold; m: PlannedMember; benefit: Benefit; payout: bigint; grade?: number; days?: number };
  const drafts: Draft[] = [];
  let fixed = 0n;
  for (let i = 0; i < paidCount; i++) {
    const h = candidates[i];
    const m = rnd.pick(h.members);
    const share = recordedMemberShareFen(b, h.members.length, h.members.indexOf(m));
    const kind = rnd.weighted({ death: 0.012, disability: 0.035, allowance: 0.12, medical: 0.833 }) as Benefit;
    if (kind === 'death') {
      drafts.push({ h, m, benefit: 'death', payout: share });
      fixed += share;
    } else if (kind === 'disability') {
      const grade = rnd.int(5, 10);
      const payout = ratioRoundHalfDown(share, DISABILITY_GRADE_BP[grade - 1]);
      drafts.push({ h, m, benefit: 'disability', payout, grade });
      fixed += payout;
    } else if (kind === 'allowance') {
      const days = rnd.int(3, b.hospitalAllowanceMaxDays);
      const payout = b.hospitalAllowancePerDayFen * BigInt(days);
      drafts.push({ h, m, benefit: 'allowance', payout, days });
      fixed += payout;
    } else {
      drafts.push({ h, m, benefit: 'medical', payout: 0n });
    }
  }
  const medical = drafts.filter((d) => d.benefit === 'medical');
  let remaining = total - fixed;
  const minMedical = 5_000n; // 50 yuan
  const maxMedical = b.medicalLimitFen;
  if (remaining < minMedical * BigInt(medical.length) || remaining > maxMedical * BigInt(medical.length)) {
    throw new Error(`city ${city.code}: medical claims cannot absorb ${remaining} fen; adjust the benefit mix`);
  }
  // Random medical payouts within bounds, then the difference spread until the total is exact.
  const avg = remaining / BigInt(medical.length);
  for (const d of medical) {
    const jitter = BigInt(Math.floor((rnd.next() * 1.6 - 0.8) * Number(avg)));
    d.payout = clamp(avg + jitter, minMedical, maxMedical);
  }
  let diff = remaining - medical.reduce((t, d) => t + d.payout, 0n);
  for (let pass = 0; diff !== 0n && pass < 10_000; pass++) {
    for (const d of medical) {
      if (diff === 0n) break;
      const step = diff / BigInt(medical.length) || (diff > 0n ? 1n : -1n);
      const next = clamp(d.payout + step, minMedical, maxMedical);
      diff -= next - d.payout;
      d.payout = next;
    }
  }
  if (diff !== 0n) throw new Error(`city ${city.code}: could not reach the paid total`);
  remaining = 0n;

  let n = 0;
  const claimKey = () => `${city.code}-C${String(++n).padStart(6, '0')}`;
  let fastTracked = 0;
  for (const d of drafts) {
    const cover = earliestClaimable(d.h);
    const accident = cover + DAY + rnd.int(0, Math.floor((yearEnd - 75 * DAY - cover) / HOUR)) * HOUR;
    const reported = accident + (rnd.chance(0.9) ? rnd.int(1, 47) : rnd.int(50, 120)) * HOUR;
    const missingDocs = rnd.chance(0.45);
    const requested = missingDocs ? reported + rnd.int(1, 20) * HOUR : null;
    const complete = requested === null ? reported : requested + rnd.int(2, 20) * DAY;
    // Missing at the report: the benefit's own documents (the family brings the form and ID at once).
    const documentsRequested = missingDocs ? [...PLAN_DOCUMENTS[d.benefit]] : [];
    const documentsAtReport = [...PLAN_DOCUMENTS.every, ...PLAN_DOCUMENTS[d.benefit]].filter((x) => !documentsRequested.includes(x));
    const assessment = assessmentFor(d, b);
    // Most families name the amount of a medical claim: their own share of the bill, at most the medical limit.
    const claimedAmountFen = assessment.benefit === 'medical' && rnd.chance(0.85) ? clamp(assessment.eligibleCostFen - assessment.otherPayersFen, 1n, b.medicalLimitFen) : null;
    // Green-channel claims are decided and paid well within their targets (3 days each), except every tenth
    // of a city, the first included, decided days late: the fast-track figures then show both.
    const fastTrack = fastTrackCriteria({ benefit: d.benefit, claimedAmountFen }, [...documentsAtReport, ...documentsRequested], d.h.status).length > 0;
    const late = fastTrack && fastTracked++ % 10 === 0;
    const assessed = complete + (fastTrack ? (late ? rnd.int(4, 6) * DAY : rnd.int(2, 30) * HOUR) : rnd.int(1, rnd.chance(0.05) ? 35 : 25) * DAY);
    const approved = assessed + rnd.int(1, fastTrack ? 12 : 48) * HOUR;
    const scheduled = approved + rnd.int(1, fastTrack ? 12 : 24) * HOUR;
    const paid = scheduled + (rnd.chance(0.04) ? rnd.int(10, 14) * DAY : rnd.int(2, fastTrack ? 48 : 96) * HOUR);
    const followUpAt = paid + rnd.int(3, 15) * DAY;
    const followUp = rnd.weighted(city.followUp) as FollowUpOutcome;
    const closed = followUpAt + rnd.int(1, 48) * HOUR;
    out.push({
      key: claimKey(),
      householdKey: d.h.key,
      memberKey: d.m.key,
      cityCode: city.code,
      countyCode: d.h.countyCode,
      benefit: d.benefit,
      outcome: 'paid',
      accidentAt: iso(accident),
      reportedAt: iso(reported),
      claimedAmountFen,
      documentsAtReport,
      documentsRequested,
      documentsRequestedAt: requested === null ? null : iso(requested),
      documentsCompletedAt: iso(complete),
      assessedAt: iso(assessed),
      approvedAt: iso(approved),
      paymentScheduledAt: iso(scheduled),
      paidAt: iso(paid),
      followUpAt: iso(followUpAt),
      followUp,
      closedAt: closed <= yearEnd ? iso(closed) : null,
      withdrawnAt: null,
      assessment,
      payoutFen: d.payout,
    });
  }
  const others = candidates.slice(paidCount, paidCount + city.rejectedClaims + city.withdrawnClaims);
  others.forEach((h, i) => {
    const rejected = i < city.rejectedClaims;
    const m = rnd.pick(h.members);
    // Rejected by the assessor as not an accident (a coded decision after registration): an accident before
    // cover is refused at the report already (422) and would never become a claim to count.
    const cover = earliestClaimable(h);
    const accident = cover + rnd.int(2, 200) * DAY;
    const reported = accident + rnd.int(1, 40) * HOUR;
    // Every document in with the report, and an amount asked for the medical bill (a small one: green channel).
    const claimedAmountFen = BigInt(rnd.int(200, 3000)) * 100n;
    out.push({
      key: claimKey(),
      householdKey: h.key,
      memberKey: m.key,
      cityCode: city.code,
      countyCode: h.countyCode,
      benefit: 'medical',
      outcome: rejected ? 'rejected' : 'withdrawn',
      accidentAt: iso(accident),
      reportedAt: iso(reported),
      claimedAmountFen,
      documentsAtReport: [...PLAN_DOCUMENTS.every, ...PLAN_DOCUMENTS.medical],
      documentsRequested: [],
      documentsRequestedAt: null,
      documentsCompletedAt: iso(reported),
      assessedAt: null,
      approvedAt: null,
      paymentScheduledAt: null,
      paidAt: null,
      followUpAt: null,
      followUp: null,
      closedAt: rejected ? iso(reported + rnd.int(1, 3) * DAY) : null,
      withdrawnAt: rejected ? null : iso(reported + rnd.int(1, 5) * DAY),
      assessment: null,
      payoutFen: 0n,
    });
  });
}

/** Cover has started and the policy is issued (the claims service checks both at registration). */
const earliestClaimable = (h: PlannedHousehold): number => Math.max(Date.parse(h.coverStartsAt), Date.parse(h.issuedAt ?? h.coverStartsAt) + HOUR);

const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

function assessmentFor(d: { benefit: Benefit; payout: bigint; grade?: number; days?: number }, b: ProductBenefits): NonNullable<PlannedClaim['assessment']> {
  switch (d.benefit) {
    case 'death':
      return { benefit: 'death' };
    case 'disability':
      return { benefit: 'disability', grade: d.grade ?? 10 };
    case 'allowance':
      return { benefit: 'allowance', days: d.days ?? 1 };
    case 'medical': {
      // Smallest base whose 90 % (half down) is the payout; every whole-fen payout is reachable.
      let base = (d.payout * 10_000n) / BigInt(b.medicalReimbursementBp);
      while (ratioRoundHalfDown(base, b.medicalReimbursementBp) < d.payout) base++;
      if (ratioRoundHalfDown(base, b.medicalReimbursementBp) !== d.payout) throw new Error(`no medical cost gives ${d.payout} fen`);
      const otherPayersFen = (base / 3n / 100n) * 100n; // basic medical insurance paid a third, in whole yuan
      return { benefit: 'medical', eligibleCostFen: base + otherPayersFen + b.medicalDeductibleFen, otherPayersFen };
    }
  }
}
