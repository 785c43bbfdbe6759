import type { EntityManager } from 'typeorm';

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
