import { EnrollmentError } from './errors';

/** Upper bound for any single amount: 10 billion yuan. Anything larger is a typing error, not a premium. */
export const MAX_FEN = 1_000_000_000_000n;

/**
 * Money is integer fen end to end. Clients may send fen as a JSON integer (only within the exactly
 * representable range, because JSON numbers above 2^53 were already rounded by the parser) or as a string
 * of digits; floats and signs are refused rather than rounded.
 */
export function parseFen(value: unknown, field: string, opts: { allowZero?: boolean } = {}): bigint {
  let fen: bigint | undefined;
  if (typeof value === 'bigint') fen = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) fen = BigInt(value);
  else if (typeof value === 'string' && /^\d{1,13}$/.test(value)) fen = BigInt(value);
  if (fen === undefined || fen < 0n || fen > MAX_FEN || (fen === 0n && !opts.allowZero)) {
    throw new EnrollmentError('ENROLLMENT.INVALID_AMOUNT', 'validation', `${field} must be an integer number of fen between ${opts.allowZero ? 0 : 1} and ${MAX_FEN}`, { field });
  }
  return fen;
}

/** Output form of an amount: a digit string, so that no JSON consumer turns it into a float. */
export const fenToString = (fen: bigint): string => fen.toString();

export const sumFen = (amounts: readonly bigint[]): bigint => amounts.reduce((a, b) => a + b, 0n);
