import type { EnrollmentEvent, EnrollmentEventType } from './events';
import { enrollmentEventSchemas } from './schemas';

/** A problem found in a message, with the JSON path (`data.policy.premiumFen`) where it was found. */
export interface SchemaProblem {
  path: string;
  problem: string;
}

/** The JSON Schema keywords the enrollment schemas use (and these validators understand). */
export type JsonSchemaSubset = {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  required?: readonly string[];
  properties?: Record<string, JsonSchemaSubset>;
  additionalProperties?: boolean;
  items?: JsonSchemaSubset;
};
type Schema = JsonSchemaSubset;

const patterns = new Map<string, RegExp>();
const regexOf = (p: string): RegExp => {
  let r = patterns.get(p);
  if (!r) patterns.set(p, (r = new RegExp(p)));
  return r;
};

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v);

/**
 * Whether `value` conforms, without building paths or messages: producers validate every event they write,
 * thousands per gifted batch, so the common (valid) case must stay cheap.
 */
export function conformsTo(schema: Schema, value: unknown): boolean {
  if (schema.const !== undefined && value !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.type) {
    const actual = typeOf(value);
    const allowed = schema.type;
    if (typeof allowed === 'string' ? allowed !== actual && !(actual === 'integer' && allowed === 'number') : !allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) return false;
  }
  if (typeof value === 'string') {
    if (schema.pattern && !regexOf(schema.pattern).test(value)) return false;
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  } else if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
  } else if (Array.isArray(value)) {
    if (schema.items) for (const item of value) if (!conformsTo(schema.items, item)) return false;
  } else if (value !== null && typeof value === 'object' && (schema.properties || schema.required)) {
    const obj = value as Record<string, unknown>;
    if (schema.required) for (const key of schema.required) if (!(key in obj)) return false;
    for (const key in obj) {
      const child = schema.properties?.[key];
      if (child ? !conformsTo(child, obj[key]) : schema.additionalProperties === false) return false;
    }
  }
  return true;
}

/** Checks `value` against the schema subset used by the enrollment contracts; returns every problem found. */
export function checkSchema(schema: Schema, value: unknown, path = '', problems: SchemaProblem[] = []): SchemaProblem[] {
  const at = path || '(root)';
  if (schema.const !== undefined && value !== schema.const) problems.push({ path: at, problem: `must be ${JSON.stringify(schema.const)}` });
  if (schema.enum && !schema.enum.includes(value)) problems.push({ path: at, problem: `must be one of ${schema.enum.join(', ')}` });
  if (schema.type) {
    const allowed = typeof schema.type === 'string' ? [schema.type] : schema.type;
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) {
      problems.push({ path: at, problem: `must be ${allowed.join(' or ')}` });
      return problems;
    }
  }
  if (typeof value === 'string') {
    if (schema.pattern && !regexOf(schema.pattern).test(value)) problems.push({ path: at, problem: 'has the wrong format' });
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push({ path: at, problem: `must be at least ${schema.minLength} characters` });
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push({ path: at, problem: `must be at most ${schema.maxLength} characters` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push({ path: at, problem: `must be >= ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) problems.push({ path: at, problem: `must be <= ${schema.maximum}` });
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => checkSchema(schema.items as Schema, item, `${path}[${i}]`, problems));
  if (typeOf(value) === 'object' && (schema.properties || schema.required)) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push({ path: path ? `${path}.${key}` : key, problem: 'is required' });
    for (const [key, v] of Object.entries(obj)) {
      const child = schema.properties?.[key];
      const childPath = path ? `${path}.${key}` : key;
      if (child) checkSchema(child, v, childPath, problems);
      else if (schema.additionalProperties === false) problems.push({ path: childPath, problem: 'is not allowed' });
    }
  }
  return problems;
}

export type EnrollmentEventCheck = { ok: true; event: EnrollmentEvent } | { ok: false; problems: SchemaProblem[] };

/** Validates a decoded message against the schema of its `type`. Unknown types are problems, not exceptions. */
export function validateEnrollmentEvent(value: unknown): EnrollmentEventCheck {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in enrollmentEventSchemas)) return { ok: false, problems: [{ path: 'type', problem: 'is not a known enrollment event type' }] };
  const schema = enrollmentEventSchemas[type as EnrollmentEventType] as Schema;
  if (conformsTo(schema, value)) return { ok: true, event: value as EnrollmentEvent };
  return { ok: false, problems: checkSchema(schema, value) };
}

/** Decodes a Kafka message value (UTF-8 JSON) and validates it. */
export function decodeEnrollmentEvent(raw: string | Uint8Array): EnrollmentEventCheck {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  } catch {
    return { ok: false, problems: [{ path: '(root)', problem: 'is not JSON' }] };
  }
  return validateEnrollmentEvent(value);
}
