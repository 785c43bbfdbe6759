import { validateEnrollmentEvent, type PolicyEvent } from '@fpi/contracts';
import { isInsured, owesStep, evolvePolicyFact } from './policy-facts';
import { policyEvents, policyIdOf, referrerIdOf } from './synthetic';
import { asProjectionEvents, projectTwice } from './testing/helpers';

const V = '410102001001';
const delivered = policyEvents({
  n: 1,
  programmeYear: 2021,
  villageCode: V,
  channel: 'REFERRER',
  referrer: 9,
  householdStatus: 'RURAL_TWO_DAUGHTERS',
  insuredPersons: 4,
  shares: { HOUSEHOLD: 3000n, PROVINCE: 500n, COUNTY: 500n, TOWNSHIP: 1000n, VILLAGE: 1000n },
  appliedAt: '2021-01-05T02:00:00.000Z',
  paidAt: '2021-01-06T02:00:00.000Z',
  issuedAt: '2021-01-08T02:00:00.000Z',
  deliveredAt: '2021-01-20T02:00:00.000Z',
});

describe('policy facts projection', () => {
  it('builds only contract-valid events in the test scenarios', () => {
    for (const e of delivered) expect(validateEnrollmentEvent(e)).toEqual({ ok: true, event: e });
  });

  it('keeps the latest snapshot, reduced to the figures (no members, no ID numbers)', () => {
    const { once, twice } = projectTwice(asProjectionEvents(delivered));
    expect(twice).toEqual(once);
    expect(once.policies).toHaveLength(1);
    const row = once.policies[0]!;
    expect(row).toMatchObject({
      policyId: policyIdOf(1),
      revision: delivered.length,
      programmeYear: 2021,
      status: 'DELIVERED',
      channel: 'REFERRER',
      referrerId: referrerIdOf(9),
      regionCode: V,
      householdStatus: 'RURAL_TWO_DAUGHTERS',
      insuredPersons: 4,
      premiumFen: 6000n,
      paidFen: 6000n,
      premiumFullyPaidAt: '2021-01-06T02:00:00.000Z',
      issuanceDueAt: '2021-01-09T02:00:00.000Z',
      issuedAt: '2021-01-08T02:00:00.000Z',
      deliveryDueAt: '2021-01-23T02:00:00.000Z',
      deliveredAt: '2021-01-20T02:00:00.000Z',
    });
    expect(row.payerShareFen).toEqual({ HOUSEHOLD: 3000n, PROVINCE: 500n, CITY: 0n, COUNTY: 500n, TOWNSHIP: 1000n, VILLAGE: 1000n, INSURER_SUBSIDY: 0n });
    expect(JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('*');
  });

  it('ignores a replayed older revision and applies a newer one even after a gap', () => {
    const [applied, , , issued] = delivered as PolicyEvent[];
    const latest = delivered[delivered.length - 1] as PolicyEvent;
    const row = evolvePolicyFact(evolvePolicyFact(null, applied!), latest);
    expect(evolvePolicyFact(row, issued!)).toBe(row);
    expect(evolvePolicyFact(row, latest)).toBe(row);
    expect(row?.status).toBe('DELIVERED');
  });

  it('knows when a policy is insured and which steps a cancelled policy still owes', () => {
    const cancelled = policyEvents({ n: 2, programmeYear: 2021, villageCode: V, channel: 'COUNTER', appliedAt: '2021-01-05T00:00:00.000Z', paidAt: '2021-01-06T00:00:00.000Z', cancelledAt: '2021-01-07T00:00:00.000Z' });
    const { once, twice } = projectTwice(asProjectionEvents(cancelled));
    expect(twice).toEqual(once);
    const row = once.policies[0]!;
    expect(row.status).toBe('CANCELLED');
    expect(isInsured(row, new Date('2021-01-06T12:00:00.000Z'))).toBe(true);
    expect(isInsured(row, new Date('2021-01-08T00:00:00.000Z'))).toBe(false);
    expect(owesStep(row, null, new Date('2021-01-08T00:00:00.000Z'))).toBe(false);
    expect(owesStep(row, null, new Date('2021-01-06T12:00:00.000Z'))).toBe(true);
    expect(owesStep(row, '2021-01-06T18:00:00.000Z', new Date('2021-01-08T00:00:00.000Z'))).toBe(true);
  });
});
