/**
 * CSV per RFC 4180 (CRLF, quotes doubled), with a guard against formula injection: a text cell that a
 * spreadsheet would evaluate (=, +, -, @, tab, CR at the start) gets a leading apostrophe. Numbers,
 * including negative amounts, are left alone so that the export still sums.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

const NUMERIC = /^-?\d+(\.\d+)?$/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !NUMERIC.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
