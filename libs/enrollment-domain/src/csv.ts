import { EnrollmentError } from './errors';

/** One record of an RFC 4180 file; `line` is where it starts in the file (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
  /** Set when this record cannot be read (a stray quote); the rest of the file still can. */
  malformed?: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const fileError = (message: string, details?: Record<string, unknown>): EnrollmentError => new EnrollmentError('ENROLLMENT.CSV_MALFORMED', 'validation', message, details);

/**
 * Reads RFC 4180 CSV (comma, double quotes, "" inside quotes, CRLF or LF, optional UTF-8 BOM). Blank lines
 * are skipped. An unterminated quote makes the rest of the file unreadable, so it fails the whole file;
 * a quote in the middle of an unquoted field only spoils its own record.
 */
export function readCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const n = src.length;
  let i = 0;
  let line = 1;
  // Character codes, not one-character strings: a 20,000-row file is a million characters.
  const isEnd = (c: number): boolean => c === COMMA || c === LF || c === CR;
  while (i < n) {
    const startLine = line;
    const values: string[] = [];
    let malformed: string | undefined;
    for (;;) {
      let field: string;
      if (src.charCodeAt(i) === QUOTE) {
        i++;
        let closed = false;
        let start = i;
        field = '';
        while (i < n) {
          const c = src.charCodeAt(i);
          if (c === QUOTE) {
            field += src.slice(start, i);
            if (src.charCodeAt(i + 1) === QUOTE) {
              field += '"';
              i += 2;
              start = i;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === LF) line++;
          i++;
        }
        if (!closed) throw fileError(`a quoted field starting on line ${startLine} is never closed`, { line: startLine });
        if (i < n && !isEnd(src.charCodeAt(i))) {
          malformed ??= `text after a closing quote in column ${values.length + 1}`;
          const rest = i;
          while (i < n && !isEnd(src.charCodeAt(i))) i++;
          field += src.slice(rest, i);
        }
      } else {
        const start = i;
        while (i < n && !isEnd(src.charCodeAt(i))) i++;
        field = src.slice(start, i);
        if (field.includes('"')) malformed ??= `a stray quote in column ${values.length + 1}`;
      }
      values.push(field);
      if (i >= n) break;
      const c = src.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i++;
      if (src.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    const blank = values.length === 1 && values[0].trim() === '';
    if (!blank) records.push({ line: startLine, values, ...(malformed ? { malformed } : {}) });
  }
  return records;
}
