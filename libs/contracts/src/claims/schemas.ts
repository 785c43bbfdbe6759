import type { ClaimEventTypeV1, SettlementEventTypeV1 } from './events';
import type { JsonSchema } from './json-schema';
import {
  ACTOR_ROLES,
  BENEFIT_RULES,
  CLAIM_BENEFITS,
  CLAIM_CHANNELS,
  CLAIM_DOCUMENTS,
  CLAIM_REJECTION_REASONS,
  CLOSURE_OUTCOMES,
  DEADLINE_KINDS,
  FAST_TRACK_REASONS,
  FOLLOW_UP_OUTCOMES,
  REJECTION_STAGES,
  REOPEN_REASONS,
  REPORTER_RELATIONS,
  REVERSAL_REASONS,
  WITHDRAWAL_REASONS,
} from './vocabulary';

/** JSON Schema dialect of every claim contract schema. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Patterns shared by the schemas; exported so that producers can check single fields the same way. */
export const ContractPatterns = {
  /** Non-negative integer fen as a decimal string without leading zeros. */
  fen: '^(0|[1-9][0-9]*)$',
  /** UTC instant as produced by `Date.prototype.toISOString` (fraction optional). */
  timestamp: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$',
  /** County-level region code, GB/T 2260. */
  regionCode: '^[0-9]{6}$',
  /** Village-level statistical division code. */
  villageCode: '^[0-9]{12}$',
  /** An 18-character resident ID number masked by `maskIdNumber`: only the first four and last four survive. */
  maskedIdNumber: '^[0-9]{4}\\*{10}[0-9]{3}[0-9X]$',
} as const;

const text = (description?: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 200, ...(description ? { description } : {}) });
const fen: JsonSchema = { type: 'string', pattern: ContractPatterns.fen, description: 'Integer amount in fen (1/100 yuan) as a decimal string.' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time', pattern: ContractPatterns.timestamp };
const count = (minimum = 0): JsonSchema => ({ type: 'integer', minimum });
const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [...(typeof schema.type === 'string' ? [schema.type] : (schema.type ?? [])), 'null'],
});
const oneOfValues = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: values });
const listOf = (values: readonly string[]): JsonSchema => ({ type: 'array', items: oneOfValues(values), uniqueItems: true });

/** A closed object: every listed property is required (nullable ones say so), nothing else is allowed. */
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

const regionCode: JsonSchema = { type: 'string', pattern: ContractPatterns.regionCode };
const villageCode: JsonSchema = nullable({ type: 'string', pattern: ContractPatterns.villageCode });
const claimant = object({
  memberId: text('Enrolment member id.'),
  idNumberMasked: { type: 'string', pattern: ContractPatterns.maskedIdNumber, description: 'Masked resident ID number; the full number is never published.' },
});
const actor = object({ id: text(), role: oneOfValues(ACTOR_ROLES) }, 'Staff or system identity that performed the step.');
const benefitLine = object({
  benefit: oneOfValues(CLAIM_BENEFITS),
  rule: oneOfValues(BENEFIT_RULES),
  amountFen: fen,
  inputs: {
    type: 'object',
    description: 'Inputs of the rule: names ending in Fen are fen strings, the others non-negative integers.',
    additionalProperties: { type: ['string', 'integer'], pattern: ContractPatterns.fen, minimum: 0 },
  },
});
const deadlineBreach = object({ deadline: oneOfValues(DEADLINE_KINDS), cycle: count(1), dueAt: timestamp, breachedAt: timestamp });

const SCHEMA_BASE = 'urn:fpi:schema:claims';

function lifecycle(type: ClaimEventTypeV1, description: string, data: Record<string, JsonSchema>): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE}:events:${type}:v1`,
    title: `${type} (v1)`,
    ...object(
      {
        eventId: text('Unique event id, equal to the ce_id header; de-duplicate on it.'),
        type: { type: 'string', const: type },
        version: { type: 'integer', const: 1 },
        claimId: text(),
        sequence: { ...count(0), description: 'Revision of the event in the claim stream (0-based).' },
        occurredAt: timestamp,
        actor,
        regionCode,
        data: object(data),
      },
      description,
    ),
  };
}

/** One schema per event type on `fpi.claims.events.v1`. */
export const claimEventSchemasV1: Readonly<Record<ClaimEventTypeV1, JsonSchema>> = {
  ClaimReported: lifecycle('ClaimReported', 'A household reported an accident (first notice of loss).', {
    householdId: text(),
    claimant,
    accident: object({ occurredAt: timestamp, regionCode, causeCode: text() }),
    benefits: { ...listOf(CLAIM_BENEFITS), minItems: 1 },
    claimedAmountFen: nullable(fen),
    channel: oneOfValues(CLAIM_CHANNELS),
    reporterRelation: oneOfValues(REPORTER_RELATIONS),
    documentsProvided: listOf(CLAIM_DOCUMENTS),
    reportingWindowHours: count(1),
    reportedLate: { type: 'boolean' },
  }),
  ClaimRegistered: lifecycle('ClaimRegistered', 'Coverage was confirmed and the claim accepted for handling.', {
    policyId: text(),
    policyNumber: text(),
    villageCode,
    enrolmentChannel: text(),
    requiredDocuments: listOf(CLAIM_DOCUMENTS),
    missingDocuments: listOf(CLAIM_DOCUMENTS),
    cycle: count(1),
  }),
  ClaimFastTracked: lifecycle('ClaimFastTracked', 'The claim entered the green channel with tighter targets.', {
    reasons: { ...listOf(FAST_TRACK_REASONS), minItems: 1 },
    decisionTargetDays: count(1),
    paymentTargetDays: nullable(count(1)),
  }),
  ClaimDocumentsRequested: lifecycle('ClaimDocumentsRequested', 'The single notice (一次性告知) of every missing document; decision clocks pause.', {
    noticeId: text(),
    documents: { ...listOf(CLAIM_DOCUMENTS), minItems: 1 },
  }),
  ClaimDocumentsReceived: lifecycle('ClaimDocumentsReceived', 'Documents arrived.', { documents: { ...listOf(CLAIM_DOCUMENTS), minItems: 1 } }),
  ClaimDocumentsCompleted: lifecycle('ClaimDocumentsCompleted', 'Every required document is in; decision clocks run again.', {}),
  ClaimAssessed: lifecycle('ClaimAssessed', 'Benefit lines were computed by the product rules.', {
    benefitLines: { type: 'array', items: benefitLine, minItems: 1 },
    assessedFen: fen,
  }),
  ClaimApproved: lifecycle('ClaimApproved', 'The payable amount was agreed; the payment clock starts.', {
    approvedFen: fen,
    fourEyes: { type: 'boolean', description: 'True when the amount required a second person to approve.' },
  }),
  ClaimRejected: lifecycle('ClaimRejected', 'The claim was rejected with a coded reason.', {
    reasonCode: oneOfValues(CLAIM_REJECTION_REASONS),
    stage: oneOfValues(REJECTION_STAGES),
  }),
  ClaimRejectionNoticeSent: lifecycle('ClaimRejectionNoticeSent', 'The rejection notice went out (Art. 24).', { noticeId: text() }),
  ClaimPartPaidInAdvance: lifecycle('ClaimPartPaidInAdvance', 'The already determined part was paid first (先予支付, Art. 25).', {
    paymentId: text(),
    amountFen: fen,
    paymentReference: text(),
  }),
  ClaimPaymentScheduled: lifecycle('ClaimPaymentScheduled', 'A payment of the approved amount still due was scheduled.', { paymentId: text(), amountFen: fen }),
  ClaimPaid: lifecycle('ClaimPaid', 'A scheduled payment was made.', {
    paymentId: text(),
    amountFen: fen,
    paymentReference: text(),
    fullyPaid: { type: 'boolean' },
  }),
  ClaimPaymentReversed: lifecycle('ClaimPaymentReversed', 'A payment came back or was cancelled.', {
    paymentId: text(),
    amountFen: fen,
    reasonCode: oneOfValues(REVERSAL_REASONS),
  }),
  ClaimFollowUpRecorded: lifecycle('ClaimFollowUpRecorded', 'A follow-up call (回访) was made.', {
    attempt: count(1),
    outcome: oneOfValues(FOLLOW_UP_OUTCOMES),
    completed: { type: 'boolean' },
  }),
  ClaimClosed: lifecycle('ClaimClosed', 'The claim was closed.', { outcome: oneOfValues(CLOSURE_OUTCOMES) }),
  ClaimWithdrawn: lifecycle('ClaimWithdrawn', 'The claimant withdrew the claim.', { reasonCode: oneOfValues(WITHDRAWAL_REASONS) }),
  ClaimReopened: lifecycle('ClaimReopened', 'A rejected claim was reopened on reconsideration or appeal.', {
    reopenId: text(),
    reason: oneOfValues(REOPEN_REASONS),
    cycle: count(2),
  }),
  ClaimDeadlineBreached: lifecycle('ClaimDeadlineBreached', 'A statutory or fast-track deadline passed.', {
    deadline: oneOfValues(DEADLINE_KINDS),
    cycle: count(1),
    dueAt: timestamp,
    breachedAt: timestamp,
  }),
};

const laterSteps = [
  'registeredAt', 'fastTrackedAt', 'documentsRequestedAt', 'documentsCompletedAt', 'assessedAt', 'approvedAt', 'rejectedAt',
  'rejectionNoticeSentAt', 'partPaidInAdvanceAt', 'paymentScheduledAt', 'paidAt', 'paymentReversedAt', 'followedUpAt',
  'closedAt', 'reopenedAt',
];
const steps = object(
  { reportedAt: timestamp, ...Object.fromEntries(laterSteps.map((step) => [step, nullable(timestamp)])) },
  'Latest time of every step of the claim (null: not happened).',
);

function settlement(type: SettlementEventTypeV1, description: string, specific: Record<string, JsonSchema>): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE}:settlements:${type}:v1`,
    title: `${type} settlement (v1)`,
    ...object(
      {
        eventId: text('Unique event id, equal to the ce_id header; de-duplicate on it.'),
        type: { type: 'string', const: type },
        version: { type: 'integer', const: 1 },
        claimId: text(),
        sequence: { ...count(0), description: 'Revision in the claim stream of the event reported; later wins.' },
        occurredAt: timestamp,
        policyNumber: nullable(text()),
        claimant,
        regionCode,
        villageCode,
        channel: oneOfValues(CLAIM_CHANNELS),
        enrolmentChannel: nullable(text()),
        benefits: { ...listOf(CLAIM_BENEFITS), minItems: 1 },
        fastTrack: { type: 'boolean' },
        fastTrackReasons: listOf(FAST_TRACK_REASONS),
        benefitLines: { type: 'array', items: benefitLine },
        amounts: object({ claimedFen: nullable(fen), assessedFen: nullable(fen), approvedFen: nullable(fen), paidFen: fen }),
        steps,
        deadlineBreaches: { type: 'array', items: deadlineBreach },
        ...specific,
      },
      description,
    ),
  };
}

/** One schema per event type on `fpi.claims.settlements.v1`. */
export const settlementEventSchemasV1: Readonly<Record<SettlementEventTypeV1, JsonSchema>> = {
  ClaimSettled: settlement('ClaimSettled', 'Money was paid on the claim (a payment of the approved amount or a part paid in advance).', {
    payment: nullable(
      object({ paymentId: text(), amountFen: fen, paymentReference: text(), paidAt: timestamp, advance: { type: 'boolean' } }),
    ),
    fullyPaid: { type: 'boolean' },
  }),
  ClaimPaymentReversed: settlement('ClaimPaymentReversed', 'A payment reported as settled was reversed.', {
    reversal: object({
      paymentId: text(),
      amountFen: fen,
      paymentReference: text(),
      reversedAt: timestamp,
      reasonCode: oneOfValues(REVERSAL_REASONS),
    }),
  }),
  ClaimFinallyRejected: settlement('ClaimFinallyRejected', 'A rejected claim was closed.', {
    rejection: object({
      reasonCode: oneOfValues(CLAIM_REJECTION_REASONS),
      stage: oneOfValues(REJECTION_STAGES),
      rejectedAt: timestamp,
      noticeSentAt: nullable(timestamp),
    }),
  }),
};

/** Any event of `fpi.claims.events.v1`. */
export const claimEventSchemaV1: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}:events:v1`,
  title: 'Claim lifecycle event (v1)',
  oneOf: Object.values(claimEventSchemasV1),
};

/** Any event of `fpi.claims.settlements.v1`. */
export const settlementEventSchemaV1: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}:settlements:v1`,
  title: 'Claim settlement event (v1)',
  oneOf: Object.values(settlementEventSchemasV1),
};
