/** Collects positional parameters while a statement is assembled, so values never enter the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `(col LIKE $1 OR col LIKE $2)` for region prefixes (digits only, so no LIKE wildcard can slip in). */
export function prefixCondition(column: string, prefixes: 'all' | readonly string[], p: SqlParams): string {
  if (prefixes === 'all') return 'TRUE';
  if (prefixes.length === 0) return 'FALSE';
  for (const prefix of prefixes) if (!/^\d+$/.test(prefix)) throw new Error('region prefixes are digits');
  return `(${prefixes.map((prefix) => `${column} LIKE ${p.add(`${prefix}%`)}`).join(' OR ')})`;
}
