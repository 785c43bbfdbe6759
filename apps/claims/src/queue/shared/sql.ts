import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/** Collects positional parameters while a WHERE clause is built, so values never enter the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** `where('q.status = ANY($?)', statuses)`: each `$?` takes the next value. */
  where(condition: string, ...values: unknown[]): this {
    let i = 0;
    this.conditions.push(condition.replace(/\$\?/g, () => this.param(values[i++])));
    return this;
  }

  get clause(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.map((c) => `(${c})`).join(' AND ');
  }
}

export { inTransaction } from '@fpi/platform';

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as the API writes it (`Date.prototype.toISOString`), from a Date or any ISO text. */
export const isoOf = (value: Date | string | null): string | null => {
  if (value === null) return null;
  if (typeof value === 'string' && CANONICAL_INSTANT.test(value)) return value;
  return (value instanceof Date ? value : new Date(value)).toISOString();
};

/**
 * A timestamptz column rendered by PostgreSQL exactly as `toISOString` would (UTC, milliseconds): list reads
 * then pass instants through as text instead of parsing each into a Date and formatting it back.
 */
export const isoColumn = (column: string, as = column.replace(/^\w+\./, '')): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${as}`;

/** A bigint column (node-postgres returns int8 as a string) as a decimal string of fen, or null. */
export const fenText = (value: string | number | bigint | null): string | null => (value === null ? null : BigInt(value).toString());

const statementNames = new Map<string, string>();

/**
 * A named (prepared) statement: PostgreSQL parses and plans it once per connection instead of on every call.
 * The name is derived from the text, so one text always has one name (node-postgres refuses a name reused
 * for another text), and the number of names is bounded by the number of distinct query shapes.
 */
export function prepared(text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `rm_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}
