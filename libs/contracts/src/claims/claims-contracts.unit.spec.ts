import { maskIdNumber } from '../pii';
import { Headers, Topics } from '../topics';
import asyncApiFile from './asyncapi.json';
import { claimsAsyncApiDocument } from './asyncapi';
import { claimEventMessage, settlementMessage } from './cloudevents';
import type { ClaimPaidV1, ClaimSettledV1 } from './events';
import { unsupportedKeywords, validateJson, type JsonSchema } from './json-schema';
import { ContractPatterns, JSON_SCHEMA_DIALECT, claimEventSchemaV1, claimEventSchemasV1, settlementEventSchemaV1, settlementEventSchemasV1 } from './schemas';
import { isClaimEventV1, validateClaimEventV1, validateSettlementEventV1 } from './validate';

const RAW_ID = '11010519491231002X';

const paid: ClaimPaidV1 = {
  eventId: 'evt-9',
  type: 'ClaimPaid',
  version: 1,
  claimId: 'c-1',
  sequence: 9,
  occurredAt: '2025-03-05T02:00:00.000Z',
  actor: { id: 'insurer-core', role: 'integrator' },
  regionCode: '110105',
  data: { paymentId: 'pay-1', amountFen: '351000', paymentReference: 'BANK-1', fullyPaid: true },
};

const settled: ClaimSettledV1 = {
  eventId: 'evt-9',
  type: 'ClaimSettled',
  version: 1,
  claimId: 'c-1',
  sequence: 9,
  occurredAt: '2025-03-05T02:00:00.000Z',
  policyNumber: 'PN-1',
  claimant: { memberId: 'm-1', idNumberMasked: maskIdNumber(RAW_ID) },
  regionCode: '110105',
  villageCode: null,
  channel: 'mobile_storefront',
  enrolmentChannel: 'referrer',
  benefits: ['medical'],
  fastTrack: false,
  fastTrackReasons: [],
  benefitLines: [{ benefit: 'medical', rule: 'MEDICAL_SHARED_LIMIT_V1', amountFen: '351000', inputs: { eligibleCostFen: '500000', reimbursementRatioBp: 9000 } }],
  amounts: { claimedFen: null, assessedFen: '351000', approvedFen: '351000', paidFen: '351000' },
  steps: {
    reportedAt: '2025-03-01T12:00:00.000Z',
    registeredAt: '2025-03-02T02:00:00.000Z',
    fastTrackedAt: null,
    documentsRequestedAt: null,
    documentsCompletedAt: '2025-03-02T02:00:00.000Z',
    assessedAt: '2025-03-03T02:00:00.000Z',
    approvedAt: '2025-03-04T02:00:00.000Z',
    rejectedAt: null,
    rejectionNoticeSentAt: null,
    partPaidInAdvanceAt: null,
    paymentScheduledAt: '2025-03-04T03:00:00.000Z',
    paidAt: '2025-03-05T02:00:00.000Z',
    paymentReversedAt: null,
    followedUpAt: null,
    closedAt: null,
    reopenedAt: null,
  },
  deadlineBreaches: [{ deadline: 'decision', cycle: 1, dueAt: '2025-04-01T02:00:00.000Z', breachedAt: '2025-04-02T02:00:00.000Z' }],
  payment: { paymentId: 'pay-1', amountFen: '351000', paymentReference: 'BANK-1', paidAt: '2025-03-05T02:00:00.000Z', advance: false },
  fullyPaid: true,
};

const errorsOf = (result: ReturnType<typeof validateJson>): string[] => (result.valid ? [] : result.errors);

describe('the tiny JSON Schema validator', () => {
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'tags', 'kind'],
    properties: {
      id: { type: 'string', minLength: 1, pattern: '^[a-z]+$' },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true, minItems: 1 },
      kind: { type: 'string', const: 'x' },
      count: { type: ['integer', 'null'], minimum: 0, maximum: 9 },
      either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    },
  };

  it('accepts a conforming value', () => {
    expect(validateJson(schema, { id: 'abc', tags: ['a'], kind: 'x', count: null, either: 3 })).toEqual({ valid: true });
  });

  it.each<[string, unknown, string]>([
    ['type', 'nope', '$: expected object, got string'],
    ['required', { tags: ['a'], kind: 'x' }, '$: missing id'],
    ['additionalProperties', { id: 'a', tags: ['a'], kind: 'x', extra: 1 }, '$: unexpected property extra'],
    ['pattern', { id: 'A1', tags: ['a'], kind: 'x' }, '$.id: does not match ^[a-z]+$'],
    ['enum', { id: 'a', tags: ['c'], kind: 'x' }, '$.tags[0]: must be one of a, b'],
    ['uniqueItems', { id: 'a', tags: ['a', 'a'], kind: 'x' }, '$.tags: items are not unique'],
    ['minItems', { id: 'a', tags: [], kind: 'x' }, '$.tags: fewer than 1 items'],
    ['const', { id: 'a', tags: ['a'], kind: 'y' }, '$.kind: must be "x"'],
    ['integer', { id: 'a', tags: ['a'], kind: 'x', count: 1.5 }, '$.count: expected integer or null, got number'],
    ['maximum', { id: 'a', tags: ['a'], kind: 'x', count: 10 }, '$.count: above 9'],
    ['oneOf', { id: 'a', tags: ['a'], kind: 'x', either: true }, '$.either: must match exactly one schema of oneOf, matched 0'],
    ['bigint is not JSON', { id: 'a', tags: ['a'], kind: 'x', count: 1n }, '$.count: expected integer or null, got other'],
  ])('reports a broken %s with its path', (_, value, error) => {
    expect(errorsOf(validateJson(schema, value))).toContain(error);
  });
});

describe('claim contract schemas', () => {
  const all = [...Object.values(claimEventSchemasV1), ...Object.values(settlementEventSchemasV1)];

  it('are JSON Schema 2020-12 documents with distinct ids, using only keywords the validator asserts', () => {
    for (const schema of [...all, claimEventSchemaV1, settlementEventSchemaV1]) {
      expect(schema.$schema).toBe(JSON_SCHEMA_DIALECT);
      expect(unsupportedKeywords(schema)).toEqual([]);
    }
    expect(new Set(all.map((s) => s.$id)).size).toBe(all.length);
  });

  it('accept well-formed events, alone and through the topic-wide oneOf', () => {
    expect(validateClaimEventV1(paid)).toEqual({ valid: true });
    expect(validateSettlementEventV1(settled)).toEqual({ valid: true });
    expect(validateJson(claimEventSchemaV1, paid)).toEqual({ valid: true });
    expect(validateJson(settlementEventSchemaV1, settled)).toEqual({ valid: true });
    expect(isClaimEventV1(paid)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['money as a JSON number', { ...paid, data: { ...paid.data, amountFen: 351000 } }, '$.data.amountFen: expected string, got integer'],
    ['money with a fraction', { ...paid, data: { ...paid.data, amountFen: '3510.00' } }, '$.data.amountFen: does not match'],
    ['a local time', { ...paid, occurredAt: '2025-03-05 10:00' }, '$.occurredAt: does not match'],
    ['an undeclared field', { ...paid, data: { ...paid.data, payeeName: '张三' } }, '$.data: unexpected property payeeName'],
    ['an unknown type', { ...paid, type: 'ClaimExploded' }, '$.type: "ClaimExploded" is not an event type of fpi.claims.events.v1'],
    ['a wrong version', { ...paid, version: 2 }, '$.version: must be 1'],
  ])('refuse %s', (_, value, error) => {
    expect(errorsOf(validateClaimEventV1(value)).join('\n')).toContain(error);
  });

  it('refuse a settlement carrying the full resident ID number', () => {
    const leaked = { ...settled, claimant: { memberId: 'm-1', idNumberMasked: RAW_ID } };
    expect(errorsOf(validateSettlementEventV1(leaked))).toEqual([`$.claimant.idNumberMasked: does not match ${ContractPatterns.maskedIdNumber}`]);
  });

  it('accept exactly the masked form of an ID number', () => {
    expect(maskIdNumber(RAW_ID)).toMatch(new RegExp(ContractPatterns.maskedIdNumber));
    expect(maskIdNumber(RAW_ID)).not.toContain(RAW_ID.slice(4, 14));
  });
});

describe('CloudEvents messages', () => {
  it('key lifecycle events by claim and carry the ce_ headers', () => {
    expect(claimEventMessage(paid)).toEqual({
      topic: Topics.claimEvents,
      key: 'c-1',
      headers: {
        [Headers.specVersion]: '1.0',
        [Headers.id]: 'evt-9',
        [Headers.type]: 'fpi.claims.ClaimPaid.v1',
        [Headers.source]: '/fpi/claims',
        [Headers.time]: '2025-03-05T02:00:00.000Z',
        [Headers.subject]: 'c-1',
        [Headers.contentType]: 'application/json',
      },
      value: paid,
    });
  });

  it('give settlements their own type and source, so the shared event id stays unique per source', () => {
    expect(settlementMessage(settled)).toMatchObject({
      topic: Topics.settlements,
      key: 'c-1',
      headers: { ce_id: 'evt-9', ce_type: 'fpi.claims.settlement.ClaimSettled.v1', ce_source: '/fpi/claims/settlements' },
    });
  });
});

describe('the AsyncAPI document', () => {
  const doc = claimsAsyncApiDocument() as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
    components: { messages: Record<string, { headers: JsonSchema; payload: { schema: JsonSchema } }> };
  };

  it('is what asyncapi.json holds (regenerate the file from claimsAsyncApiDocument() after a schema change)', () => {
    expect(asyncApiFile).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('describes both topics with every event type and the schemas the services validate with', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.claimEvents.address).toBe(Topics.claimEvents);
    expect(doc.channels.settlements.address).toBe(Topics.settlements);
    expect(Object.keys(doc.channels.claimEvents.messages)).toEqual(Object.keys(claimEventSchemasV1));
    expect(Object.keys(doc.channels.settlements.messages)).toEqual(Object.keys(settlementEventSchemasV1));
    expect(doc.components.messages['events.ClaimPaid'].payload.schema).toBe(claimEventSchemasV1.ClaimPaid);
  });

  it('resolves every internal reference', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect([ref, target === undefined]).toEqual([ref, false]);
    }
  });

  it('requires the CloudEvents headers on every message', () => {
    for (const message of Object.values(doc.components.messages)) {
      expect(message.headers.required).toEqual(['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_subject', 'content-type']);
    }
  });
});
