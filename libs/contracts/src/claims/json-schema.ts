/**
 * The subset of JSON Schema draft 2020-12 that the claim contracts use, and a validator for exactly that
 * subset. Consumers in other languages validate the same documents with any 2020-12 validator; this one
 * exists so that the services check what they publish and receive without a new dependency.
 * `format` is an annotation in 2020-12 and is not asserted here; timestamps carry a `pattern` instead.
 */

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
export type JsonPrimitive = string | number | boolean | null;

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: JsonType | readonly JsonType[];
  enum?: readonly JsonPrimitive[];
  const?: JsonPrimitive;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  oneOf?: readonly JsonSchema[];
  examples?: readonly unknown[];
}

/** The keywords {@link validateJson} understands; a schema using any other assertion keyword is a bug in this library. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema', '$id', 'title', 'description', 'examples', 'format',
  'type', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'uniqueItems', 'oneOf',
]);

export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

function typeOf(value: unknown): JsonType | 'undefined' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : 'other';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other'; // bigint, function, symbol: not JSON
  }
}

function matchesType(actual: ReturnType<typeof typeOf>, expected: JsonType): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer');
}

const patterns = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = patterns.get(source);
  if (!r) {
    r = new RegExp(source, 'u');
    patterns.set(source, r);
  }
  return r;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function check(schema: JsonSchema, value: unknown, path: string, errors: string[]): void {
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => matchesType(actual, t))) {
      errors.push(`${path}: expected ${types.join(' or ')}, got ${actual}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !schema.enum.some((v) => v === value)) errors.push(`${path}: must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems && value.some((v, i) => value.findIndex((w) => jsonEqual(v, w)) !== i)) errors.push(`${path}: items are not unique`);
    if (schema.items) value.forEach((item, i) => check(schema.items as JsonSchema, item, `${path}[${i}]`, errors));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object) || object[key] === undefined) errors.push(`${path}: missing ${key}`);
    }
    for (const [key, v] of Object.entries(object)) {
      if (v === undefined) continue;
      const property = schema.properties?.[key];
      if (property) check(property, v, `${path}.${key}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${key}`);
      else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, `${path}.${key}`, errors);
    }
  }
  if (schema.oneOf) {
    const outcomes = schema.oneOf.map((s) => {
      const e: string[] = [];
      check(s, value, path, e);
      return e;
    });
    const matching = outcomes.filter((e) => e.length === 0).length;
    if (matching !== 1) {
      errors.push(`${path}: must match exactly one schema of oneOf, matched ${matching}`);
      if (matching === 0) errors.push(...outcomes.reduce((best, e) => (e.length < best.length ? e : best)));
    }
  }
}

/** Validates `value` (already parsed JSON) against `schema`; errors name the JSON path and the broken keyword. */
export function validateJson(schema: JsonSchema, value: unknown): ValidationResult {
  const errors: string[] = [];
  check(schema, value, '$', errors);
  return errors.length === 0 ? { valid: true } : { valid: false, errors };
}

/** Every keyword used anywhere in `schema` that {@link validateJson} does not understand (empty when the schema is safe to use). */
export function unsupportedKeywords(schema: JsonSchema): string[] {
  const found = new Set<string>();
  const walk = (s: JsonSchema): void => {
    for (const key of Object.keys(s)) if (!SUPPORTED_KEYWORDS.has(key)) found.add(key);
    Object.values(s.properties ?? {}).forEach(walk);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
    if (s.items) walk(s.items);
    s.oneOf?.forEach(walk);
  };
  walk(schema);
  return [...found];
}
