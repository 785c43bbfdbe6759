/**
 * Money is integer fen (分) as `bigint`; ratios are integer basis points (10 000 = 100 %). No floating point
 * touches an amount. Every field that holds fen is named `...Fen`, which is what the event codec relies on.
 */
export type Fen = bigint;
export type BasisPoints = number;

export const FULL_RATIO_BP = 10_000;

export const isBasisPoints = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= FULL_RATIO_BP;

/**
 * `numerator / denominator` for non-negative integers, rounded half down to the fen: a remainder of more
 * than half rounds up, exactly half or less rounds down, so an exact tie pays the lower fen. This is the
 * programme's rounding rule for every computed benefit (member shares, ratios); it is part of each
 * benefit line's result, so changing it is a new rule version, not a fix.
 */
export function divideRoundHalfDown(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divideRoundHalfDown needs numerator >= 0 and denominator > 0');
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder * 2n > denominator ? quotient + 1n : quotient;
}

/** `amount x ratio`, rounded half down to the fen. */
export const applyRatio = (amount: Fen, ratio: BasisPoints): Fen => divideRoundHalfDown(amount * BigInt(ratio), BigInt(FULL_RATIO_BP));

export const minFen = (a: Fen, b: Fen): Fen => (a < b ? a : b);
export const maxFen = (a: Fen, b: Fen): Fen => (a > b ? a : b);
export const sumFen = (values: readonly Fen[]): Fen => values.reduce((total, v) => total + v, 0n);
