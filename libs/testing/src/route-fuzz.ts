import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/*
 * Route fuzzing driven by a service's own OpenAPI document: every documented operation gets malformed
 * input of each kind that applies to it (credentials, JSON, media type, body fields, path ids, query
 * parameters, command headers, methods), one bad thing per request with everything else well-formed, and
 * every answer is judged against the platform's promise: a coded 4xx, never a 5xx, nothing written.
 */

/** The subset of JSON Schema that @nestjs/swagger emits and the fuzzer understands. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One route as Nest registered it (e.g. from `listRoutes` of @fpi/platform), `:param` style. */
export interface RegisteredRoute {
  method: string;
  path: string;
  public: boolean;
}

/** One documented operation, ready to fuzz. */
export interface FuzzRoute {
  /** `POST /policies/{policyId}/payments` */
  readonly key: string;
  readonly method: string;
  readonly template: string;
  readonly public: boolean;
  /** Changes state (anything but GET/HEAD/OPTIONS): every malformed request must be refused. */
  readonly unsafe: boolean;
  readonly pathParams: readonly string[];
  readonly query: readonly OpenApiParameter[];
  readonly headers: readonly OpenApiParameter[];
  /** Undefined when the operation documents no request body. */
  readonly body?: { readonly contentType: string; readonly schema: JsonSchema };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every operation of the document, and the differences between the document and the routes Nest really
 * serves (a route left out of the document would otherwise never be fuzzed).
 */
export function fuzzRoutesOf(doc: OpenApiDocument, registered: readonly RegisteredRoute[]): { routes: FuzzRoute[]; undocumented: string[]; unregistered: string[] } {
  const key = (method: string, template: string) => `${method.toUpperCase()} ${template}`;
  const served = new Map(registered.map((r) => [key(r.method, r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')), r]));
  const routes: FuzzRoute[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(operations)) {
      const method = m.toUpperCase();
      if (!(METHODS as readonly string[]).includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const [contentType] = Object.keys(content);
      routes.push({
        key: key(method, template),
        method,
        template,
        public: served.get(key(method, template))?.public ?? false,
        unsafe: !SAFE.has(method),
        pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] as string),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        ...(contentType ? { body: { contentType, schema: content[contentType]?.schema ?? {} } } : {}),
      });
    }
  }
  const documented = new Set(routes.map((r) => r.key));
  return {
    routes: routes.sort((a, b) => a.key.localeCompare(b.key)),
    undocumented: [...served.keys()].filter((k) => !documented.has(k)).sort(),
    unregistered: [...documented].filter((k) => !served.has(k)).sort(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Schemas: resolving, well-formed samples, and whether a value conforms.

/** JSON text that a JS value cannot express (1e309 parses to Infinity; 2^53 + 1 is not a double). */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may contain RawJson pieces. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a JSON text parses to in the service (for conformance checks of RawJson values). */
const parsedValue = (value: unknown): unknown => (value instanceof RawJson ? JSON.parse(value.text) : value);

class Schemas {
  constructor(private readonly components: Record<string, JsonSchema>) {}

  resolve(schema: JsonSchema | undefined): JsonSchema {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 20; i++) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const target = this.components[name];
      if (!target) throw new Error(`OpenAPI schema ${s.$ref} is not in components.schemas`);
      s = { ...target, ...(s.nullable ? { nullable: true } : {}) };
    }
    if (s.allOf) return s.allOf.reduce<JsonSchema>((acc, part) => ({ ...acc, ...this.resolve(part), properties: { ...acc.properties, ...this.resolve(part).properties } }), { ...s, allOf: undefined });
    return s;
  }

  /** A well-formed (schema-conforming) value: example, default, first enum member, or a plain one of the type. */
  sample(schema: JsonSchema | undefined, depth = 0): unknown {
    const s = this.resolve(schema);
    const alternatives = s.oneOf ?? s.anyOf;
    if (s.example !== undefined && this.conforms(s.example, s)) return s.example;
    if (s.default !== undefined && this.conforms(s.default, s)) return s.default;
    if (s.enum && s.enum.length > 0) return s.enum[0];
    if (alternatives && alternatives.length > 0) return this.sample(alternatives[0], depth);
    switch (s.type ?? (s.properties ? 'object' : undefined)) {
      case 'string':
        return s.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : s.format === 'date-time' ? '2025-01-01T00:00:00.000Z' : s.format === 'date' ? '2025-01-01' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 6 ? [] : [this.sample(s.items, depth + 1)];
      case 'object': {
        const out: Record<string, unknown> = {};
        if (depth > 6) return out;
        for (const [name, prop] of Object.entries(s.properties ?? {})) {
          if ((s.required ?? []).includes(name)) out[name] = this.sample(prop, depth + 1);
        }
        return out;
      }
      default:
        return 'x';
    }
  }

  conforms(raw: unknown, schema: JsonSchema | undefined): boolean {
    const s = this.resolve(schema);
    const value = parsedValue(raw);
    if (value === null) return s.nullable === true;
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives) return alternatives.some((alt) => this.conforms(value, alt));
    if (s.enum && !s.enum.includes(value)) return false;
    switch (s.type ?? (s.properties ? 'object' : undefined)) {
      case 'string': {
        if (typeof value !== 'string') return false;
        if (s.minLength !== undefined && value.length < s.minLength) return false;
        if (s.maxLength !== undefined && value.length > s.maxLength) return false;
        if (s.pattern !== undefined && !new RegExp(s.pattern).test(value)) return false;
        if (s.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
        if (s.format === 'date-time' && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value)))) return false;
        if (s.format === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))) return false;
        return true;
      }
      case 'integer':
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        if (s.type === 'integer' && !Number.isInteger(value)) return false;
        if (s.minimum !== undefined && value < s.minimum) return false;
        if (s.maximum !== undefined && value > s.maximum) return false;
        return true;
      }
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return Array.isArray(value) && value.every((v) => this.conforms(v, s.items));
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return false;
        const record = value as Record<string, unknown>;
        if ((s.required ?? []).some((name) => !(name in record))) return false;
        const props = s.properties ?? {};
        return Object.entries(record).every(([k, v]) => (k in props ? this.conforms(v, props[k]) : s.additionalProperties !== false && (s.properties === undefined || s.additionalProperties !== undefined)));
      }
      default:
        return true;
    }
  }

  /** Whether an object of this schema may carry keys it does not declare. */
  closed(schema: JsonSchema | undefined): boolean {
    const s = this.resolve(schema);
    return s.properties !== undefined && (s.additionalProperties === undefined || s.additionalProperties === false);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Malformed values.

/** Strings no field of these services may accept, whatever its schema says (the platform's input policy). */
export const absurdStrings = (): fc.Arbitrary<{ value: string; label: string }> =>
  fc.oneof(
    fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => ({ value: `${a}\u0000${b}`, label: 'a NUL character' })),
    fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b', 'x\udbffy').map((value) => ({ value, label: 'a lone UTF-16 surrogate' })),
    fc.constantFrom(100_001, 150_000).map((n) => ({ value: 'x'.repeat(n), label: `a string of ${n} characters` })),
  );

/** Values of the wrong JSON type or shape, to be filtered against the field's schema. */
const wrongShapes: readonly unknown[] = [0, -1, 1.5, 12345, true, false, '', ' ', 'abc', '-1', '1.5', '1e3', '0x10', '１２３', 'null', '2025-13-45', 'yesterday', [], [1], ['x'], {}, { a: 1 }, [{}]];

/** Numbers JSON can carry but a JS number cannot hold exactly, or at all. */
const absurdNumbers: readonly { value: unknown; label: string }[] = [
  { value: new RawJson('1e309'), label: '1e309 (Infinity once parsed)' },
  { value: new RawJson('-1e309'), label: '-1e309' },
  { value: new RawJson('9007199254740993'), label: 'a non-safe integer (2^53 + 1)' },
  { value: new RawJson('123456789012345678901234567890'), label: 'a 30-digit number' },
];

const isMoney = (name: string) => /Fen$/.test(name);

interface Slot {
  /** Path of keys/indexes from the body root. */
  path: (string | number)[];
  schema: JsonSchema;
  required: boolean;
  name: string;
}

const setAt = (root: unknown, path: readonly (string | number)[], value: unknown | typeof OMIT): unknown => {
  if (path.length === 0) return value;
  const copy: unknown = Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = copy as Record<string | number, unknown>;
  if (rest.length === 0 && value === OMIT) delete container[head];
  // defineProperty, not assignment: assigning "__proto__" would change the prototype instead of adding a key.
  else Object.defineProperty(container, head, { value: setAt(container[head], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
};
const OMIT = Symbol('omit');

const describePath = (path: readonly (string | number)[]) => (path.length === 0 ? 'the body' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, ''));

/** The property slots and open/closed objects of a well-formed body, walked together with its schema. */
function slotsOf(schemas: Schemas, body: unknown, schema: JsonSchema): { fields: Slot[]; objects: { path: (string | number)[] }[] } {
  const fields: Slot[] = [];
  const objects: { path: (string | number)[] }[] = [];
  const walk = (value: unknown, s: JsonSchema, path: (string | number)[]) => {
    const r = schemas.resolve(s);
    if (Array.isArray(value) && r.items) value.forEach((v, i) => walk(v, r.items as JsonSchema, [...path, i]));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (schemas.closed(r)) objects.push({ path });
      for (const [name, prop] of Object.entries(r.properties ?? {})) {
        const required = (r.required ?? []).includes(name);
        fields.push({ path: [...path, name], schema: prop, required, name });
        if (name in (value as Record<string, unknown>)) walk((value as Record<string, unknown>)[name], prop, [...path, name]);
      }
    }
  };
  walk(body, schema, []);
  return { fields, objects };
}

/** Values that do not belong in a field: out of its schema, or absurd by policy. Never a conforming value. */
function badValuesFor(schemas: Schemas, slot: Slot): fc.Arbitrary<{ value: unknown; label: string }> {
  const s = schemas.resolve(slot.schema);
  const alternatives = s.oneOf ?? s.anyOf ?? [s];
  const types = new Set(alternatives.map((a) => schemas.resolve(a).type ?? (schemas.resolve(a).properties ? 'object' : 'any')));
  const candidates: { value: unknown; label: string }[] = wrongShapes.filter((v) => !schemas.conforms(v, s)).map((v) => ({ value: v, label: `${JSON.stringify(v)}` }));
  if (slot.required) candidates.push({ value: null, label: 'null' }, { value: OMIT, label: 'left out' });
  if (s.maxLength !== undefined) candidates.push({ value: 'x'.repeat(s.maxLength + 1), label: `${s.maxLength + 1} characters (maxLength ${s.maxLength})` });
  if (s.enum) candidates.push({ value: `${String(s.enum[0])}_NOT_A_MEMBER`, label: 'not a member of the enum' });
  if (types.has('integer') || types.has('number') || isMoney(slot.name)) candidates.push(...absurdNumbers);
  if (isMoney(slot.name)) {
    candidates.push({ value: -1, label: 'negative fen (-1)' }, { value: '-1', label: 'negative fen ("-1")' }, { value: 10.5, label: 'fractional fen (10.5)' }, { value: '10.5', label: 'fractional fen ("10.5")' });
  }
  const textual = types.has('string') || types.has('any');
  if (candidates.length === 0) return absurdStrings();
  return textual ? fc.oneof(fc.constantFrom(...candidates), absurdStrings()) : fc.constantFrom(...candidates);
}

// ---------------------------------------------------------------------------------------------------------
// Cases.

export type FuzzKind = 'auth' | 'malformed-json' | 'media-type' | 'body' | 'path' | 'query' | 'header' | 'method';
/** The kinds generated by fast-check; `method` is one fixed request per route. */
export type GeneratedKind = Exclude<FuzzKind, 'method'>;

/** One request to send. `idempotencyKey: 'fresh'` puts a new well-formed key on the request when it is sent. */
export interface FuzzCase {
  readonly route: FuzzRoute;
  readonly kind: FuzzKind;
  /** What is malformed, for the failure message. */
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly idempotencyKey: 'fresh' | 'as-given';
  readonly body?: string;
  /** True when the request is malformed whatever the route does with it: anything but a coded 4xx fails. */
  readonly mustRefuse: boolean;
}

/** Well-formed values the cases are built around; the fuzzer changes one thing at a time. */
export interface FuzzSetup {
  /** A token of a principal that may call every route (admin). */
  token: string;
  /** The same principal's token, expired. */
  expiredToken: string;
  /** Existing values for path parameters (and required query parameters), by parameter name. */
  samples: Record<string, string>;
  /** Well-formed bodies per route key where the schema-derived one would not reach the rules behind validation. */
  bodies?: Record<string, unknown>;
  /** Well-formed values of optional query parameters, sent wherever a route declares them and the case does not fuzz them. */
  query?: Record<string, string>;
}

const encodeSegment = (s: string): string =>
  // encodeURIComponent throws on lone surrogates; send their would-be UTF-8 bytes, which no decoder accepts.
  [...s].map((ch) => (/[\ud800-\udfff]/.test(ch) && ch.length === 1 ? `%${(0xe0 | (ch.charCodeAt(0) >> 12)).toString(16).toUpperCase()}%${(0x80 | ((ch.charCodeAt(0) >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (ch.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}` : encodeURIComponent(ch))).join('');

/** Path segments that cannot name anything: malformed ids, dot segments, NUL, bad escapes, absurd length. */
const badSegments = (): fc.Arbitrary<{ raw: string; label: string }> =>
  fc.oneof(
    fc
      .constantFrom(
        'not-a-uuid', 'abc', '-1', '0', '1.5', '1e309', '9007199254740993', 'NaN', 'null', 'undefined', '%5Bobject%20Object%5D',
        '00000000-0000-0000-0000-00000000000g', '00000000-0000-4000-8000-0000000000000', '..', '.', '%2e%2e', '%2E', '%00', 'a%00b',
        '%ED%A0%80', '%F0%9F', '%C0%AE', '%', '%zz', '%2F', '%2Fetc%2Fpasswd', "%27%3B%20DROP%20TABLE%20x%3B--", '%20', '%09',
      )
      .map((raw) => ({ raw, label: `"${raw}"` })),
    fc.constantFrom(300, 3000).map((n) => ({ raw: 'a'.repeat(n), label: `${n} characters` })),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 }).map((s) => ({ raw: encodeSegment(s), label: `random text ${JSON.stringify(s)}` })),
  );

/** Query values that no declared parameter may accept (beyond its schema): NUL, repeated, nested. */
const badQueryValues = (name: string): fc.Arbitrary<{ raw: string; label: string; policy: boolean }> =>
  fc.oneof(
    fc
      .constantFrom('', '-1', '0', 'abc', '1.5', '0x10', '1e1', '%201', '1e309', '-1e309', '9007199254740993', 'NaN', 'Infinity', 'null', 'true', '%20', '%ED%A0%80', '%zz', "%27%3B--")
      .map((raw) => ({ raw: `${name}=${raw}`, label: `${name}=${raw}`, policy: false })),
    fc.constantFrom(`${name}=1&${name}=2`, `${name}=a&${name}=b`, `${name}=%00`, `${name}=a%00b`).map((raw) => ({ raw, label: raw, policy: true })),
    // Express's simple query parser reads these as other, undeclared parameters.
    fc.constantFrom(`${name}[]=1`, `${name}[a]=1`).map((raw) => ({ raw, label: raw, policy: false })),
    fc.constantFrom(500, 4000).map((n) => ({ raw: `${name}=${'9'.repeat(n)}`, label: `${name}= ${n} digits`, policy: false })),
  );

/** Decoded value of a query piece (for the schema check); undefined when it is not one scalar value. */
const scalarQueryValue = (raw: string, name: string): string | undefined => {
  const parts = raw.split('&');
  if (parts.length !== 1 || !parts[0]?.startsWith(`${name}=`)) return undefined;
  try {
    return decodeURIComponent((parts[0] as string).slice(name.length + 1));
  } catch {
    return undefined;
  }
};

/** A query value as the schema sees it: numbers are parsed the way a strict API parses them. */
const queryConforms = (schemas: Schemas, value: string, param: OpenApiParameter): boolean => {
  const s = schemas.resolve(param.schema);
  // An empty value of an optional parameter reads as "not given", as it does in most HTTP APIs.
  if (value === '' && !param.required) return true;
  if (s.type === 'number' || s.type === 'integer') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return false;
    const n = Number(value);
    return Number.isSafeInteger(Math.trunc(n)) && schemas.conforms(n, s);
  }
  if (value.includes('\u0000')) return false;
  return schemas.conforms(value, s);
};

const base64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Authorization headers that must never authenticate anyone. */
function badCredentials(token: string, expiredToken: string): { headers: Record<string, string>; label: string }[] {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = base64url(JSON.stringify({ ...claims, sub: 'someone-else' }));
  const none = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
  const wrongKey = `${header}.${payload}.${createHmac('sha256', 'not-the-secret').update(`${header}.${payload}`).digest('base64url')}`;
  const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  return [
    { headers: {}, label: 'no Authorization header' },
    { headers: { authorization: '' }, label: 'an empty Authorization header' },
    { headers: { authorization: 'Bearer' }, label: '"Bearer" without a token' },
    { headers: { authorization: 'Bearer    ' }, label: '"Bearer" and spaces' },
    { headers: { authorization: 'Basic dXNlcjpwYXNz' }, label: 'Basic credentials' },
    { headers: { authorization: token }, label: 'the token without the Bearer scheme' },
    { headers: { authorization: `Bearer ${token} ${token}` }, label: 'two tokens' },
    { headers: { authorization: 'Bearer not.a.jwt' }, label: 'a bearer that is not a JWT' },
    { headers: { authorization: 'Bearer a.b.c.d.e' }, label: 'five dot-separated parts' },
    { headers: { authorization: `Bearer ${none}` }, label: 'alg none' },
    { headers: { authorization: `Bearer ${wrongKey}` }, label: 'signed with another key' },
    { headers: { authorization: `Bearer ${header}.${forged}.${signature}` }, label: 'payload changed after signing' },
    { headers: { authorization: `Bearer ${flipped}` }, label: 'signature changed' },
    { headers: { authorization: `Bearer ${expiredToken}` }, label: 'expired' },
    { headers: { authorization: `Bearer ${'A'.repeat(6000)}` }, label: 'a 6,000-character token' },
    { headers: { authorization: `Bearer ${'A'.repeat(20_000)}` }, label: 'a 20,000-character token (over the 16 KB header limit)' },
    { headers: { authorization: `Bearer ${token}\u00ff` }, label: 'a token with a latin-1 byte' },
    { headers: { 'x-api-key': 'not-a-key' }, label: 'an unknown API key' },
    { headers: { authorization: `Bearer ${token}`, 'x-api-key': 'not-a-key' }, label: 'a token and an API key' },
  ];
}

/** Builds the arbitraries of every kind that applies to a route. */
export class RouteFuzzer {
  private readonly schemas: Schemas;

  constructor(
    doc: OpenApiDocument,
    private readonly setup: FuzzSetup,
  ) {
    this.schemas = new Schemas(doc.components?.schemas ?? {});
  }

  /** Path parameters without a sample make the run fail rather than skip the route's well-formed cases. */
  missingSamples(routes: readonly FuzzRoute[]): string[] {
    const needed = new Set(routes.flatMap((r) => [...r.pathParams, ...r.query.filter((q) => q.required).map((q) => q.name)]));
    return [...needed].filter((n) => this.setup.samples[n] === undefined).sort();
  }

  /** The well-formed body of a route (given, or derived from its schema); undefined when it takes none. */
  baselineBody(route: FuzzRoute): unknown {
    if (this.setup.bodies && route.key in this.setup.bodies) return this.setup.bodies[route.key];
    if (!route.body) return undefined;
    return this.schemas.sample(route.body.schema);
  }

  private bodyText(route: FuzzRoute, body: unknown): string | undefined {
    if (body === undefined) return undefined;
    return typeof body === 'string' && !route.body?.contentType.includes('json') ? body : toJsonText(body);
  }

  private pathOf(route: FuzzRoute, replace?: { param: string; raw: string }, query?: string): string {
    const path = route.template.replace(/\{([^}]+)\}/g, (_, name: string) => (replace?.param === name ? replace.raw : encodeURIComponent(this.setup.samples[name] as string)));
    const fuzzed = (name: string) => (query ?? '').split('&').some((p) => p.startsWith(`${name}=`) || p.startsWith(`${name}[`));
    const given = route.query.filter((q) => !fuzzed(q.name) && (q.required ? this.setup.samples[q.name] : this.setup.query?.[q.name]) !== undefined);
    const pieces = [...given.map((q) => `${q.name}=${encodeURIComponent((q.required ? this.setup.samples[q.name] : this.setup.query?.[q.name]) as string)}`), ...(query ? [query] : [])];
    return pieces.length > 0 ? `${path}?${pieces.join('&')}` : path;
  }

  private make(route: FuzzRoute, kind: FuzzKind, what: string, mustRefuse: boolean, parts: { path?: string; headers?: Record<string, string | string[]>; body?: string | null; idempotencyKey?: 'fresh' | 'as-given'; method?: string } = {}): FuzzCase {
    const baseline = this.bodyText(route, this.baselineBody(route));
    const body = parts.body === null ? undefined : (parts.body ?? baseline);
    const contentType = route.body?.contentType ?? 'application/json';
    const headers: Record<string, string | string[]> = {
      authorization: `Bearer ${this.setup.token}`,
      ...(body !== undefined ? { 'content-type': contentType } : {}),
      ...parts.headers,
    };
    for (const [k, v] of Object.entries(headers)) if (v === '\u0000drop') delete headers[k];
    return { route, kind, what, method: parts.method ?? route.method, path: parts.path ?? this.pathOf(route), headers, idempotencyKey: parts.idempotencyKey ?? 'fresh', ...(body !== undefined ? { body } : {}), mustRefuse };
  }

  /** The kinds of malformed input that apply to a route, each as an arbitrary of cases. */
  kinds(route: FuzzRoute): Partial<Record<GeneratedKind, fc.Arbitrary<FuzzCase>>> {
    const out: Partial<Record<GeneratedKind, fc.Arbitrary<FuzzCase>>> = {};
    const DROP = '\u0000drop';

    if (!route.public) {
      out.auth = fc.constantFrom(...badCredentials(this.setup.token, this.setup.expiredToken)).map((c) =>
        this.make(route, 'auth', `credentials: ${c.label}`, true, { headers: { authorization: DROP, ...c.headers } }),
      );
    }

    out['malformed-json'] = fc
      .oneof(
        fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":01}', '{"a":NaN}', '{"a":Infinity}', '[1,]', 'undefined', '"text"', '42', 'null', 'true', '\u0000', '{"a":"\u0000', '{"a":1}{"b":2}', '\ufeff{"a":1'),
        // An empty body is no body, not malformed JSON.
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !isJson(s)),
        fc.constantFrom(2000, 20000).map((n) => '['.repeat(n)),
        // Well-formed, but over every service's body limit.
        fc.constant(OVERSIZED_BODY),
      )
      .map((text) => this.make(route, 'malformed-json', text === OVERSIZED_BODY ? 'a 3 MB JSON body (over the body limit)' : `malformed JSON ${JSON.stringify(text.slice(0, 40))}${text.length > 40 ? '...' : ''}`, true, { body: text, headers: { 'content-type': 'application/json' } }));

    if (route.unsafe) {
      const body = route.body ? this.bodyText(route, this.baselineBody(route)) : '{"unexpected":true}';
      const declared = route.body?.contentType ?? 'application/json';
      // text/plain is read like text/csv (configureHttp parses both as text), so it is not a wrong type for CSV.
      const compatible = declared === 'text/csv' ? ['text/csv', 'text/plain'] : [declared];
      const mediaTypes = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'text/html', 'application/jsonx', DROP, 'application/json; charset=utf-16', 'application/json; charset=iso-8859-1', 'text/csv', 'application/json'].filter((t) => !compatible.includes(t));
      out['media-type'] = fc
        .oneof(
          fc.constantFrom(...mediaTypes).map((type) => ({ headers: { 'content-type': type }, label: type === DROP ? 'no Content-Type' : `Content-Type ${type} instead of ${declared}` })),
          fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity, gzip').map((enc) => ({ headers: { 'content-type': declared, 'content-encoding': enc }, label: `Content-Encoding ${enc} on a plain body` })),
        )
        .map(({ headers, label }) => this.make(route, 'media-type', label, true, { headers, body: body ?? '{"unexpected":true}' }));
    }

    if (route.unsafe) out.body = this.bodyCases(route);

    if (route.pathParams.length > 0) {
      out.path = fc.tuple(fc.constantFrom(...route.pathParams), badSegments()).map(([param, seg]) => this.make(route, 'path', `path parameter ${param} = ${seg.label}`, true, { path: this.pathOf(route, { param, raw: seg.raw }) }));
    }

    const queryCases: fc.Arbitrary<FuzzCase>[] = [];
    if (route.query.length > 0) {
      queryCases.push(
        fc.constantFrom(...route.query).chain((q) =>
          badQueryValues(q.name).map((v) => {
            const scalar = scalarQueryValue(v.raw, q.name);
            // A GET may answer 2xx for a value its schema allows (an empty filter, a long free-text search).
            const bad = route.unsafe || v.policy || (scalar !== undefined && !queryConforms(this.schemas, scalar, q));
            return this.make(route, 'query', `query ${v.label.length > 80 ? `${v.label.slice(0, 80)}...` : v.label}`, bad, { path: this.pathOf(route, undefined, v.raw) });
          }),
        ),
      );
    }
    if (!route.unsafe) {
            // Undeclared parameters may be ignored by a read; they must still never cause a 5xx.
      queryCases.push(fc.constantFrom('unknownParam=1', 'unknownParam=%00', '__proto__=1', 'constructor=1', 'fuzzA=1&fuzzA=2').map((raw) => this.make(route, 'query', `undeclared query ${raw}`, false, { path: this.pathOf(route, undefined, raw) })));
    }
    if (queryCases.length > 0) out.query = fc.oneof(...queryCases);

    const headerCases: fc.Arbitrary<FuzzCase>[] = [];
    for (const h of route.headers) {
      const name = h.name.toLowerCase();
      if (name === 'idempotency-key') {
        headerCases.push(
          fc
            .constantFrom<[string | string[] | undefined, string]>(
              [undefined, 'missing'], ['', 'empty'], ['short', '5 characters'], ['k'.repeat(129), '129 characters'], ['k'.repeat(5000), '5,000 characters'], ['k'.repeat(20_000), '20,000 characters (over the 16 KB header limit)'],
              ['has spaces in it', 'with spaces'], ['kéy-with-latin1', 'a latin-1 character'], ['key/with/slash', 'with slashes'], [['dup-key-0001', 'dup-key-0002'], 'sent twice'], ['key\twith\ttabs', 'with tabs'],
            )
            .map(([value, label]) => this.make(route, 'header', `Idempotency-Key ${label}`, true, { headers: { 'idempotency-key': value === undefined ? DROP : value }, idempotencyKey: 'as-given' })),
        );
      } else if (name === 'if-match') {
        headerCases.push(
          fc
            .constantFrom('garbage', '"-1"', '"1.5"', '"abc"', 'W/', '""', '"99999999999999999999"', `"${'9'.repeat(400)}"`, '"1"x', 'W/"', '"\u00ff"')
            .map((value) => this.make(route, 'header', `If-Match ${JSON.stringify(value.slice(0, 40))}`, true, { headers: { 'if-match': value } })),
        );
      } else {
        headerCases.push(fc.constantFrom('', 'x'.repeat(5000), '\u00ff\u00fe', 'a\tb').map((value) => this.make(route, 'header', `${h.name} ${JSON.stringify(value.slice(0, 20))} (${value.length} characters)`, route.unsafe, { headers: { [name]: value } })));
      }
    }
    if (headerCases.length > 0) out.header = fc.oneof(...headerCases);

    return out;
  }

  /** Bodies with exactly one thing wrong: a field out of its schema or absurd, an unknown field, a wrong shape. */
  private bodyCases(route: FuzzRoute): fc.Arbitrary<FuzzCase> {
    const make = (what: string, body: string, contentType = 'application/json') => this.make(route, 'body', what, true, { body, headers: { 'content-type': contentType } });
    const unknownKey = fc.constantFrom('status', 'region', 'approvedBy', '__proto__', 'constructor', 'prototype', 'toString', '', ' ', 'a.b', '$where', 'id', 'revision', 'createdAt', '\u0000');
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    if (!route.body) {
      // A command that takes no fields: anything in its body would be silently dropped, so it must be refused.
      return fc
        .oneof(
          fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => make(`a field "${k}" on a route without a body`, `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}`)),
          fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }).map((a) => make('an array on a route without a body', JSON.stringify(a))),
          fc.constant(make('a deeply nested array on a route without a body', `{"x":${deep(5000)}}`)),
        );
    }
    if (!route.body.contentType.includes('json')) {
      return fc
        .oneof(
          fc.string({ minLength: 1, maxLength: 200 }).map((s) => make(`a ${route.body?.contentType} body without the header line`, s, route.body?.contentType)),
          fc.constant(make(`an empty ${route.body.contentType} body`, '', route.body.contentType)),
          fc.constant(this.bodyText(route, this.baselineBody(route)) ?? '').map((text) => make(`a NUL character inside a well-formed ${route.body?.contentType} body`, `${text.slice(0, text.length - 4)}\u0000${text.slice(text.length - 4)}`, route.body?.contentType)),
          fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null && typeof v === 'object').map((v) => make(`JSON instead of ${route.body?.contentType}`, JSON.stringify(v))),
        );
    }
    const baseline = this.baselineBody(route);
    const { fields, objects } = slotsOf(this.schemas, baseline, route.body.schema);
    const arbs: fc.WeightedArbitrary<FuzzCase>[] = [];
    const shapes = [
      fc.constantFrom<[string, string]>(['[]', 'an empty array'], ['[{}]', 'an array of an empty object'], [`[${toJsonText(baseline)}]`, 'the body inside an array'], ['{}', 'an empty object']).filter(([text]) => !(text === '{}' && this.schemas.conforms({}, route.body?.schema))).map(([text, what]) => make(what, text)),
      fc.constant(make('a deeply nested array in an unknown field', toJsonText(setAt(baseline, ['nested'], new RawJson(deep(5000)))))),
    ];
    arbs.push({ arbitrary: fc.oneof(...shapes), weight: 1 });
    if (objects.length > 0) {
      arbs.push({
        arbitrary: fc.tuple(fc.constantFrom(...objects), unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([o, k, v]) => make(`an unknown field "${k}" in ${describePath(o.path)}`, toJsonText(setAt(baseline, [...o.path, k], v)))),
        weight: 2,
      });
    }
    if (fields.length > 0) {
      // Most of the budget goes to single fields: that is where a missing rule lets a value through.
      arbs.push({
        arbitrary: fc.constantFrom(...fields).chain((slot) =>
          badValuesFor(this.schemas, slot).map(({ value, label }) => make(`${describePath(slot.path)} = ${label.length > 60 ? `${label.slice(0, 60)}...` : label}`, toJsonText(setAt(baseline, slot.path, value)))),
        ),
        weight: 7,
      });
    }
    return fc.oneof(...arbs);
  }

  /** A method the path does not serve. */
  methodCase(route: FuzzRoute, served: readonly string[]): FuzzCase | undefined {
    const other = METHODS.find((m) => !served.includes(m));
    return other ? this.make(route, 'method', `${other} on a path that serves ${served.join(', ')}`, true, { method: other }) : undefined;
  }
}

const OVERSIZED_BODY = `{"a":"${'x'.repeat(3 * 1024 * 1024)}"}`;

const isJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------------------
// Sending and judging.

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

/** Sends one case verbatim (no URL normalisation, duplicate headers kept) and reads the whole answer. */
export function sendCase(baseUrl: string, c: FuzzCase, freshKey: () => string, timeoutMs = 15_000): Promise<FuzzAnswer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string | string[]> = { ...c.headers };
  if (c.idempotencyKey === 'fresh' && c.route.headers.some((h) => h.name.toLowerCase() === 'idempotency-key')) headers['idempotency-key'] = freshKey();
  const body = c.body === undefined ? undefined : Buffer.from(c.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: c.method, path: c.path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = String(res.headers['content-type'] ?? '');
        let parsed: unknown = undefined;
        if (contentType.includes('json')) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, contentType, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const CODE = /^[A-Z][A-Z0-9_]*\.[A-Z0-9_.]+$/;

/** What is wrong with an answer to a malformed request; undefined when it keeps the promise. */
export function judge(c: FuzzCase, a: FuzzAnswer): string | undefined {
  if (a.status >= 500) return `answered ${a.status}${describeBody(a)}`;
  if (a.status === 429) return 'answered 429: the harness must lift the rate limit, or the fuzzing proves nothing';
  if (a.status >= 400) {
    const body = a.body as { code?: unknown; message?: unknown } | undefined;
    if (!a.contentType.includes('application/json') || typeof body !== 'object' || body === null) return `answered ${a.status} without a JSON body${describeBody(a)}`;
    if (typeof body.code !== 'string' || !CODE.test(body.code)) return `answered ${a.status} without a MODULE.CODE code${describeBody(a)}`;
    if (typeof body.message !== 'string' || body.message.length === 0) return `answered ${a.status} ${body.code} without a message`;
    return undefined;
  }
  if (a.status >= 200 && a.status < 300) return c.mustRefuse ? `answered ${a.status}; a malformed request must be refused with a 4xx${describeBody(a)}` : undefined;
  return `answered ${a.status}${describeBody(a)}`;
}

const describeBody = (a: FuzzAnswer) => (a.text ? `: ${a.text.slice(0, 300)}` : '');

/** A stable 32-bit seed per route and kind: adding a route does not change the cases of the others. */
export function seedOf(base: number, ...parts: string[]): number {
  let h = base | 0;
  for (const ch of parts.join('|')) h = (Math.imul(h ^ ch.charCodeAt(0), 16777619) + 0x9e3779b9) | 0;
  return h;
}

/** How many cases of each kind every route gets. */
export type FuzzRuns = Record<GeneratedKind, number>;

export interface FuzzRunOptions {
  baseUrl: string;
  doc: OpenApiDocument;
  registered: readonly RegisteredRoute[];
  setup: FuzzSetup;
  /** Fixed seed: the same cases on every run. */
  seed: number;
  /** Generated cases per route and kind (plus one request with a method the path does not serve). */
  runs: FuzzRuns;
  /** Something that changes whenever the service writes (row counts and contents of its tables). */
  footprint: () => Promise<unknown>;
  /** A new Idempotency-Key for each case that needs one; a counter with the time by default. */
  freshKey?: () => string;
}

/**
 * Samples for the path and query parameters of the routes every service gets from the platform (API-key
 * administration): a well-formed key id that names no key, and an integrator. A service's own samples win.
 */
const PLATFORM_SAMPLES: Readonly<Record<string, string>> = { id: '00000000-0000-4000-8000-00000000f022', integratorId: 'fuzz-integrator' };

/** The audit trail's newest entry now, to find afterwards the commands a fuzz run got recorded (see COMMANDS_RECORDED_OK). */
export async function auditHead(query: <T>(sql: string) => Promise<T[]>): Promise<string> {
  return (await query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM security_audit_log'))[0]?.seq ?? '0';
}

export interface FuzzReport {
  routes: FuzzRoute[];
  undocumented: string[];
  unregistered: string[];
  missingSamples: string[];
  requests: number;
  /** Requests per route key and kind. */
  exercised: Record<string, Partial<Record<FuzzKind, number>>>;
  /** Status codes seen, with counts. */
  statuses: Record<string, number>;
  failures: string[];
}

/**
 * Sends every case to the service, one at a time, and judges each answer; compares the footprint before
 * and after each request to a route that changes state, and before and after all requests to each route
 * that does not. Collects every failure instead of stopping at the first, so one run shows them all.
 */
export async function fuzzRoutes(opts: FuzzRunOptions): Promise<FuzzReport> {
  const { routes, undocumented, unregistered } = fuzzRoutesOf(opts.doc, opts.registered);
  const fuzzer = new RouteFuzzer(opts.doc, { ...opts.setup, samples: { ...PLATFORM_SAMPLES, ...opts.setup.samples } });
  let keys = 0;
  const freshKey = opts.freshKey ?? (() => `fuzz-key-${++keys}-${Date.now()}`);
  const report: FuzzReport = { routes, undocumented, unregistered, missingSamples: fuzzer.missingSamples(routes), requests: 0, exercised: {}, statuses: {}, failures: [] };
  if (report.missingSamples.length > 0) return report;
  const methodsByPath = new Map<string, string[]>();
  for (const r of routes) methodsByPath.set(r.template, [...(methodsByPath.get(r.template) ?? []), r.method]);

  for (const route of routes) {
    const cases: FuzzCase[] = [];
    for (const [kind, arb] of Object.entries(fuzzer.kinds(route)) as [GeneratedKind, fc.Arbitrary<FuzzCase>][]) {
      cases.push(...fc.sample(arb, { seed: seedOf(opts.seed, route.key, kind), numRuns: opts.runs[kind] }));
    }
    const wrongMethod = fuzzer.methodCase(route, methodsByPath.get(route.template) ?? []);
    if (wrongMethod) cases.push(wrongMethod);

    const routeBefore = JSON.stringify(await opts.footprint());
    for (const c of cases) {
      const before = route.unsafe || c.method !== route.method ? JSON.stringify(await opts.footprint()) : undefined;
      let problem: string | undefined;
      try {
        const answer = await sendCase(opts.baseUrl, c, freshKey);
        report.statuses[answer.status] = (report.statuses[answer.status] ?? 0) + 1;
        problem = judge(c, answer);
      } catch (e) {
        problem = `no answer: ${(e as Error).message}`;
      }
      if (before !== undefined) {
        const after = JSON.stringify(await opts.footprint());
        if (after !== before) problem = `${problem ? `${problem}; ` : ''}wrote to ${changedKeys(before, after)}`;
      }
      report.requests += 1;
      const counts = (report.exercised[route.key] ??= {});
      counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      if (problem) report.failures.push(`${c.method} ${c.path.length > 120 ? `${c.path.slice(0, 120)}...` : c.path} [${c.kind}: ${c.what}] ${problem}`);
    }
    const routeAfter = JSON.stringify(await opts.footprint());
    if (!route.unsafe && routeAfter !== routeBefore) report.failures.push(`${route.key}: malformed reads wrote to ${changedKeys(routeBefore, routeAfter)}`);
  }
  return report;
}

const changedKeys = (before: string, after: string): string => {
  const b = JSON.parse(before) as Record<string, unknown>;
  const a = JSON.parse(after) as Record<string, unknown>;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return 'the footprint';
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).join(', ');
};

/**
 * Row count and content hash of every table of the database (but `exclude`): equal before and after means
 * nothing was written. Tables appearing or disappearing change it too.
 */
export async function tableFootprint(query: <T>(sql: string) => Promise<T[]>, exclude: readonly string[] = []): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const names = tables.map((t) => t.name).filter((n) => !exclude.includes(n) && !exclude.includes(n.replace(/^public\./, '')));
  if (names.length === 0) return {};
  const rows = await query<{ name: string; state: string }>(
    names.map((n) => `SELECT '${n}' AS name, count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS state FROM ${n} t`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.state]));
}

/**
 * Everything a clean fuzz run leaves empty, in one object for one assertion (`toEqual(CLEAN_FUZZ)`): routes
 * the document and the application disagree on, path parameters without a sample, kinds of bad input a route
 * did not get `runs` times, and the failures themselves.
 */
export function fuzzProblems(report: FuzzReport, runs: FuzzRuns): { undocumented: string[]; unregistered: string[]; missingSamples: string[]; unexercised: string[]; failures: string[] } {
  return { undocumented: report.undocumented, unregistered: report.unregistered, missingSamples: report.missingSamples, unexercised: unexercised(report, runs), failures: report.failures };
}

export const CLEAN_FUZZ = { undocumented: [], unregistered: [], missingSamples: [], unexercised: [], failures: [] } as const;

/** Audited commands since `auditBefore` that were recorded as done: a refused request may be audited, never as "ok". */
export const COMMANDS_RECORDED_OK = (auditBefore: number | string): string =>
  `SELECT action FROM security_audit_log WHERE seq > ${Number(auditBefore)} AND outcome = 'ok' AND action ~ '^(POST|PUT|PATCH|DELETE) '`;

/**
 * Routes that did not get every kind of malformed input that applies to them, `runs` times each (read from
 * what the document declares, independently of how the cases are built): empty when nothing was skipped.
 */
export function unexercised(report: FuzzReport, runs: FuzzRuns): string[] {
  const missing: string[] = [];
  for (const r of report.routes) {
    const expected: GeneratedKind[] = ['malformed-json'];
    if (!r.public) expected.push('auth');
    if (r.unsafe) expected.push('body', 'media-type');
    if (r.pathParams.length > 0) expected.push('path');
    if (r.query.length > 0 || !r.unsafe) expected.push('query');
    if (r.headers.length > 0) expected.push('header');
    const got = report.exercised[r.key] ?? {};
    for (const kind of expected) if ((got[kind] ?? 0) < runs[kind]) missing.push(`${r.key}: ${got[kind] ?? 0} of ${runs[kind]} request(s) with ${kind}`);
  }
  return missing;
}

/**
 * Waits until `idle()` holds and the footprint has not changed for a few polls in a row: the service's
 * background work (relays, projections) has settled, so any later change comes from a request.
 */
export async function waitForQuiet(footprint: () => Promise<unknown>, idle: () => Promise<boolean> = async () => true, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stable = 0;
  while (Date.now() < deadline) {
    const now = JSON.stringify(await footprint());
    stable = now === last && (await idle()) ? stable + 1 : 0;
    if (stable >= 4) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the service did not settle within ${timeoutMs} ms: its tables kept changing without requests`);
}
