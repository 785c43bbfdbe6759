import { RegionScope } from '@fpi/platform';
import { effectiveRegions, queueRegionCondition, regionCondition } from './region-filter';
import { SqlParams } from './sql';

const render = (condition: typeof regionCondition, codes: string[], request = {}) => {
  const p = new SqlParams();
  return { sql: condition(effectiveRegions(RegionScope.of(codes), request), p), values: p.values };
};

describe('region conditions of the read models', () => {
  it('matches a township token to the claims of its households, inside its county, in the queue', () => {
    expect(render(queueRegionCondition, ['330102001'])).toEqual({ sql: '(q.county_code = $1 AND q.township_code = $2)', values: ['330102', '330102001'] });
    expect(render(queueRegionCondition, ['330102001001'])).toEqual({ sql: '(q.county_code = $1 AND q.village_code = $2)', values: ['330102', '330102001001'] });
  });

  it('keeps the county rule for city and county tokens, and for the other read models whatever the token', () => {
    for (const condition of [queueRegionCondition, regionCondition]) {
      expect(render(condition, ['3301'])).toEqual({ sql: 'q.city_code = $1', values: ['3301'] });
      expect(render(condition, ['330102'])).toEqual({ sql: 'q.county_code = $1', values: ['330102'] });
      expect(render(condition, ['33'])).toEqual({ sql: 'q.region_code LIKE $1', values: ['33%'] });
    }
    expect(render(regionCondition, ['330102001'])).toEqual({ sql: 'q.region_code LIKE $1', values: ['330102001%'] });
  });

  it('never widens a township token: its county or its own township narrows to it, anything else to nothing', () => {
    expect(render(queueRegionCondition, ['330102001'], { county: '330102' }).values).toEqual(['330102', '330102001']);
    expect(render(queueRegionCondition, ['330102001'], { township: '330102001' })).toEqual({
      sql: '(q.county_code = $1 AND q.township_code = $2) AND q.township_code = $3',
      values: ['330102', '330102001', '330102001'],
    });
    expect(render(queueRegionCondition, ['330102001'], { township: '330102002' }).values).toEqual(['330102', '330102001', '330102002']);
    expect(render(queueRegionCondition, ['330102001'], { county: '330106' })).toEqual({ sql: 'FALSE', values: [] });
    expect(render(queueRegionCondition, [])).toEqual({ sql: 'FALSE', values: [] });
  });
});
