import { addDays, isCalendarDate, type CalendarDate } from './calendar';
import { EnrollmentError } from './errors';
import { MAX_FEN, sumFen } from './fen';

/** Who pays part of a premium: the household, a level of government, or the insurer's own subsidy. */
export const PAYER_TYPES = ['HOUSEHOLD', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'INSURER_SUBSIDY'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];
export const isPayerType = (v: string): v is PayerType => (PAYER_TYPES as readonly string[]).includes(v);

export interface PayerShare {
  payer: PayerType;
  amountFen: bigint;
}

export interface Benefits {
  /** Accidental death and disability, per household, split equally among the insured members. */
  deathDisabilitySumInsuredFen: bigint;
  /** Accidental medical: one limit shared by the whole household. */
  medicalLimitFen: bigint;
  medicalDeductibleFen: bigint;
  /** Share of eligible cost reimbursed after the deductible, in basis points (8000 = 80 %). */
  medicalReimbursementBp: number;
  hospitalAllowancePerDayFen: bigint;
  hospitalAllowanceMaxDays: number;
}

export type CoverStartRule = { rule: 'FIXED_DATE'; date: CalendarDate } | { rule: 'AFTER_ENROLMENT'; days: number };

export interface ProgrammeYear {
  year: number;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
}

export interface Product {
  programmeYear: number;
  code: string;
  name: string;
  premiumFen: bigint;
  payerShares: PayerShare[];
  benefits: Benefits;
  coverStart: CoverStartRule;
  /** Days from the premium being fully paid to the issuance deadline (出单时限). */
  issuanceDeadlineDays: number;
  /** Days from issuance to the delivery deadline (入户时限). */
  deliveryDeadlineDays: number;
  minMembers: number;
  maxMembers: number;
  minAge: number;
  maxAge: number;
}

/** The association's defaults for the three rates (see the domain reference): 3 days to issue, 15 to deliver. */
export const DEFAULT_ISSUANCE_DEADLINE_DAYS = 3;
export const DEFAULT_DELIVERY_DEADLINE_DAYS = 15;

const invalid = (message: string, field: string): EnrollmentError => new EnrollmentError('ENROLLMENT.INVALID_PRODUCT', 'validation', message, { field });

/**
 * Payer shares must add up to the premium exactly, to the fen: the premium is what the insurer books, and
 * each share is what one payer (household, a level of government, insurer subsidy) is billed.
 */
export function validatePayerShares(premiumFen: bigint, shares: readonly PayerShare[], field = 'payerShares'): void {
  if (shares.length === 0) throw new EnrollmentError('ENROLLMENT.PAYER_SHARES_MISMATCH', 'validation', `${field} must name at least one payer`, { field });
  const payers = new Set<PayerType>();
  shares.forEach((s, i) => {
    if (payers.has(s.payer)) throw new EnrollmentError('ENROLLMENT.DUPLICATE_PAYER', 'validation', `${field}[${i}]: ${s.payer} is listed twice`, { field: `${field}[${i}].payer` });
    payers.add(s.payer);
    if (s.amountFen <= 0n) throw new EnrollmentError('ENROLLMENT.INVALID_AMOUNT', 'validation', `${field}[${i}].amountFen must be positive`, { field: `${field}[${i}].amountFen` });
  });
  const total = sumFen(shares.map((s) => s.amountFen));
  if (total !== premiumFen) {
    throw new EnrollmentError('ENROLLMENT.PAYER_SHARES_MISMATCH', 'validation', `payer shares add up to ${total} fen but the premium is ${premiumFen} fen`, {
      field,
      premiumFen: premiumFen.toString(),
      sharesTotalFen: total.toString(),
    });
  }
}

export function validateProgrammeYear(p: ProgrammeYear): ProgrammeYear {
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100) throw new EnrollmentError('ENROLLMENT.INVALID_PROGRAMME_YEAR', 'validation', 'year must be between 2000 and 2100', { field: 'year' });
  if (!isCalendarDate(p.startsOn) || !isCalendarDate(p.endsOn)) throw new EnrollmentError('ENROLLMENT.INVALID_PROGRAMME_YEAR', 'validation', 'startsOn and endsOn must be dates (YYYY-MM-DD)', { field: 'startsOn' });
  if (p.endsOn < p.startsOn) throw new EnrollmentError('ENROLLMENT.INVALID_PROGRAMME_YEAR', 'validation', 'endsOn must not be before startsOn', { field: 'endsOn' });
  if (addDays(p.startsOn, 366) < p.endsOn) throw new EnrollmentError('ENROLLMENT.INVALID_PROGRAMME_YEAR', 'validation', 'a programme year lasts at most 366 days', { field: 'endsOn' });
  return p;
}

export function validateProduct(product: Product, year: ProgrammeYear): Product {
  if (!/^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(product.code)) throw invalid('code must be 1-32 upper-case letters, digits, _ or -', 'code');
  if (product.premiumFen <= 0n || product.premiumFen > MAX_FEN) throw invalid('premiumFen must be positive', 'premiumFen');
  validatePayerShares(product.premiumFen, product.payerShares);
  const b = product.benefits;
  for (const [k, v] of Object.entries({ deathDisabilitySumInsuredFen: b.deathDisabilitySumInsuredFen, medicalLimitFen: b.medicalLimitFen, medicalDeductibleFen: b.medicalDeductibleFen, hospitalAllowancePerDayFen: b.hospitalAllowancePerDayFen })) {
    if (v < 0n || v > MAX_FEN) throw invalid(`benefits.${k} is out of range`, `benefits.${k}`);
  }
  if (b.medicalDeductibleFen > b.medicalLimitFen) throw invalid('benefits.medicalDeductibleFen must not exceed the medical limit', 'benefits.medicalDeductibleFen');
  if (!Number.isInteger(b.medicalReimbursementBp) || b.medicalReimbursementBp < 0 || b.medicalReimbursementBp > 10_000) throw invalid('benefits.medicalReimbursementBp must be 0..10000', 'benefits.medicalReimbursementBp');
  if (!Number.isInteger(b.hospitalAllowanceMaxDays) || b.hospitalAllowanceMaxDays < 0 || b.hospitalAllowanceMaxDays > 366) throw invalid('benefits.hospitalAllowanceMaxDays must be 0..366', 'benefits.hospitalAllowanceMaxDays');
  if (product.coverStart.rule === 'FIXED_DATE') {
    const d = product.coverStart.date;
    if (!isCalendarDate(d) || d < year.startsOn || d > year.endsOn) throw invalid('coverStart.date must be a date within the programme year', 'coverStart.date');
  } else if (!Number.isInteger(product.coverStart.days) || product.coverStart.days < 0 || product.coverStart.days > 90) {
    throw invalid('coverStart.days must be 0..90', 'coverStart.days');
  }
  for (const k of ['issuanceDeadlineDays', 'deliveryDeadlineDays'] as const) {
    if (!Number.isInteger(product[k]) || product[k] < 0 || product[k] > 365) throw invalid(`${k} must be 0..365`, k);
  }
  if (!Number.isInteger(product.minMembers) || product.minMembers < 1 || product.maxMembers < product.minMembers || product.maxMembers > 10) {
    throw invalid('member limits must satisfy 1 <= minMembers <= maxMembers <= 10', 'minMembers');
  }
  if (!Number.isInteger(product.minAge) || product.minAge < 0 || product.maxAge < product.minAge || product.maxAge > 120) {
    throw invalid('age limits must satisfy 0 <= minAge <= maxAge <= 120', 'minAge');
  }
  return product;
}

/**
 * The date cover starts for an enrolment made on `enrolledOn`. Cover is never back-dated: an enrolment
 * after a fixed start date, or one whose start would fall after the programme year, is refused, because
 * back-dated cover would insure accidents that already happened.
 */
export function coverStartFor(product: Product, year: ProgrammeYear, enrolledOn: CalendarDate): CalendarDate {
  let start: CalendarDate;
  if (product.coverStart.rule === 'FIXED_DATE') {
    start = product.coverStart.date;
    if (enrolledOn > start) {
      throw new EnrollmentError('ENROLLMENT.ENROLMENT_CLOSED', 'unprocessable', `enrolment for ${product.code} closed when cover started on ${start}`, { coverStartsOn: start });
    }
  } else {
    start = addDays(enrolledOn, product.coverStart.days);
    if (start < year.startsOn) start = year.startsOn;
  }
  if (start > year.endsOn) {
    throw new EnrollmentError('ENROLLMENT.ENROLMENT_CLOSED', 'unprocessable', `cover would start after the programme year ${year.year} ends`, { programmeYear: year.year });
  }
  return start;
}

/**
 * Each insured member's share of the household's death and disability sum insured. The split is equal; the
 * fen that do not divide evenly go one each to the first members (the head comes first), so that the
 * shares always add up to the household sum insured.
 */
export function splitSumInsured(totalFen: bigint, memberCount: number): bigint[] {
  if (memberCount <= 0) return [];
  const n = BigInt(memberCount);
  const base = totalFen / n;
  const remainder = Number(totalFen % n);
  return Array.from({ length: memberCount }, (_, i) => base + (i < remainder ? 1n : 0n));
}
