import { randomUUID } from 'node:crypto';
import { maskIdNumber, validateEnrollmentEvent, type PolicyEvent, type PolicySnapshot, type PolicyStatusCode } from '@fpi/contracts';

/** County, township and village of the test households (Beijing Chaoyang; codes only, no real people). */
export const COUNTY = '110105';
export const TOWNSHIP = '110105001';
export const VILLAGE = '110105001001';
/** Another county of the same city, for region-scoping tests. */
export const OTHER_COUNTY = '110106';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * A format-valid resident ID number (GB 11643 check character) with a 19th-century birth date, so that it
 * can never be a living person's number.
 */
export function syntheticIdNumber(region: string, n: number): string {
  const birth = `18${String(10 + (n % 80)).padStart(2, '0')}0${1 + (n % 9)}1${n % 10}`;
  const body = `${region}${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (WEIGHTS[i] as number), 0);
  return body + CHECK[sum % 11];
}

export interface TestMember {
  memberId: string;
  idNumber: string;
}

export interface TestPolicy {
  policyId: string;
  householdId: string;
  policyNumber: string;
  members: TestMember[];
  county: string;
  revision: number;
}

export interface PolicyTerms {
  sumInsuredFen: string;
  medicalLimitFen: string;
  medicalDeductibleFen: string;
  medicalReimbursementBp: number;
  allowancePerDayFen: string;
  allowanceMaxDays: number;
}

/** 100,000 yuan death/disability for the household, 10,000 yuan shared medical at 90 % after 100 yuan, 50 yuan a day for up to 30 days. */
export const STANDARD_TERMS: PolicyTerms = {
  sumInsuredFen: '10000000',
  medicalLimitFen: '1000000',
  medicalDeductibleFen: '10000',
  medicalReimbursementBp: 9000,
  allowancePerDayFen: '5000',
  allowanceMaxDays: 30,
};

let counter = 0;

/** A household of `size` insured members with a fresh policy (ids only; the event is built by {@link policyEvent}). */
export function newPolicy(size = 4, county = COUNTY): TestPolicy {
  counter += 1;
  return {
    policyId: randomUUID(),
    householdId: randomUUID(),
    policyNumber: `PN-2025-${String(counter).padStart(6, '0')}-${randomUUID().slice(0, 4)}`,
    members: Array.from({ length: size }, (_, i) => ({ memberId: randomUUID(), idNumber: syntheticIdNumber(county, counter * 10 + i) })),
    county,
    revision: 0,
  };
}

/** The state-carrying enrollment event of the policy at its next revision; validated against the published schema. */
export function policyEvent(
  p: TestPolicy,
  opts: { type?: PolicyEvent['type']; status?: PolicyStatusCode; terms?: PolicyTerms; coverStartsOn?: string; coverEndsOn?: string; vulnerable?: boolean } = {},
): PolicyEvent {
  p.revision += 1;
  const terms = opts.terms ?? STANDARD_TERMS;
  const size = BigInt(p.members.length);
  const sum = BigInt(terms.sumInsuredFen);
  const share = (i: number) => (sum / size + (BigInt(i) < sum % size ? 1n : 0n)).toString();
  const township = `${p.county}001`;
  const policy: PolicySnapshot = {
    policyId: p.policyId,
    policyNumber: p.policyNumber,
    householdId: p.householdId,
    programmeYear: 2025,
    productCode: 'STD-60',
    status: opts.status ?? 'IN_FORCE',
    channel: 'MOBILE_STOREFRONT',
    referrerId: null,
    region: { countyCode: p.county, townshipCode: township, villageCode: `${township}001` },
    householdStatus: opts.vulnerable ? 'SPECIAL_FAMILY' : 'ONE_CHILD',
    vulnerable: opts.vulnerable ?? false,
    householdMemberCount: p.members.length,
    insuredPersons: p.members.length,
    premiumFen: '6000',
    paidFen: '6000',
    payerShares: [{ payer: 'HOUSEHOLD', amountFen: '6000', paidFen: '6000' }],
    coverStartsOn: opts.coverStartsOn ?? '2025-01-01',
    coverEndsOn: opts.coverEndsOn ?? '2025-12-31',
    coverage: {
      deathDisabilitySumInsuredFen: terms.sumInsuredFen,
      medicalLimitFen: terms.medicalLimitFen,
      medicalDeductibleFen: terms.medicalDeductibleFen,
      medicalReimbursementBp: terms.medicalReimbursementBp,
      hospitalAllowancePerDayFen: terms.allowancePerDayFen,
      hospitalAllowanceMaxDays: terms.allowanceMaxDays,
    },
    insuredMembers: p.members.map((m, i) => ({
      memberId: m.memberId,
      relationship: i === 0 ? 'HEAD' : 'CHILD',
      idNumberMasked: maskIdNumber(m.idNumber),
      sex: 'FEMALE',
      ageAtCoverStart: 30,
      deathDisabilitySumInsuredFen: share(i),
    })),
    issuanceDeadlineDays: 3,
    deliveryDeadlineDays: 15,
    timestamps: {
      appliedAt: '2024-12-01T02:00:00.000Z',
      premiumFullyPaidAt: '2024-12-01T02:00:00.000Z',
      issuanceDueAt: '2024-12-04T02:00:00.000Z',
      issuedAt: '2024-12-02T02:00:00.000Z',
      deliveryDueAt: '2024-12-17T02:00:00.000Z',
      deliveredAt: '2024-12-03T02:00:00.000Z',
      inForceAt: '2024-12-31T16:00:00.000Z',
      expiredAt: null,
      cancelledAt: opts.status === 'CANCELLED' ? '2025-06-01T00:00:00.000Z' : null,
    },
    renewedFromPolicyId: null,
    renewedToPolicyId: null,
  };
  const event = {
    eventId: randomUUID(),
    type: opts.type ?? 'PolicyInForce',
    version: 1,
    aggregateType: 'policy',
    aggregateId: p.policyId,
    revision: p.revision,
    occurredAt: '2024-12-31T16:00:00.000Z',
    actor: 'system',
    data: { policy, ...(opts.type === 'PolicyCancelled' ? { reason: 'HOUSEHOLD_REQUEST' } : {}) },
  } as PolicyEvent;
  const check = validateEnrollmentEvent(event);
  if (!check.ok) throw new Error(`fixture is not a valid enrollment event: ${JSON.stringify(check.problems)}`);
  return event;
}

/** The body of a report for member `i` of the policy. */
export function reportBody(p: TestPolicy, overrides: Record<string, unknown> = {}, i = 0): Record<string, unknown> {
  const m = p.members[i] as TestMember;
  return {
    householdId: p.householdId,
    claimant: { memberId: m.memberId, idNumber: m.idNumber },
    accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'village road', regionCode: p.county, causeCode: 'traffic', description: 'hit by a motorbike on the way home' },
    benefits: ['medical'],
    claimedAmountFen: '300000',
    channel: 'phone',
    reporter: { relation: 'self', name: '测试人', phone: '13900001111' },
    documentsProvided: ['claim_form', 'id_document'],
    ...overrides,
  };
}
