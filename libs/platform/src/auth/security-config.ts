import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { commonConfigSchema } from '../config/common-config';
import { ConfigError, env, loadConfig, type ConfigOf, type ConfigProblem } from '../config/config-schema';

/** Signature algorithms the platform can verify. `none` is not in the list and cannot be configured. */
export const JWT_ALGORITHMS = [
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512',
] as const;
/** One of JWT_ALGORITHMS. */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** HS* algorithms verify with the shared secret; all others with a public key. */
export const isHmac = (alg: JwtAlgorithm): boolean => alg.startsWith('HS');

/**
 * Known to everyone who reads this file, so it is accepted only outside production: it keeps `npm start`
 * and the mint-token CLI working without set-up.
 */
export const DEV_JWT_SECRET = 'fpi-development-only-jwt-secret-never-use-in-production';
/** Default `iss` outside production (also what the mint-token CLI signs). */
export const DEV_JWT_ISSUER = 'fpi-dev';
/** Default `aud` outside production. */
export const DEV_JWT_AUDIENCE = 'fpi-api';

const parseAlgorithms = (raw: string): JwtAlgorithm[] => {
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('must list at least one algorithm');
  for (const alg of list) {
    if (alg.toLowerCase() === 'none') throw new Error('"none" is never accepted (RFC 8725 §3.1)');
    if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) throw new Error(`"${alg}" is not one of ${JWT_ALGORITHMS.join(', ')}`);
  }
  return [...new Set(list)] as JwtAlgorithm[];
};

const listField = <T>(base: ReturnType<typeof env.string>, parse: (raw: string) => T) => ({ ...base, parse });

/**
 * Variables every service adds to its schema: `{ ...commonConfigSchema, ...securityConfigSchema, ... }`.
 * The defaults run a development machine with a built-in HS256 secret; production must bring its own key
 * material (a JWKS URL or a public key, or a real secret) and refuses the development one.
 */
export const securityConfigSchema = {
  AUTH_JWT_ISSUER: env.string('expected `iss` of bearer tokens', DEV_JWT_ISSUER),
  AUTH_JWT_AUDIENCE: listField(env.string('expected `aud` of bearer tokens, comma-separated if several are accepted', DEV_JWT_AUDIENCE), (raw) => {
    const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) throw new Error('must name at least one audience');
    return list;
  }),
  AUTH_JWT_ALGORITHMS: listField(env.string(`accepted token signature algorithms, comma-separated (${JWT_ALGORITHMS.join(', ')})`, 'HS256'), parseAlgorithms),
  AUTH_JWT_SECRET: env.optionalString('HMAC secret for HS* tokens, at least 32 bytes; unset outside production means the built-in development secret'),
  AUTH_JWT_PUBLIC_KEY: env.optionalString('PEM public key (or a path to a PEM file) for RS*/PS*/ES* tokens; "\\n" escapes are allowed'),
  AUTH_JWT_PRIVATE_KEY: env.optionalString('development only: PEM private key (or path) the mint-token CLI signs with; refused in production'),
  AUTH_JWKS_URL: env.optionalString("identity provider's JWKS URL for RS*/PS*/ES* tokens (https; http only to loopback outside production)"),
  AUTH_JWKS_CACHE_SECONDS: env.int('how long fetched JWKS keys are trusted before refetching', { min: 10, max: 86_400, default: 600 }),
  AUTH_CLOCK_SKEW_SECONDS: env.int('tolerated clock difference when checking exp/nbf', { min: 0, max: 300, default: 30 }),
  RATE_LIMIT_PER_MINUTE: env.int('requests per minute per principal (per client address when anonymous)', { min: 1, max: 1_000_000, default: 600 }),
  RATE_LIMIT_BURST: env.int('requests a principal may make at once before the per-minute rate applies', { min: 1, max: 1_000_000, default: 100 }),
  PAGE_SIZE_DEFAULT: env.int('page size when a list request names none', { min: 1, max: 10_000, default: 50 }),
  PAGE_SIZE_MAX: env.int('largest page a list request may ask for', { min: 1, max: 10_000, default: 200 }),
  EXPORT_ROWS_MAX: env.int('largest number of rows one export may contain', { min: 1, max: 10_000_000, default: 50_000 }),
};

/** What `SecurityModule.forRoot` needs: the security variables plus the common ones it depends on. */
export type SecurityConfig = ConfigOf<typeof securityConfigSchema> & { NODE_ENV: string; DATABASE_URL?: string };

/** Validated, ready-to-use security settings (keys parsed, cross-field rules checked). */
export interface SecurityOptions {
  readonly production: boolean;
  readonly jwt: {
    readonly issuer: string;
    readonly audience: readonly string[];
    readonly algorithms: readonly JwtAlgorithm[];
    readonly clockToleranceSeconds: number;
    readonly secret?: KeyObject;
    readonly usesDevSecret: boolean;
    readonly publicKey?: KeyObject;
    /** Development only, for minting. */
    readonly privateKey?: KeyObject;
    readonly jwks?: { readonly url: string; readonly cacheSeconds: number };
  };
  readonly rateLimit: { readonly perMinute: number; readonly burst: number };
  readonly limits: { readonly pageSizeDefault: number; readonly pageSizeMax: number; readonly exportRowsMax: number };
  readonly databaseUrl?: string;
}

const readPem = (value: string): string =>
  value.trimStart().startsWith('-----BEGIN') ? value.replace(/\\n/g, '\n') : readFileSync(value, 'utf8');

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;

const CURVE_OF: Partial<Record<JwtAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** Why `key` cannot verify `alg`, or undefined when it can (also rejects RSA keys under 2048 bits). */
export function keyMismatch(alg: JwtAlgorithm, key: KeyObject): string | undefined {
  if (isHmac(alg)) return key.type === 'secret' ? undefined : `${alg} needs a secret`;
  const type = key.asymmetricKeyType;
  if (alg.startsWith('RS') || alg.startsWith('PS')) {
    if (type !== 'rsa' && !(alg.startsWith('PS') && type === 'rsa-pss')) return `${alg} needs an RSA key, got ${type}`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= 2048 ? undefined : `RSA keys must have at least 2048 bits, got ${bits}`;
  }
  if (type !== 'ec') return `${alg} needs an EC key, got ${type}`;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === CURVE_OF[alg] ? undefined : `${alg} needs curve ${CURVE_OF[alg]}, got ${curve}`;
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '[::1]' || /^127\./.test(host);

/**
 * Checks the security variables together (what one field cannot see alone) and parses the keys. Throws a
 * ConfigError listing every problem, which `runService` reports as "cannot start" before anything opens.
 */
export function resolveSecurityOptions(config: SecurityConfig): SecurityOptions {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, text: string) => problems.push({ variable, problem: text });
  const production = config.NODE_ENV === 'production';
  const algorithms = config.AUTH_JWT_ALGORITHMS;
  const wantsHmac = algorithms.some(isHmac);
  const asymmetric = algorithms.filter((a) => !isHmac(a));

  let secret: KeyObject | undefined;
  let usesDevSecret = false;
  if (wantsHmac) {
    const raw = config.AUTH_JWT_SECRET;
    if (raw && raw === DEV_JWT_SECRET && production) {
      problem('AUTH_JWT_SECRET', 'is the published development secret; refusing to start in production');
    } else if (!raw && production) {
      problem('AUTH_JWT_SECRET', `is required in production when AUTH_JWT_ALGORITHMS includes ${algorithms.filter(isHmac).join(', ')}`);
    } else if (raw && Buffer.byteLength(raw, 'utf8') < MIN_SECRET_BYTES) {
      problem('AUTH_JWT_SECRET', `must be at least ${MIN_SECRET_BYTES} bytes (RFC 7518 §3.2)`);
    } else {
      usesDevSecret = !raw || raw === DEV_JWT_SECRET;
      secret = createSecretKey(Buffer.from(raw || DEV_JWT_SECRET, 'utf8'));
    }
  }

  let privateKey: KeyObject | undefined;
  if (config.AUTH_JWT_PRIVATE_KEY) {
    if (production) problem('AUTH_JWT_PRIVATE_KEY', 'must not be set in production: services verify tokens, an identity provider signs them');
    else {
      try {
        privateKey = createPrivateKey(readPem(config.AUTH_JWT_PRIVATE_KEY));
      } catch (e) {
        problem('AUTH_JWT_PRIVATE_KEY', `is not a readable PEM private key (${(e as Error).message})`);
      }
    }
  }

  let publicKey: KeyObject | undefined;
  if (config.AUTH_JWT_PUBLIC_KEY) {
    try {
      publicKey = createPublicKey(readPem(config.AUTH_JWT_PUBLIC_KEY));
    } catch (e) {
      problem('AUTH_JWT_PUBLIC_KEY', `is not a readable PEM public key (${(e as Error).message})`);
    }
  } else if (privateKey) {
    publicKey = createPublicKey(privateKey);
  }

  let jwks: SecurityOptions['jwt']['jwks'];
  if (config.AUTH_JWKS_URL) {
    let url: URL | undefined;
    try {
      url = new URL(config.AUTH_JWKS_URL);
    } catch {
      problem('AUTH_JWKS_URL', 'is not a valid URL');
    }
    if (url) {
      const allowedHttp = !production && url.protocol === 'http:' && isLoopback(url.hostname);
      if (url.protocol !== 'https:' && !allowedHttp) problem('AUTH_JWKS_URL', 'must use https (http is accepted only for loopback outside production)');
      else jwks = { url: url.toString(), cacheSeconds: config.AUTH_JWKS_CACHE_SECONDS };
    }
    if (config.AUTH_JWT_PUBLIC_KEY) problem('AUTH_JWKS_URL', 'and AUTH_JWT_PUBLIC_KEY are both set; choose one source of verification keys');
  }

  if (asymmetric.length > 0 && !publicKey && !jwks && !problems.some((p) => p.variable.startsWith('AUTH_JWT_P') || p.variable === 'AUTH_JWKS_URL')) {
    problem('AUTH_JWT_ALGORITHMS', `includes ${asymmetric.join(', ')} but neither AUTH_JWKS_URL nor AUTH_JWT_PUBLIC_KEY is set`);
  }
  if (publicKey && !jwks) {
    for (const alg of asymmetric) {
      const why = keyMismatch(alg, publicKey);
      if (why) problem('AUTH_JWT_PUBLIC_KEY', `cannot verify ${alg}: ${why}`);
    }
  }
  if (config.PAGE_SIZE_DEFAULT > config.PAGE_SIZE_MAX) problem('PAGE_SIZE_DEFAULT', `must not exceed PAGE_SIZE_MAX (${config.PAGE_SIZE_MAX})`);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    jwt: {
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
      algorithms,
      clockToleranceSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
      secret,
      usesDevSecret,
      publicKey,
      privateKey,
      jwks,
    },
    rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST },
    limits: { pageSizeDefault: config.PAGE_SIZE_DEFAULT, pageSizeMax: config.PAGE_SIZE_MAX, exportRowsMax: config.EXPORT_ROWS_MAX },
    databaseUrl: config.DATABASE_URL,
  };
}

/** The schema a tool without a service schema loads (the mint-token CLI, tests): NODE_ENV plus the security variables. */
export const standaloneSecuritySchema = { NODE_ENV: commonConfigSchema.NODE_ENV, ...securityConfigSchema };

/** Security options from an environment map, through the same parsing and checks a service applies. */
export const securityOptionsFromEnv = (source: NodeJS.ProcessEnv = process.env): SecurityOptions =>
  resolveSecurityOptions(loadConfig(standaloneSecuritySchema, source));
