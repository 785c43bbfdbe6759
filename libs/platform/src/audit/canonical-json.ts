/**
 * Canonical JSON for hashing: object keys sorted by UTF-16 code units (as RFC 8785 does), no whitespace,
 * `undefined` members omitted, strings and numbers as `JSON.stringify` writes them. Two structurally equal
 * values always give the same text, whatever order their keys were built in, so a verifier can recompute
 * a hash from columns read back from the database.
 *
 * Values that JSON cannot carry faithfully (non-finite numbers, bigint, functions, symbols) are refused
 * rather than coerced: a hash over a lossy encoding would prove nothing.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}
