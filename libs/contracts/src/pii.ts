/**
 * Masking of personal data (PIPL Art. 28: ID numbers, names, phones and bank accounts of families with
 * children are sensitive). Every value that leaves a service (logs, error bodies, events, exports,
 * dead letters) passes through these functions. The mask format is part of the public contract.
 */

/** `11010519491231002X` -> `1101**********002X` (keeps province+prefecture and the last four). */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** `13812345678` -> `138****5678`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** `张三丰` -> `张**`; `Li Lei` -> `L*****`. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** `6222021234567890123` -> `************0123`-style: only the last four digits survive. */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3})([0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const LONG_DIGITS = /(?<!\d)\d{12,19}(?!\d)/g;

/**
 * Masks anything in free text that looks like a resident ID number, a mainland mobile number or a bank
 * account. A last line of defence for log lines and error messages; structured fields are masked by key.
 */
export function redactText(text: string): string {
  return text
    .replace(ID_NUMBER, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskPhone(m))
    .replace(LONG_DIGITS, (m) => maskBankAccount(m));
}

/**
 * Keys whose values are personal data wherever they appear in a structured entry, matched on the end of
 * the key so that `claimantName`, `payeeBankAccount` or `headIdNumber` are caught as well. Names cannot be
 * recognised in free text, so every key naming a person's name must end in one of the name suffixes.
 */
const SENSITIVE_KEY_SUFFIXES: [RegExp, (v: string) => string][] = [
  [/(idnumber|residentid|idcard)$/i, maskIdNumber],
  [/(bankaccount|accountnumber|accountno)$/i, maskBankAccount],
  [/(phone|mobile|phonenumber)$/i, maskPhone],
  [/^(name|fullname)$|(member|head|receiver|reporter|payee|claimant|insured|referrer|contact|holder|applicant|person|patient)name$/i, maskName],
];

const maskerFor = (key: string): ((v: string) => string) | undefined => SENSITIVE_KEY_SUFFIXES.find(([re]) => re.test(key))?.[1];

/** Deep copy of `value` with sensitive keys masked and free text redacted. Cycles are cut, not followed. */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const masker = maskerFor(key);
    out[key] = masker && typeof v === 'string' ? masker(v) : redact(v, seen);
  }
  return out;
}
