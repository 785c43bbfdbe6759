import { dateRange } from './period';
import { parseReportQuery, type ReportQuery } from './query';
import { computeReport, percentileDisc, presentTotals } from './report';
import { sampleProgramme, SAMPLE_AS_OF } from './sample-programme';
import { asProjectionEvents, policyRows, claimRows } from './testing/helpers';

const { policies, claims } = sampleProgramme();
const events = asProjectionEvents([...policies.flat(), ...claims.flat()]);
const P = policyRows(events);
const C = claimRows(events);
const now = new Date(SAMPLE_AS_OF);
const q = (raw: Parameters<typeof parseReportQuery>[0]): ReportQuery => parseReportQuery({ from: '2021-03-01', to: '2021-03-31', ...raw }, now);

describe('programme figures, computed in memory from the fact rows (the reference the SQL must match)', () => {
  const march = computeReport(P, C, q({}));
  const f = presentTotals(march[0]!.totals);

  it('answers one row without grouping', () => {
    expect(march).toHaveLength(1);
    expect(march[0]!.group).toEqual({});
  });

  it('counts households, persons and premium of policies insured in the period (paid, not cancelled)', () => {
    expect(f.households).toBe('5');
    expect(f.persons).toBe('15');
    expect(f.premium).toEqual({ totalFen: '54000', collectedFen: '54000', byPayerFen: { HOUSEHOLD: '30000', PROVINCE: '0', CITY: '0', COUNTY: '24000', TOWNSHIP: '0', VILLAGE: '0', INSURER_SUBSIDY: '0' } });
  });

  it('gives the mobile storefront share', () => {
    expect(f.mobileStorefront).toMatchObject({ households: '2', persons: '7', premiumFen: '21600' });
    expect(f.mobileStorefront.householdShare).toEqual({ numerator: '2', denominator: '5', percent: '40.0', basisPoints: 4000 });
  });

  it('timely issuance: on time 2 / due 4; the overdue open one counts late, the not-yet-due one is left out', () => {
    expect(f.timelyIssuance).toEqual({ numerator: '2', denominator: '4', percent: '50.0', basisPoints: 5000, onTime: '2', late: '1', openOverdue: '1', notDue: '1' });
  });

  it('timely delivery: a certificate delivered after asOf was still open and overdue at asOf', () => {
    expect(f.timelyDelivery).toEqual({ numerator: '1', denominator: '3', percent: '33.3', basisPoints: 3333, onTime: '1', late: '0', openOverdue: '2', notDue: '0' });
  });

  it('claim satisfaction: answered satisfied or basically satisfied / answered, for claims closed in the period', () => {
    expect(f.claimSatisfaction).toEqual({
      numerator: '2',
      denominator: '3',
      percent: '66.7',
      basisPoints: 6667,
      claimsClosed: '4',
      breakdown: { satisfied: '1', basicallySatisfied: '1', dissatisfied: '1', unreachable: '1' },
    });
  });

  it('counts claims and money paid in the period; a reversed payment nets to nothing', () => {
    expect(f.claims).toEqual({ reported: '6', paid: '3', rejected: '1', withdrawn: '1', fastTracked: '3' });
    expect(f.amountPaidFen).toBe('900000');
    expect(f.personsPaid).toBe('2');
    expect(f.averagePayoutPerPerson).toEqual({ totalFen: '900000', count: '2', roundedFen: '450000' });
    expect(f.lossRatio).toEqual({ numerator: '900000', denominator: '54000', percent: '1666.7', basisPoints: 166667 });
  });

  it('promptness from complete documents to full payment: median and p90 (nearest rank)', () => {
    expect(f.promptness).toEqual({ claims: '3', medianDays: '6.00', p90Days: '10.00' });
  });

  it('fast-track share and timeliness (a missed target is late; an undecided claim without a breach is left out)', () => {
    expect(f.fastTrack.share).toMatchObject({ numerator: '3', denominator: '6', percent: '50.0' });
    expect(f.fastTrack.timeliness).toMatchObject({ numerator: '1', denominator: '2', percent: '50.0' });
  });

  it('groups by county', () => {
    const rows = computeReport(P, C, q({ groupBy: 'county' }));
    expect(rows.map((r) => r.group)).toEqual([{ county: '410102' }, { county: '410103' }]);
    const [a, b] = rows.map((r) => presentTotals(r.totals));
    expect(a).toMatchObject({ households: '3', persons: '10', amountPaidFen: '900000', personsPaid: '2', claims: { reported: '4', paid: '3', rejected: '0', withdrawn: '0', fastTracked: '3' } });
    expect(a!.timelyIssuance).toMatchObject({ numerator: '2', denominator: '3', percent: '66.7' });
    expect(a!.timelyDelivery).toMatchObject({ numerator: '1', denominator: '3' });
    expect(a!.claimSatisfaction).toMatchObject({ numerator: '2', denominator: '2', percent: '100.0' });
    expect(b).toMatchObject({ households: '2', persons: '5', amountPaidFen: '0', claims: { reported: '2', paid: '0', rejected: '1', withdrawn: '1', fastTracked: '0' } });
    expect(b!.timelyIssuance).toMatchObject({ numerator: '0', denominator: '1', percent: '0.0', notDue: '1' });
    expect(b!.timelyDelivery).toMatchObject({ denominator: '0', percent: null });
    expect(b!.lossRatio).toMatchObject({ numerator: '0', denominator: '21600', percent: '0.0' });
  });

  it('groups each figure under its own date (month)', () => {
    const rows = computeReport(P, C, q({ from: '2021-02-01', groupBy: 'month' }));
    expect(rows.map((r) => r.group)).toEqual([{ month: '2021-02' }, { month: '2021-03' }]);
    const feb = presentTotals(rows[0]!.totals);
    expect(feb).toMatchObject({ households: '1', persons: '2', claims: { reported: '1' }, amountPaidFen: '0' });
    expect(feb.timelyIssuance).toMatchObject({ numerator: '1', denominator: '1' });
    expect(presentTotals(rows[1]!.totals)).toEqual(f);
  });

  it('filters by channel (claims follow their policy) and by region; the caller\'s scope narrows further', () => {
    const mobile = presentTotals(computeReport(P, C, q({ channel: 'MOBILE_STOREFRONT' }))[0]!.totals);
    expect(mobile).toMatchObject({ households: '2', amountPaidFen: '200000', claims: { reported: '2', paid: '1' } });
    const scoped = computeReport(P, C, q({}), ['410103']);
    expect(presentTotals(scoped[0]!.totals)).toMatchObject({ households: '2', claims: { reported: '2' } });
    expect(presentTotals(computeReport(P, C, q({ region: '410102' }), ['410103'])[0]!.totals)).toMatchObject({ households: '0', claims: { reported: '0' } });
    expect(presentTotals(computeReport(P, C, q({ region: '4101' }), ['410103'])[0]!.totals).households).toBe('2');
  });

  it('groups by programme year, referrer and household status through the claim\'s policy', () => {
    const rows = computeReport(P, C, q({ groupBy: 'programmeYear,channel' }));
    expect(rows.map((r) => r.group)).toEqual([
      { programmeYear: '2021', channel: 'COUNTER' },
      { programmeYear: '2021', channel: 'MOBILE_STOREFRONT' },
      { programmeYear: '2021', channel: 'REFERRER' },
      { programmeYear: null, channel: null },
    ]);
    const byReferrer = computeReport(P, C, q({ groupBy: 'referrer' }));
    expect(byReferrer.map((r) => r.group.referrer)).toEqual(['00000000-0000-4003-8000-000000000001', null]);
  });

  it('reads the figures as they stood at an earlier asOf', () => {
    const early = presentTotals(computeReport(P, C, { ...q({}), asOf: new Date('2021-03-09T00:00:00.000Z') })[0]!.totals);
    // P1 and P2 paid (P6 paid 03-05 and was cancelled 03-07); C1 not yet paid; C5's payment (03-02) and C2's advance (03-08) were.
    expect(early).toMatchObject({ households: '2', amountPaidFen: '450000', claims: { reported: '3' } });
    expect(early.timelyIssuance).toMatchObject({ onTime: '1', late: '1', openOverdue: '0' });
  });

  it('a range with no activity gives zeros without grouping, and no rows with grouping', () => {
    const empty = computeReport(P, C, { ...q({}), range: dateRange('2020-01-01', '2020-01-31') });
    expect(empty).toHaveLength(1);
    expect(presentTotals(empty[0]!.totals)).toMatchObject({ households: '0', lossRatio: { percent: null }, timelyIssuance: { percent: null } });
    expect(computeReport(P, C, { ...q({ groupBy: 'county' }), range: dateRange('2020-01-01', '2020-01-31') })).toEqual([]);
  });
});

describe('percentile (nearest rank, like percentile_disc)', () => {
  it('picks the value at rank ceil(p * n)', () => {
    expect(percentileDisc([], 0.5)).toBeNull();
    expect(percentileDisc([1n], 0.9)).toBe(1n);
    expect(percentileDisc([1n, 2n, 3n, 4n], 0.5)).toBe(2n);
    expect(percentileDisc([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n], 0.9)).toBe(9n);
    expect(percentileDisc([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n], 0.9)).toBe(10n);
  });
});
