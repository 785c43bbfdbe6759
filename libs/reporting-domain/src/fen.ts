/**
 * Money is integer fen (1/100 yuan) as bigint in code and a decimal string in JSON: JSON numbers are
 * doubles, and a national premium total in fen already needs more than the 2^53 a double holds exactly.
 */
export type Fen = bigint;

const FEN_STRING = /^-?(0|[1-9][0-9]*)$/;

/** Parses a fen string (`"312600"`), a bigint, or a safe integer; anything else is not money. */
export function parseFen(value: unknown): Fen | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && value.length <= 20 && FEN_STRING.test(value)) return BigInt(value);
  return undefined;
}

export const fenString = (fen: Fen): string => fen.toString();

export const sumFen = (values: Iterable<Fen>): Fen => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/** `a / b` rounded half away from zero, in integers (no float ever touches an amount). */
export function divRound(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const negative = (a < 0n) !== (b < 0n);
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA * 2n + absB) / (absB * 2n);
  return negative ? -q : q;
}

/**
 * A decimal string of `a / b` with `decimals` places, rounded half away from zero: `decimalString(743n, 1000n, 1)`
 * is `"0.7"`, and with a scale of 100 for percentages `percentString(743n, 1000n)` is `"74.3"`.
 */
export function decimalString(a: bigint, b: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = divRound(a * scale, b);
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, '0');
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`;
}

/** A yuan amount for display (`"6880000.00"`), exact. */
export const yuanString = (fen: Fen): string => decimalString(fen, 100n, 2);
