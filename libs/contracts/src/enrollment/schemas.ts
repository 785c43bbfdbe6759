import type { EnrollmentEventType } from './events';

/**
 * JSON Schemas (draft 2020-12 subset) of the enrollment events, as plain objects so that consumers in any
 * language can use them and `validateEnrollmentEvent` can check messages without a schema library.
 * The subset used: type, enum, const, pattern, minimum, minLength, maxLength, required, properties,
 * additionalProperties: false, items.
 */
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$';
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const FEN = '^(0|[1-9]\\d{0,12})$';
/** Only the mask form is allowed: a raw 18-character ID number fails validation. */
const MASKED_ID = '^\\d{4}\\*{10}[0-9X]{4}$';

const uuid = { type: 'string', pattern: UUID } as const;
const instant = { type: 'string', pattern: INSTANT } as const;
const nullableInstant = { type: ['string', 'null'], pattern: INSTANT } as const;
const fen = { type: 'string', pattern: FEN } as const;
const count = { type: 'integer', minimum: 0 } as const;
const relationship = { enum: ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDPARENT', 'GRANDCHILD', 'SIBLING', 'CHILD_IN_LAW', 'OTHER'] } as const;
const householdStatus = { enum: ['ONE_CHILD', 'RURAL_TWO_DAUGHTERS', 'SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME', 'OTHER'] } as const;
const payer = { enum: ['HOUSEHOLD', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'INSURER_SUBSIDY'] } as const;
const sex = { enum: ['MALE', 'FEMALE'] } as const;

const object = <P extends Record<string, unknown>>(properties: P, optional: readonly (keyof P)[] = []) =>
  ({ type: 'object', additionalProperties: false, required: Object.keys(properties).filter((k) => !optional.includes(k)), properties }) as const;

export const regionCodesSchema = object({
  countyCode: { type: 'string', pattern: '^\\d{6}$' },
  townshipCode: { type: 'string', pattern: '^\\d{9}$' },
  villageCode: { type: 'string', pattern: '^\\d{12}$' },
});

export const householdSnapshotSchema = object({
  householdId: uuid,
  familyPlanningStatus: householdStatus,
  vulnerable: { type: 'boolean' },
  region: regionCodesSchema,
  memberCount: count,
  members: {
    type: 'array',
    items: object({ memberId: uuid, relationship, idNumberMasked: { type: 'string', pattern: MASKED_ID }, sex, birthYear: { type: 'integer', minimum: 1800 } }),
  },
  registeredAt: instant,
});

export const policySnapshotSchema = object({
  policyId: uuid,
  policyNumber: { type: ['string', 'null'], minLength: 1, maxLength: 40 },
  householdId: uuid,
  programmeYear: { type: 'integer', minimum: 2000 },
  productCode: { type: 'string', minLength: 1, maxLength: 32 },
  status: { enum: ['APPLIED', 'PARTIALLY_PAID', 'PAID', 'ISSUED', 'DELIVERED', 'IN_FORCE', 'EXPIRED', 'CANCELLED'] },
  channel: { enum: ['COUNTER', 'REFERRER', 'MOBILE_STOREFRONT', 'GOVERNMENT_GIFTED'] },
  referrerId: { type: ['string', 'null'], pattern: UUID },
  region: regionCodesSchema,
  householdStatus,
  vulnerable: { type: 'boolean' },
  householdMemberCount: count,
  insuredPersons: count,
  premiumFen: fen,
  paidFen: fen,
  payerShares: { type: 'array', items: object({ payer, amountFen: fen, paidFen: fen }) },
  coverStartsOn: { type: 'string', pattern: DATE },
  coverEndsOn: { type: 'string', pattern: DATE },
  coverage: object({
    deathDisabilitySumInsuredFen: fen,
    medicalLimitFen: fen,
    medicalDeductibleFen: fen,
    medicalReimbursementBp: { type: 'integer', minimum: 0, maximum: 10000 },
    hospitalAllowancePerDayFen: fen,
    hospitalAllowanceMaxDays: count,
  }),
  insuredMembers: {
    type: 'array',
    items: object({ memberId: uuid, relationship, idNumberMasked: { type: 'string', pattern: MASKED_ID }, sex, ageAtCoverStart: count, deathDisabilitySumInsuredFen: fen }),
  },
  issuanceDeadlineDays: count,
  deliveryDeadlineDays: count,
  timestamps: object({
    appliedAt: instant,
    premiumFullyPaidAt: nullableInstant,
    issuanceDueAt: nullableInstant,
    issuedAt: nullableInstant,
    deliveryDueAt: nullableInstant,
    deliveredAt: nullableInstant,
    inForceAt: nullableInstant,
    expiredAt: nullableInstant,
    cancelledAt: nullableInstant,
  }),
  renewedFromPolicyId: { type: ['string', 'null'], pattern: UUID },
  renewedToPolicyId: { type: ['string', 'null'], pattern: UUID },
});

const envelope = (type: EnrollmentEventType, aggregateType: 'household' | 'policy', data: Record<string, unknown>) =>
  ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://schemas.fpi.example/enrollment/${type}.v1.json`,
    title: type,
    ...object({
      eventId: uuid,
      type: { const: type },
      version: { const: 1 },
      aggregateType: { const: aggregateType },
      aggregateId: uuid,
      revision: { type: 'integer', minimum: 1 },
      occurredAt: instant,
      actor: { type: 'string', minLength: 1, maxLength: 200 },
      data: object(data),
    }),
  }) as const;

const householdData = { household: householdSnapshotSchema };
const policyData = { policy: policySnapshotSchema };

/** One schema per event type, version 1. */
export const enrollmentEventSchemas = {
  HouseholdRegistered: envelope('HouseholdRegistered', 'household', householdData),
  HouseholdUpdated: envelope('HouseholdUpdated', 'household', { ...householdData, changedFields: { type: 'array', items: { type: 'string' } } }),
  HouseholdMemberAdded: envelope('HouseholdMemberAdded', 'household', { ...householdData, memberId: uuid }),
  PolicyApplied: envelope('PolicyApplied', 'policy', policyData),
  PremiumPaymentRecorded: envelope('PremiumPaymentRecorded', 'policy', {
    ...policyData,
    payment: object({ paymentId: uuid, payer, amountFen: fen, paidAt: instant }),
    fullyPaid: { type: 'boolean' },
  }),
  PolicyIssued: envelope('PolicyIssued', 'policy', policyData),
  PolicyDelivered: envelope('PolicyDelivered', 'policy', {
    ...policyData,
    delivery: object({ method: { enum: ['IN_PERSON', 'VILLAGE_OFFICE', 'POST', 'ELECTRONIC'] }, proofReference: { type: 'string', minLength: 1, maxLength: 200 } }),
  }),
  PolicyInForce: envelope('PolicyInForce', 'policy', policyData),
  PolicyExpired: envelope('PolicyExpired', 'policy', policyData),
  PolicyCancelled: envelope('PolicyCancelled', 'policy', { ...policyData, reason: { enum: ['HOUSEHOLD_REQUEST', 'PREMIUM_NOT_PAID', 'INELIGIBLE', 'DUPLICATE', 'DATA_ERROR', 'OTHER'] } }),
  PolicyRenewed: envelope('PolicyRenewed', 'policy', { ...policyData, renewedToPolicyId: uuid, renewedToProgrammeYear: { type: 'integer', minimum: 2000 } }),
} as const satisfies Record<EnrollmentEventType, unknown>;
