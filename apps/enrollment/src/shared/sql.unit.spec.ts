import { combinedStatement, instantArray, integerArray, Params, textArray } from './sql';

describe('array literals for set-based statements', () => {
  it('quotes every text element, escapes quotes and backslashes, and writes null as NULL', () => {
    expect(textArray([])).toBe('{}');
    expect(textArray(['a', 'b'])).toBe('{"a","b"}');
    expect(textArray(['NULL', '', ' x ', 'a,b', '{c}'])).toBe('{"NULL",""," x ","a,b","{c}"}');
    expect(textArray(['王"某', 'back\\slash', null, undefined])).toBe('{"王\\"某","back\\\\slash",NULL,NULL}');
  });

  it('writes integers and bigints, and refuses anything else', () => {
    expect(integerArray([1, -2, 9_007_199_254_740_991, 12_345_678_901_234_567_890n, null])).toBe('{1,-2,9007199254740991,12345678901234567890,NULL}');
    expect(() => integerArray([1.5])).toThrow('not an integer');
    expect(() => integerArray([Number.NaN])).toThrow('not an integer');
  });

  it('writes instants as ISO 8601', () => {
    expect(instantArray([new Date('2025-02-10T02:00:00.000Z'), null])).toBe('{"2025-02-10T02:00:00.000Z",NULL}');
  });
});

describe('combined statements', () => {
  it('numbers the parameters of all parts in one list and nests all but the last part in WITH', () => {
    const p = new Params();
    const parts = [`INSERT INTO a SELECT ${p.add(1)}`, `INSERT INTO b SELECT ${p.add('x')}`, `INSERT INTO c SELECT ${p.add(null)}`];
    expect(p.values).toEqual([1, 'x', null]);
    expect(combinedStatement(parts)).toBe('WITH w0 AS (INSERT INTO a SELECT $1), w1 AS (INSERT INTO b SELECT $2)\nINSERT INTO c SELECT $3');
    expect(combinedStatement(['SELECT 1'])).toBe('SELECT 1');
    expect(() => combinedStatement([])).toThrow();
  });
});
