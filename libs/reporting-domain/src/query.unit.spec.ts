import { DIMENSIONS, effectivePrefixes, parseFilter, parseGroupBy, parsePaging, parseReportQuery } from './query';

const now = new Date('2021-06-01T00:00:00.000Z');

describe('report query validation (bad input is a 400 with a stable code)', () => {
  it('accepts a full query', () => {
    const q = parseReportQuery({ from: '2021-01-01', to: '2021-12-31', programmeYear: '2021', region: '410102', channel: 'MOBILE_STOREFRONT', asOf: '2021-12-31T16:00:00Z', groupBy: 'county,month' }, now);
    expect(q).toMatchObject({ from: '2021-01-01', to: '2021-12-31', programmeYear: 2021, region: '410102', channel: 'MOBILE_STOREFRONT', groupBy: ['county', 'month'] });
    expect(q.asOf.toISOString()).toBe('2021-12-31T16:00:00.000Z');
    expect(parseFilter({}, now).asOf).toBe(now);
  });

  it('refuses a period start after its end', () => {
    expect(() => parseFilter({ from: '2021-02-01', to: '2021-01-01' }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.PERIOD_START_AFTER_END', kind: 'validation' }));
  });

  it('refuses a malformed region code', () => {
    for (const region of ['41010', '4101020010', 'abcd', '']) {
      expect(() => parseFilter({ region }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_REGION' }));
    }
  });

  it('refuses an unsupported dimension and lists the valid ones', () => {
    let error: unknown;
    try {
      parseGroupBy('county,province,colour');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'REPORTING.UNSUPPORTED_DIMENSION', kind: 'validation', details: { unsupported: ['province', 'colour'], validDimensions: [...DIMENSIONS] } });
    expect((error as Error).message).toContain('valid dimensions: city, county, township, village, day, month, quarter, year, programmeYear, channel, referrer, householdStatus');
    expect(() => parseGroupBy('month', ['county'])).toThrow(expect.objectContaining({ details: expect.objectContaining({ validDimensions: ['county'] }) }));
  });

  it('refuses too many dimensions, and drops repeats', () => {
    expect(() => parseGroupBy('county,month,channel,referrer')).toThrow(expect.objectContaining({ code: 'REPORTING.TOO_MANY_DIMENSIONS' }));
    expect(parseGroupBy('county,county')).toEqual(['county']);
    expect(parseGroupBy(undefined)).toEqual([]);
  });

  it('refuses a page size above the cap instead of clamping it', () => {
    expect(parsePaging({})).toEqual({ pageSize: 50, page: 1 });
    expect(parsePaging({ pageSize: '500', page: '3' })).toEqual({ pageSize: 500, page: 3 });
    expect(() => parsePaging({ pageSize: '501' })).toThrow(expect.objectContaining({ code: 'REPORTING.PAGE_SIZE_TOO_LARGE', details: { field: 'pageSize', max: 500 } }));
    expect(() => parsePaging({ pageSize: '0' })).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_PAGE_SIZE' }));
    expect(() => parsePaging({ page: '-1' })).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_PAGE' }));
  });

  it('refuses unknown channels, bad years and bad instants', () => {
    expect(() => parseFilter({ channel: 'CARRIER_PIGEON' }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_CHANNEL' }));
    expect(() => parseFilter({ programmeYear: '21' }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_PROGRAMME_YEAR' }));
    expect(() => parseFilter({ asOf: '2021-12-31' }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_AS_OF' }));
    expect(() => parseFilter({ asOf: 'yesterday' }, now)).toThrow(expect.objectContaining({ code: 'REPORTING.INVALID_AS_OF' }));
  });

  it('narrows the requested region by the principal\'s scope', () => {
    expect(effectivePrefixes(undefined, 'all')).toBe('all');
    expect(effectivePrefixes('410102', 'all')).toEqual(['410102']);
    expect(effectivePrefixes(undefined, ['410102'])).toEqual(['410102']);
    expect(effectivePrefixes('410102001', ['410102'])).toEqual(['410102001']);
    expect(effectivePrefixes('4101', ['410102', '420101'])).toEqual(['410102']);
    expect(effectivePrefixes('410103', ['410102'])).toEqual([]);
  });
});
