import type { EntityManager } from 'typeorm';
import { isoOf } from './iso';

/** The transaction's manager: every query of a command goes through it, never through an injected repository. */
export type Tx = Pick<EntityManager, 'query'>;

/** Row count of an UPDATE or DELETE run through TypeORM's `query` (which answers `[rows, rowCount]`). */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  throw new Error('expected the [rows, rowCount] answer of an UPDATE or DELETE');
}

/** Builds a parameterised WHERE clause one condition at a time. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `add('p.status = $?', status)`: each `$?` takes the next parameter. */
  add(condition: string, ...values: unknown[]): this {
    let i = 0;
    this.conditions.push(condition.replace(/\$\?/g, () => `$${this.params.length + ++i}`));
    this.params.push(...values);
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.join(' AND ');
  }
}

/**
 * The parameters of one statement built from several parts: `p.add(value)` appends a value and answers its
 * placeholder, so that repositories can each contribute an INSERT to one combined statement.
 */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Several INSERTs as one statement: all but the last become data-modifying WITH clauses. One round trip and
 * one plan instead of one per table; foreign keys between the parts are checked at the end of the statement,
 * so a parent inserted by an earlier part satisfies a child inserted by a later one.
 */
export function combinedStatement(parts: readonly string[]): string {
  if (parts.length === 0) throw new Error('combinedStatement needs at least one part');
  if (parts.length === 1) return parts[0];
  return `WITH ${parts.slice(0, -1).map((part, i) => `w${i} AS (${part})`).join(', ')}\n${parts[parts.length - 1]}`;
}

const ARRAY_ESCAPE = /[\\"]/;
const ARRAY_ESCAPE_ALL = /[\\"]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of text values, to be cast in SQL (`$1::uuid[]`, `$2::date[]`).
 * node-postgres escapes a JavaScript array element by element with two regular expressions each; for the
 * hundred thousand values of a gifted batch that took longer than PostgreSQL took to insert them. Every
 * element is quoted, so commas, braces, blanks and the word NULL inside a value stay data.
 */
export function textArray(values: readonly (string | null | undefined)[]): string {
  // Usually no value is null and none needs escaping (ids, codes, hashes, dates): one native join.
  let plain = true;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const joined = values.join('","');
    if (!ARRAY_ESCAPE.test(joined)) return values.length === 0 ? '{}' : `{"${joined}"}`;
  }
  const out: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? 'NULL' : ARRAY_ESCAPE.test(v) ? `"${v.replace(ARRAY_ESCAPE_ALL, '\\$&')}"` : `"${v}"`;
  }
  return `{${out.join(',')}}`;
}

/** An array literal of integers or bigints (`{1,2,NULL}`), for `$1::int[]` or `$1::bigint[]`. */
export function integerArray(values: readonly (number | bigint | null | undefined)[]): string {
  const out: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = 'NULL';
    else if (typeof v === 'bigint' || Number.isSafeInteger(v)) out[i] = v.toString();
    else throw new Error(`integerArray: ${String(v)} is not an integer`);
  }
  return `{${out.join(',')}}`;
}

/** An array literal of instants as ISO 8601 strings, for `$1::timestamptz[]`. */
export const instantArray = (values: readonly (Date | null | undefined)[]): string => textArray(values.map((d) => (d ? isoOf(d) : null)));

/**
 * Keeps one statement in flight on the transaction's connection while the caller prepares the next, so
 * that PostgreSQL inserts one chunk while Node builds the following one. `send` first waits for the
 * statement before it (a transaction's statements run one after another), then hands the new one to the
 * connection; `finish` waits for the last. A failed statement's error is thrown by the next `send` or by
 * `finish`, and a statement after a failed one is never sent.
 */
export class StatementPipeline {
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly tx: Tx) {}

  async send(sql: string, params: unknown[]): Promise<void> {
    await this.inFlight;
    const sent = this.tx.query(sql, params);
    // Marked as handled now: the caller learns of a failure at its next send or finish, not from the process.
    sent.catch(() => undefined);
    this.inFlight = sent;
    // Let the query through the driver's promise chain onto the socket before the caller resumes work.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async finish(): Promise<void> {
    await this.inFlight;
  }
}
