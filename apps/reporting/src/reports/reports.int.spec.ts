import {
  claimFactsProjection,
  computeOverdue,
  computeReferrers,
  computeReport,
  parseFilter,
  parseReportQuery,
  policyEvents,
  policyFactsProjection,
  presentTotals,
  project,
  sampleProgramme,
  SAMPLE_AS_OF,
  toProjectionEvent,
  type ProjectionEvent,
} from '@fpi/reporting-domain';
import { ManualClock } from '@fpi/platform';
import { startHarness, type Harness } from '../testing/reporting-harness';
import type { StatusResponse } from '../status/get-status/get-status.handler';
import type { GrowthResponse } from './get-growth/get-growth.handler';
import type { OverdueResponse } from './get-overdue/get-overdue.handler';
import type { RatesResponse } from './get-rates/get-rates.http.controller';
import type { RankingResponse } from './get-ranking/get-ranking.handler';
import type { ReferrersResponse } from './get-referrers/get-referrers.handler';
import { GetSummaryHandler, type SummaryResponse } from './get-summary/get-summary.handler';

const { policies, claims } = sampleProgramme();
// The year before, for growth: one household in 410102 and two in 410103 in programme year 2020.
const lastYear = [
  policyEvents({ n: 101, programmeYear: 2020, villageCode: '410102001001', channel: 'COUNTER', appliedAt: '2020-03-05T00:00:00.000Z', paidAt: '2020-03-05T00:00:00.000Z', issuedAt: '2020-03-06T00:00:00.000Z' }),
  policyEvents({ n: 102, programmeYear: 2020, villageCode: '410103001001', channel: 'REFERRER', referrer: 1, appliedAt: '2020-03-06T00:00:00.000Z', paidAt: '2020-03-06T00:00:00.000Z' }),
  policyEvents({ n: 103, programmeYear: 2020, villageCode: '410103001002', channel: 'COUNTER', appliedAt: '2020-03-07T00:00:00.000Z', paidAt: '2020-03-07T00:00:00.000Z' }),
];
const all = [...policies.flat(), ...lastYear.flat(), ...claims.flat()];
const asProjection = (): ProjectionEvent[] => all.map((e) => toProjectionEvent('claimId' in e ? 'claims' : 'enrollment', JSON.parse(JSON.stringify(e))));
const P = [...project(policyFactsProjection, asProjection()).values()];
const C = [...project(claimFactsProjection, asProjection()).values()];
const AS_OF = encodeURIComponent(SAMPLE_AS_OF);
const MARCH = `from=2021-03-01&to=2021-03-31&asOf=${AS_OF}`;

describe('reporting API over events from Kafka (real PostgreSQL, real broker)', () => {
  let h: Harness;

  beforeAll(async () => {
    // The service's own clock stands at the sample's asOf, so "now" needs no parameter.
    h = await startHarness('reports', { clock: new ManualClock(SAMPLE_AS_OF) });
    await h.produce(all);
    await h.caughtUp();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('answers the hand-computed March figures exactly', async () => {
    const r = await h.get<SummaryResponse>(`/reports/summary?${MARCH}`);
    expect(r.status).toBe(200);
    const f = r.body.rows[0]!.figures;
    expect(r.body.rows).toHaveLength(1);
    expect(f).toMatchObject({ households: '5', persons: '15', amountPaidFen: '900000', personsPaid: '2' });
    expect(f.premium.totalFen).toBe('54000');
    expect(f.timelyIssuance).toEqual({ numerator: '2', denominator: '4', percent: '50.0', basisPoints: 5000, onTime: '2', late: '1', openOverdue: '1', notDue: '1' });
    expect(f.timelyDelivery).toMatchObject({ numerator: '1', denominator: '3', percent: '33.3' });
    expect(f.claimSatisfaction).toMatchObject({ numerator: '2', denominator: '3', percent: '66.7', breakdown: { satisfied: '1', basicallySatisfied: '1', dissatisfied: '1', unreachable: '1' } });
    expect(f.lossRatio).toEqual({ numerator: '900000', denominator: '54000', percent: '1666.7', basisPoints: 166667 });
    expect(f.promptness).toEqual({ claims: '3', medianDays: '6.00', p90Days: '10.00' });
    expect(f.fastTrack.timeliness).toMatchObject({ numerator: '1', denominator: '2' });
    expect(f.mobileStorefront.householdShare.percent).toBe('40.0');
  });

  it('equals the in-memory reference for every grouping and filter tried', async () => {
    const cases = [
      '', 'groupBy=county', 'groupBy=city,month', 'groupBy=township,channel', 'groupBy=village', 'groupBy=day', 'groupBy=quarter,householdStatus',
      'groupBy=year,referrer', 'groupBy=programmeYear', 'groupBy=channel&channel=MOBILE_STOREFRONT', 'region=410103&groupBy=village', 'region=4101&groupBy=county,month',
      'programmeYear=2021&groupBy=county', 'from=2021-02-01&groupBy=month', 'to=2021-03-10&groupBy=week'.replace('week', 'day'),
    ];
    for (const c of cases) {
      const raw = Object.fromEntries(new URLSearchParams(`${c}&asOf=${AS_OF}`)) as Record<string, string>;
      const expected = computeReport(P, C, parseReportQuery(raw, new Date())).map((r) => ({ group: r.group, figures: presentTotals(r.totals) }));
      const r = await h.get<SummaryResponse>(`/reports/summary?${c}&asOf=${AS_OF}`);
      expect({ c, status: r.status, rows: r.body.rows }).toEqual({ c, status: 200, rows: expected });
    }
  });

  it('applies the principal\'s region scope inside the handler (what the auth guard will pass in)', async () => {
    const handler = h.app.get(GetSummaryHandler);
    const raw = { from: '2021-03-01', to: '2021-03-31', asOf: SAMPLE_AS_OF, groupBy: 'county' };
    const scoped = await handler.execute(raw, ['410103']);
    expect(scoped.rows.map((r) => r.group.county)).toEqual(['410103']);
    expect(scoped.rows).toEqual(computeReport(P, C, parseReportQuery(raw, new Date()), ['410103']).map((r) => ({ group: r.group, figures: presentTotals(r.totals) })));
    // A region outside the scope looks exactly like an unknown one.
    await expect(handler.execute({ ...raw, region: '410102' }, ['410103'])).rejects.toMatchObject({ code: 'REPORTING.UNKNOWN_REGION' });
    expect((await handler.execute({ ...raw, region: '4101' }, ['410103'])).rows.map((r) => r.group.county)).toEqual(['410103']);
  });

  it('answers the three rates alone', async () => {
    const r = await h.get<RatesResponse>(`/reports/rates?${MARCH}&groupBy=county`);
    expect(r.status).toBe(200);
    expect(r.body.rows.map((x) => [x.group.county, x.timelyIssuance.percent, x.timelyDelivery.percent, x.claimSatisfaction.percent])).toEqual([
      ['410102', '66.7', '33.3', '100.0'],
      ['410103', '0.0', null, '0.0'],
    ]);
  });

  it('gives year-on-year growth by county against the same point of the year before', async () => {
    const r = await h.get<GrowthResponse>(`/reports/growth?programmeYear=2021&asOf=${AS_OF}&groupBy=county`);
    expect(r.status).toBe(200);
    expect(r.body.previous).toEqual({ from: null, to: null, programmeYear: 2020, asOf: '2020-03-31T00:00:00.000Z' });
    const byCounty = Object.fromEntries(r.body.rows.map((x) => [x.group.county, x]));
    // 410102: P1, P2, P7, P8 against one household in 2020; 410103: P3 and P4 against two.
    expect(byCounty['410102']!.households).toEqual({ current: '4', previous: '1', change: '3', rate: { numerator: '3', denominator: '1', percent: '300.0', basisPoints: 30000 } });
    expect(byCounty['410103']!.households).toMatchObject({ current: '2', previous: '2', change: '0', rate: { percent: '0.0' } });
    expect(byCounty['410103']!.claimsReported).toMatchObject({ current: '1', previous: '0', rate: null });
  });

  it('ranks counties by premium with the gaps to their neighbours', async () => {
    const r = await h.get<RankingResponse>(`/reports/ranking?level=county&by=premium&${MARCH}`);
    expect(r.status).toBe(200);
    expect(r.body.entries).toEqual([
      { rank: 1, key: '410102', value: '32400', behindPrevious: null, aheadOfNext: '10800' },
      { rank: 2, key: '410103', value: '21600', behindPrevious: '10800', aheadOfNext: null },
    ]);
    const cities = await h.get<RankingResponse>(`/reports/ranking?level=city&by=households&${MARCH}`);
    expect(cities.body.entries).toEqual([{ rank: 1, key: '4101', value: '5', behindPrevious: null, aheadOfNext: null }]);
  });

  it('lists referrer productivity and overdue steps like the reference, paged', async () => {
    const referrers = await h.get<ReferrersResponse>(`/reports/referrers?asOf=${AS_OF}`);
    const expected = computeReferrers(P, C, parseFilter({ asOf: SAMPLE_AS_OF }, new Date()));
    expect(referrers.body.total).toBe(expected.length);
    expect(referrers.body.items.map((i) => [i.referrerId, i.households, i.persons, i.premiumFen, i.claimsReported])).toEqual(
      expected.map((e) => [e.referrerId, e.households.toString(), e.persons.toString(), e.premiumFen.toString(), e.claimsReported.toString()]),
    );

    const overdue = await h.get<OverdueResponse>(`/reports/overdue?asOf=${AS_OF}&pageSize=4`);
    const everything = computeOverdue(P, parseFilter({ asOf: SAMPLE_AS_OF }, new Date()));
    expect(overdue.body).toMatchObject({ total: everything.length, page: 1, pageSize: 4 });
    expect(overdue.body.items).toEqual(everything.slice(0, 4));
    const page2 = await h.get<OverdueResponse>(`/reports/overdue?asOf=${AS_OF}&pageSize=4&page=2`);
    expect(page2.body.items).toEqual(everything.slice(4, 8));
    // Programme year 2021 alone: P3's issuance, P2's and P8's certificates.
    const y2021 = await h.get<OverdueResponse>(`/reports/overdue?asOf=${AS_OF}&programmeYear=2021`);
    expect(y2021.body).toMatchObject({ total: 3, counts: { issuance: 1, delivery: 2 } });
    expect(y2021.body.items.map((i) => [i.policyNumber, i.kind, i.overdueDays])).toEqual([
      [null, 'issuance', 18],
      ['PN202100000002', 'delivery', 8],
      ['PN202100000008', 'delivery', 2],
    ]);
    const byClock = await h.get<OverdueResponse>('/reports/overdue?programmeYear=2021');
    expect(byClock.body).toEqual(y2021.body);
    const issuanceOnly = await h.get<OverdueResponse>(`/reports/overdue?asOf=${AS_OF}&programmeYear=2021&kind=issuance`);
    expect(issuanceOnly.body.items.map((i) => i.kind)).toEqual(['issuance']);
  });

  it('exports CSV with the same figures', async () => {
    const r = await h.get(`/reports/summary/export?${MARCH}&groupBy=county`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = r.text.trimEnd().split('\r\n');
    const cols = header!.split(',');
    expect(cols.slice(0, 3)).toEqual(['county', 'households', 'persons']);
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    expect(rows.map((x) => [x['county'], x['households'], x['timely_issuance_pct'], x['amount_paid_fen']])).toEqual([
      ['410102', '3', '66.7', '900000'],
      ['410103', '2', '0.0', '0'],
    ]);
    const overdue = await h.get(`/reports/overdue/export?asOf=${AS_OF}&programmeYear=2021`);
    expect(overdue.text.trimEnd().split('\r\n')).toHaveLength(4);
  });

  it('refuses bad input with 400 and a code: period backwards, unknown region, unsupported dimension, page size above the cap', async () => {
    const backwards = await h.get<{ code: string }>('/reports/summary?from=2021-03-31&to=2021-03-01');
    expect(backwards).toMatchObject({ status: 400, body: { code: 'REPORTING.PERIOD_START_AFTER_END' } });
    const unknown = await h.get<{ code: string }>('/reports/summary?region=990101');
    expect(unknown).toMatchObject({ status: 400, body: { code: 'REPORTING.UNKNOWN_REGION' } });
    const malformed = await h.get<{ code: string }>('/reports/summary?region=41010');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'REPORTING.INVALID_REGION' } });
    const dimension = await h.get<{ code: string; details: { validDimensions: string[] } }>('/reports/summary?groupBy=county,colour');
    expect(dimension).toMatchObject({ status: 400, body: { code: 'REPORTING.UNSUPPORTED_DIMENSION' } });
    expect(dimension.body.details.validDimensions).toEqual(['city', 'county', 'township', 'village', 'day', 'month', 'quarter', 'year', 'programmeYear', 'channel', 'referrer', 'householdStatus']);
    const growthByMonth = await h.get<{ code: string; details: { validDimensions: string[] } }>('/reports/growth?programmeYear=2021&groupBy=month');
    expect(growthByMonth.body.details.validDimensions).toEqual(['city', 'county', 'township', 'village', 'channel', 'referrer', 'householdStatus']);
    const page = await h.get<{ code: string }>('/reports/referrers?pageSize=501');
    expect(page).toMatchObject({ status: 400, body: { code: 'REPORTING.PAGE_SIZE_TOO_LARGE' } });
    const extra = await h.get<{ code: string }>('/reports/summary?colour=red');
    expect(extra).toMatchObject({ status: 400, body: { code: 'REQUEST.UNKNOWN_FIELD' } });
    const level = await h.get<{ code: string }>('/reports/ranking?level=province');
    expect(level).toMatchObject({ status: 400, body: { code: 'REPORTING.UNSUPPORTED_LEVEL' } });
  });

  it('reports its lag per topic and partition and the last event applied', async () => {
    const s = await h.get<StatusResponse>('/status');
    expect(s.status).toBe(200);
    expect(s.body.active).toMatchObject({ generation: 'rm_v1', status: 'active', caughtUp: true, lag: '0' });
    expect(s.body.active!.topics.map((t) => [t.topic, t.partitions.length, t.lag])).toEqual([
      [h.topics.enrollment, 3, '0'],
      [h.topics.claims, 3, '0'],
    ]);
    const applied = s.body.active!.topics.flatMap((t) => t.partitions).reduce((a, p) => a + Number(p.eventsApplied), 0);
    expect(applied).toBe(all.length);
    expect(s.body.lastEventAppliedAt).toBe('2021-04-02T00:00:00.000Z');
  });

  it('leaves every figure unchanged after a duplicated batch and a replay of older revisions', async () => {
    const snapshot = async () =>
      Promise.all(['', 'groupBy=county,month', 'groupBy=channel,referrer', 'groupBy=householdStatus,quarter'].map(async (c) => (await h.get<SummaryResponse>(`/reports/summary?${c}&asOf=${AS_OF}`)).body.rows));
    const before = await snapshot();
    const statusBefore = await h.get<StatusResponse>('/status');
    // The same events again (a relay restarted after publishing): same ids, new offsets.
    await h.produce(all);
    // Older revisions of every aggregate under new ids (a replay that re-derived ids): only the revision guard stops these.
    const older = [
      ...[...policies, ...lastYear].flatMap((stream) => stream.slice(0, Math.max(1, stream.length - 1))).map((e) => ({ ...e, eventId: e.eventId.replace(/^00000000/, 'ffffffff') })),
      ...claims.flatMap((stream) => stream.slice(0, Math.max(1, stream.length - 1))).map((e) => ({ ...e, eventId: `${e.eventId}:replayed` })),
    ];
    await h.produce(older);
    const after = await h.caughtUp();
    expect(await snapshot()).toEqual(before);
    const count = (s: StatusResponse) => s.active!.topics.flatMap((t) => t.partitions).reduce((a, p) => a + Number(p.eventsApplied), 0);
    // Duplicates were recognised by id and never applied; the replayed revisions were applied as no-ops.
    expect(count(after)).toBe(count(statusBefore.body) + older.length);
  });
});
