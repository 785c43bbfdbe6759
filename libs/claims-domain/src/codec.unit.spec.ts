import { decodeClaimEvent, deserializeClaimEvent, encodeClaimEvent, serializeClaimEvent } from './codec';
import { CLAIM_EVENT_TYPES, claimIdOfStream, claimStreamName, type ClaimEvent } from './events';
import { sampleHistories } from './testing/fixtures';

const everyEvent: ClaimEvent[] = Object.values(sampleHistories()).flat();

/** Every bigint sits under a `...Fen` key and every `...Fen` value is a bigint or null. */
function fenFieldsAreBigints(value: unknown, key = ''): boolean {
  if (typeof value === 'bigint') return key.endsWith('Fen');
  if (key.endsWith('Fen')) return value === null;
  if (Array.isArray(value)) return value.every((v) => fenFieldsAreBigints(v, key));
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([k, v]) => fenFieldsAreBigints(v, k));
  return true;
}

describe('claim event codec (JSON, bigint as string)', () => {
  it('has samples of every event type', () => {
    expect(new Set(everyEvent.map((e) => e.type))).toEqual(new Set(CLAIM_EVENT_TYPES));
  });

  it.each(CLAIM_EVENT_TYPES)('round-trips %s', (type) => {
    const samples = everyEvent.filter((e) => e.type === type);
    for (const event of samples) {
      expect(fenFieldsAreBigints(event)).toBe(true);
      expect(deserializeClaimEvent(serializeClaimEvent(event))).toEqual(event);
      expect(decodeClaimEvent(JSON.parse(JSON.stringify(encodeClaimEvent(event))))).toEqual(event);
    }
  });

  it('writes fen as decimal strings', () => {
    const approved = everyEvent.find((e) => e.type === 'ClaimApproved') as ClaimEvent;
    expect(encodeClaimEvent(approved).data).toMatchObject({ approvedFen: '2500000' });
  });

  it('refuses a bigint outside a fen field, an unknown type and a malformed amount', () => {
    const approved = everyEvent.find((e) => e.type === 'ClaimApproved') as ClaimEvent;
    expect(() => encodeClaimEvent({ ...approved, data: { ...approved.data, cycle: 1n } } as unknown as ClaimEvent)).toThrow(/bigint outside/);
    expect(() => decodeClaimEvent({ type: 'ClaimExploded', data: {} })).toThrow(/unknown claim event type/);
    expect(() => decodeClaimEvent({ type: 'ClaimApproved', data: { approvedFen: '12.50' } })).toThrow(/not an integer/);
  });

  it('names one stream per claim', () => {
    expect(claimStreamName('c-1')).toBe('claim-c-1');
    expect(claimIdOfStream('claim-c-1')).toBe('c-1');
    expect(claimIdOfStream('policy-1')).toBeNull();
  });
});
