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
 * thousands per gifted batch, so the common (valid) case must stay cheap. Each schema is turned once into a
 * tree of small predicates (cached per schema object), so a check no longer asks every node which keywords
 * it has; that made validating a gifted batch's events about a tenth of the import's CPU.
 */
export function conformsTo(schema: Schema, value: unknown): boolean {
  return predicateOf(schema)(value);
}

type Predicate = (value: unknown) => boolean;
const predicates = new WeakMap<Schema, Predicate>();

function predicateOf(schema: Schema): Predicate {
  let p = predicates.get(schema);
  if (!p) predicates.set(schema, (p = compile(schema)));
  return p;
}

/** The keywords `conformsTo` understands, each as one predicate; a keyword that does not apply to the value's type passes. */
function compile(schema: Schema): Predicate {
  const checks: Predicate[] = [];
  if (schema.const !== undefined) {
    const expected = schema.const;
    checks.push((v) => v === expected);
  }
  if (schema.enum) {
    const allowed = schema.enum;
    checks.push((v) => allowed.includes(v));
  }
  if (schema.type) {
    const allowed: readonly string[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    const numberAllowed = allowed.includes('number');
    checks.push((v) => {
      const actual = typeOf(v);
      return allowed.includes(actual) || (actual === 'integer' && numberAllowed);
    });
  }
  const { pattern, minLength, maxLength, minimum, maximum } = schema;
  if (pattern !== undefined || minLength !== undefined || maxLength !== undefined) {
    const regex = pattern === undefined ? undefined : regexOf(pattern);
    checks.push((v) => typeof v !== 'string' || ((!regex || regex.test(v)) && (minLength === undefined || v.length >= minLength) && (maxLength === undefined || v.length <= maxLength)));
  }
  if (minimum !== undefined || maximum !== undefined) {
    checks.push((v) => typeof v !== 'number' || ((minimum === undefined || v >= minimum) && (maximum === undefined || v <= maximum)));
  }
  if (schema.items) {
    const item = predicateOf(schema.items);
    checks.push((v) => !Array.isArray(v) || v.every(item));
  }
  if (schema.properties || schema.required) {
    const required = schema.required ?? [];
    const properties = new Map(Object.entries(schema.properties ?? {}).map(([key, child]) => [key, predicateOf(child)]));
    const closed = schema.additionalProperties === false;
    checks.push((v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return true;
      const obj = v as Record<string, unknown>;
      for (const key of required) if (!(key in obj)) return false;
      for (const key in obj) {
        const child = properties.get(key);
        if (child ? !child(obj[key]) : closed) return false;
      }
      return true;
    });
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return (v) => {
    for (const check of checks) if (!check(v)) return false;
    return true;
  };
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
