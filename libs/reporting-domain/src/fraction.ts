import { decimalString, divRound } from './fen';

/**
 * A rate as the programme reports it: the exact numerator and denominator (so anyone can re-add regions),
 * a rounded percentage string and basis points. Both are null when nothing was due: 0/0 is "no data",
 * not 0 % or 100 %.
 */
export interface Rate {
  numerator: string;
  denominator: string;
  /** Percentage with one decimal, rounded half away from zero: `"74.3"`. */
  percent: string | null;
  /** Whole basis points (1/100 of a percent), rounded the same way. */
  basisPoints: number | null;
}

export function rate(numerator: bigint, denominator: bigint, percentDecimals = 1): Rate {
  if (denominator === 0n) return { numerator: numerator.toString(), denominator: '0', percent: null, basisPoints: null };
  return {
    numerator: numerator.toString(),
    denominator: denominator.toString(),
    percent: decimalString(numerator * 100n, denominator, percentDecimals),
    basisPoints: Number(divRound(numerator * 10_000n, denominator)),
  };
}

/** Year-on-year change: (current - previous) / previous, or null when there was nothing the year before. */
export interface Growth {
  current: string;
  previous: string;
  change: string;
  /** Exact change as a fraction of the previous value. */
  rate: Rate | null;
}

export function growth(current: bigint, previous: bigint): Growth {
  return {
    current: current.toString(),
    previous: previous.toString(),
    change: (current - previous).toString(),
    rate: previous === 0n ? null : rate(current - previous, previous),
  };
}

/** An exact average `total / count` in fen plus the value rounded to the fen, or null for no items. */
export interface Average {
  totalFen: string;
  count: string;
  roundedFen: string | null;
}

export function average(totalFen: bigint, count: bigint): Average {
  return { totalFen: totalFen.toString(), count: count.toString(), roundedFen: count === 0n ? null : divRound(totalFen, count).toString() };
}
