/**
 * Environment configuration, validated once at start-up. A service that starts with a bad variable fails
 * later at the worst moment, so every problem is reported at once, one line each, before anything opens.
 */
export type ConfigProblem = { variable: string; problem: string };

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.problem}`).join('; '));
    this.name = 'ConfigError';
  }
}

interface Field<T> {
  readonly description: string;
  readonly example: string;
  readonly required: boolean;
  readonly defaultValue?: string;
  parse(raw: string): T;
}

type ParseResult<T> = T;

const field = <T>(
  description: string,
  example: string,
  parse: (raw: string) => ParseResult<T>,
  defaultValue?: string,
): Field<T> => ({ description, example, parse, required: defaultValue === undefined, defaultValue });

const fail = (message: string): never => {
  throw new Error(message);
};

export const env = {
  port: (description: string, defaultValue?: number) =>
    field<number>(description, '3001', (raw) => {
      const n = Number(raw);
      return Number.isInteger(n) && n > 0 && n < 65536 ? n : fail(`must be a TCP port between 1 and 65535, got "${raw}"`);
    }, defaultValue?.toString()),
  int: (description: string, opts: { min?: number; max?: number; default?: number } = {}) =>
    field<number>(description, String(opts.default ?? 1), (raw) => {
      const n = Number(raw);
      if (!Number.isInteger(n)) return fail(`must be an integer, got "${raw}"`);
      if (opts.min !== undefined && n < opts.min) return fail(`must be >= ${opts.min}, got ${n}`);
      if (opts.max !== undefined && n > opts.max) return fail(`must be <= ${opts.max}, got ${n}`);
      return n;
    }, opts.default?.toString()),
  string: (description: string, defaultValue?: string, pattern?: RegExp) =>
    field<string>(description, defaultValue ?? 'value', (raw) =>
      raw.trim() === '' ? fail('must not be empty') : pattern && !pattern.test(raw) ? fail(`must match ${pattern}`) : raw,
    defaultValue),
  oneOf: <T extends string>(description: string, values: readonly T[], defaultValue?: T) =>
    field<T>(description, values[0], (raw) =>
      (values as readonly string[]).includes(raw) ? (raw as T) : fail(`must be one of ${values.join(', ')}, got "${raw}"`),
    defaultValue),
  url: (description: string, protocols: string[], defaultValue?: string) =>
    field<string>(description, `${protocols[0]}//host`, (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail(`is not a valid URL (expected ${protocols.map((p) => `${p}//...`).join(' or ')})`);
      }
      return protocols.includes(url.protocol) ? raw : fail(`must use ${protocols.join(' or ')}, got "${url.protocol}"`);
    }, defaultValue),
  /** Comma-separated host:port list, e.g. `127.0.0.1:9092,127.0.0.1:9094`. */
  brokers: (description: string, defaultValue?: string) =>
    field<string[]>(description, '127.0.0.1:9092', (raw) => {
      const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (list.length === 0) return fail('must list at least one host:port');
      for (const b of list) {
        const m = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(b);
        if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return fail(`"${b}" is not host:port`);
      }
      return list;
    }, defaultValue),
  bool: (description: string, defaultValue?: boolean) =>
    field<boolean>(description, 'false', (raw) =>
      raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : fail(`must be true or false, got "${raw}"`),
    defaultValue === undefined ? undefined : String(defaultValue)),
  optionalString: (description: string) =>
    ({ description, example: '', required: false, defaultValue: '', parse: (raw: string) => raw }) as Field<string>,
};

export type ConfigSchema = Record<string, Field<unknown>>;
export type ConfigOf<S extends ConfigSchema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Parses `source` against `schema`; throws one ConfigError listing every problem. */
export function loadConfig<S extends ConfigSchema>(schema: S, source: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: ConfigProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = source[name];
    const value = raw === undefined || raw === '' ? spec.defaultValue : raw;
    if (value === undefined) {
      problems.push({ variable: name, problem: `is required (${spec.description}; e.g. ${name}=${spec.example})` });
      continue;
    }
    try {
      out[name] = spec.parse(value);
    } catch (e) {
      problems.push({ variable: name, problem: (e as Error).message });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** Describes a schema as rows (variable, required, default, description) for docs and the compose test. */
export function describeConfig(schema: ConfigSchema): { variable: string; required: boolean; defaultValue?: string; description: string }[] {
  return Object.entries(schema).map(([variable, f]) => ({
    variable,
    required: f.required,
    defaultValue: f.defaultValue,
    description: f.description,
  }));
}
