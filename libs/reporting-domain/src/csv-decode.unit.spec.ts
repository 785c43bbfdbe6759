import { toCsv } from './csv';
import { toProjectionEvent } from './decode';
import { UndecodableEventError } from './errors';
import { presentTotals, emptyTotals } from './report';
import { reportCsvHeader, reportCsvRow } from './report-csv';
import { claimEvents, policyEvents } from './synthetic';

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas, but leaves negative numbers alone', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=1+1', '-300'], [null, 5n]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=1+1,-300\r\n,5\r\n');
  });

  it('flattens a report row under a header that names the groups first', () => {
    const header = reportCsvHeader(['county', 'programmeYear']);
    const row = reportCsvRow({ county: '410102', programmeYear: '2021' }, ['county', 'programmeYear'], presentTotals(emptyTotals()));
    expect(header.slice(0, 4)).toEqual(['county', 'programme_year', 'households', 'persons']);
    expect(row).toHaveLength(header.length);
    expect(row[header.indexOf('timely_issuance_pct')]).toBeNull();
  });
});

describe('decoding the source streams', () => {
  const policy = policyEvents({ n: 1, programmeYear: 2021, villageCode: '410102001001', channel: 'COUNTER', appliedAt: '2021-01-01T00:00:00.000Z' })[0]!;
  const claim = claimEvents({ n: 1, policy: 1, villageCode: '410102001001', reportedAt: '2021-01-01T00:00:00.000Z' })[0]!;

  it('tags each event with its aggregate and revision', () => {
    expect(toProjectionEvent('enrollment', policy)).toMatchObject({ aggregate: 'policy', aggregateId: policy.aggregateId, revision: 1, eventId: policy.eventId });
    expect(toProjectionEvent('claims', claim)).toMatchObject({ aggregate: 'claim', aggregateId: claim.claimId, revision: 0 });
  });

  it('throws undecodable for anything outside the contract, naming the problem', () => {
    expect(() => toProjectionEvent('claims', { ...claim, version: 2 })).toThrow(UndecodableEventError);
    expect(() => toProjectionEvent('claims', policy)).toThrow(/not a claim event v1/);
    expect(() => toProjectionEvent('enrollment', { ...policy, data: { policy: { ...policy.data.policy, premiumFen: 60.5 } } })).toThrow(/data.policy.premiumFen/);
    expect(() => toProjectionEvent('enrollment', { ...policy, aggregateId: '00000000-0000-4000-8000-999999999999' })).toThrow(/aggregateId/);
    expect(() => toProjectionEvent('enrollment', null)).toThrow(UndecodableEventError);
    expect(() => toProjectionEvent('claims', { ...claim, occurredAt: '2021-02-30T00:00:00.000Z' })).toThrow(/not a real instant: occurredAt/);
    const issuedOnFeb30 = { ...policy, data: { policy: { ...policy.data.policy, timestamps: { ...policy.data.policy.timestamps, issuedAt: '2021-02-30T00:00:00Z' } } } };
    expect(() => toProjectionEvent('enrollment', issuedOnFeb30)).toThrow(/issuedAt/);
  });
});
