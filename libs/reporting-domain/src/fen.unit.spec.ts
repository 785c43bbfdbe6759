import { decimalString, divRound, parseFen, sumFen, yuanString } from './fen';
import { average, growth, rate } from './fraction';

describe('money and fractions', () => {
  it('parses fen strings, bigints and safe integers, and refuses floats and junk', () => {
    expect(parseFen('312600')).toBe(312600n);
    expect(parseFen('-5')).toBe(-5n);
    expect(parseFen(7n)).toBe(7n);
    expect(parseFen(12)).toBe(12n);
    expect(parseFen(1.5)).toBeUndefined();
    expect(parseFen('01')).toBeUndefined();
    expect(parseFen('1e3')).toBeUndefined();
    expect(parseFen(null)).toBeUndefined();
    expect(sumFen([1n, 2n, 3n])).toBe(6n);
  });

  it('rounds half away from zero in integers', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(2n, 3n)).toBe(1n);
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
  });

  it('prints decimals exactly', () => {
    expect(decimalString(743n, 1000n, 1)).toBe('0.7');
    expect(decimalString(1n, 3n, 4)).toBe('0.3333');
    expect(decimalString(-1n, 8n, 2)).toBe('-0.13');
    expect(yuanString(688_000_000n)).toBe('6880000.00');
  });

  it('gives the programme loss ratio of 2021 (688万 / 926万 = 74.3 %) exactly', () => {
    expect(rate(688_000_000n, 926_000_000n)).toEqual({ numerator: '688000000', denominator: '926000000', percent: '74.3', basisPoints: 7430 });
  });

  it('reports no rate when nothing was due (0/0 is not 0 %)', () => {
    expect(rate(0n, 0n)).toEqual({ numerator: '0', denominator: '0', percent: null, basisPoints: null });
    expect(rate(0n, 4n).percent).toBe('0.0');
  });

  it('computes growth and averages, null when there is no base', () => {
    expect(growth(110n, 100n)).toEqual({ current: '110', previous: '100', change: '10', rate: { numerator: '10', denominator: '100', percent: '10.0', basisPoints: 1000 } });
    expect(growth(90n, 100n).rate?.percent).toBe('-10.0');
    expect(growth(5n, 0n).rate).toBeNull();
    // 6.88 million yuan over 2,208 people: 3,115.94 yuan (the programme reported 3,116).
    expect(average(688_000_000n, 2208n)).toEqual({ totalFen: '688000000', count: '2208', roundedFen: '311594' });
    expect(average(0n, 0n).roundedFen).toBeNull();
  });
});
