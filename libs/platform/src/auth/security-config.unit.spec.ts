import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../config/config-schema';
import { commonConfigSchema } from '../config/common-config';
import { mintDevToken } from './dev-token';
import { SecurityModule } from './security.module';
import { DEV_JWT_SECRET, securityConfigSchema, securityOptionsFromEnv as securityOptionsFrom, standaloneSecuritySchema as securityTestSchema } from './security-config';

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable} ${p.problem}`);
    throw e;
  }
  throw new Error('expected a ConfigError');
};

const STRONG = 'k'.repeat(48);
const pem = (k: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }) => String(k.export({ type: 'spki', format: 'pem' }));

describe('securityConfigSchema', () => {
  it('runs as production when NODE_ENV is not set: no development secret without being told', () => {
    expect(problemsOf(() => securityOptionsFrom({})).join()).toMatch(/AUTH_JWT_SECRET is required in production/);
  });

  it('starts a development machine with nothing but NODE_ENV=development set (npm start sets it)', () => {
    const options = securityOptionsFrom({ NODE_ENV: 'development' });
    expect(options.production).toBe(false);
    expect(options.jwt.usesDevSecret).toBe(true);
    expect(options.jwt.algorithms).toEqual(['HS256']);
    expect(options.jwt.issuer).toBe('fpi-dev');
    expect(options.jwt.audience).toEqual(['fpi-api']);
    expect(options.rateLimit).toEqual({ perMinute: 600, burst: 100 });
    expect(options.limits).toEqual({ pageSizeDefault: 50, pageSizeMax: 200, exportRowsMax: 50_000 });
  });

  it('composes with the common schema without name clashes', () => {
    const shared = Object.keys(commonConfigSchema).filter((k) => k in securityConfigSchema);
    expect(shared).toEqual([]);
  });

  it('never accepts "none" in the algorithm allow-list', () => {
    for (const list of ['none', 'HS256,none', 'NONE']) {
      expect(problemsOf(() => loadConfig(securityTestSchema, { AUTH_JWT_ALGORITHMS: list })).join()).toMatch(/none/i);
    }
    expect(problemsOf(() => loadConfig(securityTestSchema, { AUTH_JWT_ALGORITHMS: 'HS1' })).join()).toMatch(/HS1/);
  });

  describe('in production', () => {
    it('refuses to start with the development secret', () => {
      expect(problemsOf(() => securityOptionsFrom({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET })).join()).toMatch(/development secret; refusing to start/);
    });

    it('refuses to start without any secret when HS256 is allowed (no silent fallback)', () => {
      expect(problemsOf(() => securityOptionsFrom({ NODE_ENV: 'production' })).join()).toMatch(/AUTH_JWT_SECRET is required in production/);
    });

    it('refuses through SecurityModule.forRoot, which runService reports as "cannot start"', () => {
      const config = loadConfig({ ...commonConfigSchema, ...securityConfigSchema }, { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' });
      expect(() => SecurityModule.forRoot(config)).toThrow(ConfigError);
    });

    it('accepts a real secret and refuses a development private key', () => {
      expect(securityOptionsFrom({ NODE_ENV: 'production', AUTH_JWT_SECRET: STRONG }).jwt.usesDevSecret).toBe(false);
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const privatePem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
      expect(problemsOf(() => securityOptionsFrom({ NODE_ENV: 'production', AUTH_JWT_SECRET: STRONG, AUTH_JWT_PRIVATE_KEY: privatePem })).join()).toMatch(/must not be set in production/);
    });

    it('refuses a plain-http JWKS URL, which it accepts on loopback in development', () => {
      const env = { AUTH_JWT_ALGORITHMS: 'RS256', AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks' };
      expect(problemsOf(() => securityOptionsFrom({ ...env, NODE_ENV: 'production' })).join()).toMatch(/must use https/);
      expect(securityOptionsFrom({ ...env, NODE_ENV: 'development' }).jwt.jwks?.url).toBe('http://127.0.0.1:9000/jwks');
      expect(problemsOf(() => securityOptionsFrom({ ...env, NODE_ENV: 'development', AUTH_JWKS_URL: 'http://idp.example/jwks' })).join()).toMatch(/must use https/);
    });

    it('refuses mintDevToken', () => {
      const options = securityOptionsFrom({ NODE_ENV: 'production', AUTH_JWT_SECRET: STRONG });
      expect(() => mintDevToken(options, { sub: 'a', role: 'admin' })).toThrow(/development/);
    });
  });

  it('refuses HMAC secrets shorter than the hash (RFC 7518 §3.2)', () => {
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_SECRET: 'short-secret' })).join()).toMatch(/at least 32 bytes/);
  });

  it('needs a key source for asymmetric algorithms, and the right kind of key', () => {
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'RS256' })).join()).toMatch(/neither AUTH_JWKS_URL nor AUTH_JWT_PUBLIC_KEY/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'RS256', AUTH_JWT_PUBLIC_KEY: pem(ec.publicKey) })).join()).toMatch(/RS256 needs an RSA key/);
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'ES384', AUTH_JWT_PUBLIC_KEY: pem(ec.publicKey) })).join()).toMatch(/curve secp384r1/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'RS256', AUTH_JWT_PUBLIC_KEY: pem(weak.publicKey) })).join()).toMatch(/at least 2048 bits/);
    expect(securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'ES256', AUTH_JWT_PUBLIC_KEY: pem(ec.publicKey).replace(/\n/g, '\\n') }).jwt.publicKey).toBeDefined();
    expect(problemsOf(() => securityOptionsFrom({ AUTH_JWT_ALGORITHMS: 'ES256', AUTH_JWT_PUBLIC_KEY: pem(ec.publicKey), AUTH_JWKS_URL: 'https://idp.example/jwks' })).join()).toMatch(/choose one/);
  });

  it('refuses a default page size above the cap', () => {
    expect(problemsOf(() => securityOptionsFrom({ PAGE_SIZE_DEFAULT: '500', PAGE_SIZE_MAX: '100' })).join()).toMatch(/PAGE_SIZE_DEFAULT/);
  });
});
