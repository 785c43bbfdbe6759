import { decodeClaimEvent, deserializeClaimEvent, encodeClaimEvent, serializeClaimEvent } from './codec';
import { CLAIM_EVENT_TYPES, claimIdOfStream, claimStreamName, type ClaimEvent } from './events';
import { sampleHistories, stateOf } from './testing/fixtures';

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

  it('writes the member shares a snapshot records as fen strings, and reads them back', () => {
    const registered = sampleHistories().recordedShareDeath.find((e) => e.type === 'ClaimRegistered') as ClaimEvent;
    expect(encodeClaimEvent(registered).data).toMatchObject({
      coverage: {
        memberShares: [
          { memberId: 'm-1', shareFen: '3333334' },
          { memberId: 'm-2', shareFen: '3333333' },
          { memberId: 'm-3', shareFen: '3333333' },
        ],
      },
    });
    expect(deserializeClaimEvent(serializeClaimEvent(registered))).toEqual(registered);
  });

  it('reads events stored before snapshots carried the shares as they were, and folds them to the same amounts', () => {
    // As an older service stored them: no shares in the snapshots, and the death line under rule version 1.
    const v1Line = { benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V1', amountFen: '2500000', inputs: { householdSumInsuredFen: '10000000', insuredMembers: 4, memberShareFen: '2500000' } };
    const stored = sampleHistories().fastTrackedDeath.map((e) => {
      const json = JSON.parse(serializeClaimEvent(e)) as { type: string; data: Record<string, unknown> };
      if (json.type === 'ClaimAssessed') json.data['lines'] = [v1Line];
      return json;
    });
    expect(JSON.stringify(stored)).not.toContain('memberShares');
    const state = stateOf(stored.map(decodeClaimEvent));
    expect(state.status === 'empty' ? null : state.coverage).not.toHaveProperty('memberShares');
    expect(state.status === 'empty' ? null : state.assessment?.lines).toEqual([
      { benefit: 'death', rule: 'DEATH_MEMBER_SHARE_V1', amountFen: 2_500_000n, inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 4, memberShareFen: 2_500_000n } },
    ]);
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
