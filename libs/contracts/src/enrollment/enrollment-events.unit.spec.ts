import { maskIdNumber } from '../pii';
import { ENROLLMENT_EVENT_TYPES, enrollmentCloudEventType, type EnrollmentEvent, type PolicySnapshot, type HouseholdSnapshot } from './events';
import fc from 'fast-check';
import { enrollmentEventSchemas } from './schemas';
import { checkSchema, conformsTo, decodeEnrollmentEvent, validateEnrollmentEvent, type JsonSchemaSubset } from './validate';

const ID = '11010519491231002X';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const region = { countyCode: '449901', townshipCode: '449901001', villageCode: '449901001001' };

const household: HouseholdSnapshot = {
  householdId: uuid(1),
  familyPlanningStatus: 'LOW_INCOME',
  vulnerable: true,
  region,
  memberCount: 1,
  members: [{ memberId: uuid(2), relationship: 'HEAD', idNumberMasked: maskIdNumber(ID), sex: 'FEMALE', birthYear: 1949 }],
  registeredAt: '2025-02-10T02:00:00.000Z',
};

const policy: PolicySnapshot = {
  policyId: uuid(3),
  policyNumber: 'PN-0001',
  householdId: uuid(1),
  programmeYear: 2025,
  productCode: 'STD-60',
  status: 'ISSUED',
  channel: 'REFERRER',
  referrerId: uuid(4),
  region,
  householdStatus: 'LOW_INCOME',
  vulnerable: true,
  householdMemberCount: 2,
  insuredPersons: 2,
  premiumFen: '6000',
  paidFen: '6000',
  payerShares: [{ payer: 'COUNTY', amountFen: '3000', paidFen: '3000' }, { payer: 'HOUSEHOLD', amountFen: '3000', paidFen: '3000' }],
  coverStartsOn: '2025-03-01',
  coverEndsOn: '2025-12-31',
  coverage: { deathDisabilitySumInsuredFen: '10000000', medicalLimitFen: '500000', medicalDeductibleFen: '10000', medicalReimbursementBp: 8000, hospitalAllowancePerDayFen: '5000', hospitalAllowanceMaxDays: 30 },
  insuredMembers: [{ memberId: uuid(2), relationship: 'HEAD', idNumberMasked: maskIdNumber(ID), sex: 'FEMALE', ageAtCoverStart: 60, deathDisabilitySumInsuredFen: '5000000' }],
  issuanceDeadlineDays: 3,
  deliveryDeadlineDays: 15,
  timestamps: {
    appliedAt: '2025-02-10T02:00:00.000Z',
    premiumFullyPaidAt: '2025-02-12T00:00:00.000Z',
    issuanceDueAt: '2025-02-15T00:00:00.000Z',
    issuedAt: '2025-02-13T00:00:00.000Z',
    deliveryDueAt: '2025-02-28T00:00:00.000Z',
    deliveredAt: null,
    inForceAt: null,
    expiredAt: null,
    cancelledAt: null,
  },
  renewedFromPolicyId: null,
  renewedToPolicyId: null,
};

const base = { eventId: uuid(9), version: 1 as const, revision: 4, occurredAt: '2025-02-13T00:00:00.000Z', actor: 'insurer-1' };
const hh = { ...base, aggregateType: 'household' as const, aggregateId: uuid(1) };
const pol = { ...base, aggregateType: 'policy' as const, aggregateId: uuid(3) };

const samples: EnrollmentEvent[] = [
  { ...hh, type: 'HouseholdRegistered', data: { household } },
  { ...hh, type: 'HouseholdUpdated', data: { household, changedFields: ['familyPlanningStatus'] } },
  { ...hh, type: 'HouseholdMemberAdded', data: { household, memberId: uuid(2) } },
  { ...pol, type: 'PolicyApplied', data: { policy } },
  { ...pol, type: 'PremiumPaymentRecorded', data: { policy, payment: { paymentId: uuid(5), payer: 'COUNTY', amountFen: '3000', paidAt: '2025-02-12T00:00:00.000Z' }, fullyPaid: true } },
  { ...pol, type: 'PolicyIssued', data: { policy } },
  { ...pol, type: 'PolicyDelivered', data: { policy, delivery: { method: 'IN_PERSON', proofReference: 'photo-1' } } },
  { ...pol, type: 'PolicyInForce', data: { policy } },
  { ...pol, type: 'PolicyExpired', data: { policy } },
  { ...pol, type: 'PolicyCancelled', data: { policy, reason: 'HOUSEHOLD_REQUEST' } },
  { ...pol, type: 'PolicyRenewed', data: { policy, renewedToPolicyId: uuid(6), renewedToProgrammeYear: 2026 } },
];

describe('enrollment integration events', () => {
  it('has a sample for every event type', () => {
    expect(samples.map((s) => s.type).sort()).toEqual([...ENROLLMENT_EVENT_TYPES].sort());
  });

  it.each(samples.map((s) => [s.type, s] as const))('%s round-trips through JSON and its schema', (_, event) => {
    const check = decodeEnrollmentEvent(new TextEncoder().encode(JSON.stringify(event)));
    expect(check).toEqual({ ok: true, event });
  });

  it('refuses a raw ID number where a masked one belongs', () => {
    const leaked = { ...samples[0], data: { household: { ...household, members: [{ ...household.members[0], idNumberMasked: ID }] } } };
    const check = validateEnrollmentEvent(leaked);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toEqual([{ path: 'data.household.members[0].idNumberMasked', problem: 'has the wrong format' }]);
  });

  it('refuses unknown fields (a name slipped in), missing fields, wrong types and unknown types', () => {
    const withName = { ...samples[3], data: { policy: { ...policy, headName: '王某' } } };
    expect(validateEnrollmentEvent(withName)).toEqual({ ok: false, problems: [{ path: 'data.policy.headName', problem: 'is not allowed' }] });
    const { revision: _revision, ...noRevision } = samples[3];
    expect(validateEnrollmentEvent(noRevision).ok).toBe(false);
    expect(validateEnrollmentEvent({ ...samples[3], data: { policy: { ...policy, premiumFen: 60.5 } } }).ok).toBe(false);
    expect(validateEnrollmentEvent({ ...samples[3], type: 'PolicyTeleported' }).ok).toBe(false);
    expect(decodeEnrollmentEvent('{not json').ok).toBe(false);
  });

  it('names CloudEvents types by event and version', () => {
    expect(enrollmentCloudEventType('PolicyIssued')).toBe('fpi.enrollment.PolicyIssued.v1');
  });

  it('property: the fast conformance check and the explaining check always agree', () => {
    const paths = (v: unknown, prefix: string[] = []): string[][] =>
      v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, c]) => [[...prefix, k], ...paths(c, [...prefix, k])]) : [];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (event, pick, replacement) => {
        const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        const all = paths(copy);
        const path = all[pick % all.length];
        let at: Record<string, unknown> = copy;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[path[path.length - 1]] = replacement;
        const schema = enrollmentEventSchemas[event.type] as JsonSchemaSubset;
        return conformsTo(schema, copy) === (checkSchema(schema, copy).length === 0);
      }),
      { numRuns: 500 },
    );
  });
});
