import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ManualClock } from '../clock/clock';
import { ApiError } from '../errors/http-error.filter';
import { mintDevToken } from './dev-token';
import type { FetchLike } from './jwks';
import { JwtVerifier, principalFromClaims } from './jwt-verifier';
import { DEV_JWT_SECRET, securityOptionsFromEnv } from './security-config';

const NOW = new Date('2026-03-01T08:00:00Z');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const nowSec = Math.floor(NOW.getTime() / 1000);
const claims = { sub: 'alice', role: 'handler', region: '330102', iss: 'fpi-dev', aud: 'fpi-api', iat: nowSec, exp: nowSec + 3600 };

/** Resolves with the rejection's code and message, or fails when the token was accepted. */
async function rejection(p: Promise<unknown>): Promise<{ status: string; code: string; message: string; headers?: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { status: e.kind, code: e.code, message: e.message, headers: e.headers };
  }
  throw new Error('token was accepted');
}

describe('JwtVerifier with the development HS256 secret', () => {
  const clock = new ManualClock(NOW);
  const options = securityOptionsFromEnv({ NODE_ENV: 'test' });
  const verifier = JwtVerifier.fromOptions(options.jwt, { clock });
  const sign = (payload: object, secret: string = DEV_JWT_SECRET, opts: jwt.SignOptions = {}) =>
    jwt.sign(JSON.parse(JSON.stringify(payload)) as object, secret, { algorithm: 'HS256', ...opts });

  it('accepts a token minted by mintDevToken and maps its claims to a principal', async () => {
    const token = mintDevToken(options, { sub: 'alice', role: 'handler', region: '330102', name: 'A' }, { now: NOW });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', role: 'handler', region: '330102', name: 'A', via: 'jwt' });
  });

  const negative: [string, () => string, string, RegExp][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 'AUTH.TOKEN_INVALID', /algorithm "none" is not accepted/],
    ['alg None (case variant)', () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(claims)}.`, 'AUTH.TOKEN_INVALID', /not accepted/],
    ['alg none with a signature part', () => `${b64({ alg: 'none' })}.${b64(claims)}.${Buffer.from('x').toString('base64url')}`, 'AUTH.TOKEN_INVALID', /not accepted/],
    ['wrong audience', () => sign({ ...claims, aud: 'another-api' }), 'AUTH.TOKEN_INVALID', /audience/],
    ['no audience', () => sign({ ...claims, aud: undefined }), 'AUTH.TOKEN_INVALID', /audience/],
    ['wrong issuer', () => sign({ ...claims, iss: 'evil' }), 'AUTH.TOKEN_INVALID', /issuer/],
    ['expired beyond the clock skew', () => sign({ ...claims, iat: nowSec - 7200, exp: nowSec - 31 }), 'AUTH.TOKEN_EXPIRED', /expired/],
    ['no exp at all', () => sign({ ...claims, exp: undefined }), 'AUTH.TOKEN_INVALID', /no expiry/],
    ['not valid yet', () => sign({ ...claims, nbf: nowSec + 600 }), 'AUTH.TOKEN_INVALID', /not valid yet/],
    [
      'tampered payload (region widened, signature kept)',
      () => {
        const [h, , s] = sign(claims).split('.');
        return `${h}.${b64({ ...claims, region: '33' })}.${s}`;
      },
      'AUTH.TOKEN_INVALID',
      /signature/,
    ],
    [
      'tampered payload (role raised to admin, signature kept)',
      () => {
        const [h, , s] = sign(claims).split('.');
        return `${h}.${b64({ ...claims, role: 'admin' })}.${s}`;
      },
      'AUTH.TOKEN_INVALID',
      /signature/,
    ],
    [
      'tampered signature',
      () => {
        const t = sign(claims);
        return t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA');
      },
      'AUTH.TOKEN_INVALID',
      /signature/,
    ],
    ['signed with another secret', () => sign(claims, 'x'.repeat(40)), 'AUTH.TOKEN_INVALID', /signature/],
    ['HS512 when only HS256 is allowed', () => sign(claims, DEV_JWT_SECRET, { algorithm: 'HS512' }), 'AUTH.TOKEN_INVALID', /HS512" is not accepted/],
    ['critical header extension', () => sign(claims, DEV_JWT_SECRET, { header: { alg: 'HS256', crit: ['exp'] } as jwt.JwtHeader }), 'AUTH.TOKEN_INVALID', /critical/],
    ['unknown role', () => sign({ ...claims, role: 'root' }), 'AUTH.TOKEN_INVALID', /role/],
    ['handler without region', () => sign({ ...claims, region: undefined }), 'AUTH.TOKEN_INVALID', /must carry a region/],
    ['empty region', () => sign({ ...claims, region: '' }), 'AUTH.TOKEN_INVALID', /region/],
    ['5-digit region', () => sign({ ...claims, region: '33010' }), 'AUTH.TOKEN_INVALID', /region/],
    ['not a JWT', () => 'hello', 'AUTH.TOKEN_INVALID', /not a signed JWT/],
    ['oversized', () => 'a'.repeat(9000), 'AUTH.TOKEN_INVALID', /too long/],
  ];

  it.each(negative)('rejects %s with 401', async (_name, token, code, message) => {
    const r = await rejection(verifier.verify(token()));
    expect(r.status).toBe('unauthorized');
    expect(r.code).toBe(code);
    expect(r.message).toMatch(message);
    expect(r.headers?.['WWW-Authenticate']).toMatch(/^Bearer error=/);
  });

  it('tolerates the configured clock skew (30 s) and no more', async () => {
    await expect(verifier.verify(sign({ ...claims, exp: nowSec - 29 }))).resolves.toMatchObject({ sub: 'alice' });
    clock.set(new Date(NOW.getTime() + 3600_000 + 31_000));
    expect((await rejection(verifier.verify(sign(claims)))).code).toBe('AUTH.TOKEN_EXPIRED');
    clock.set(NOW);
  });

  it('lets an admin token omit the region (every region)', async () => {
    await expect(verifier.verify(sign({ ...claims, role: 'admin', region: undefined }))).resolves.toEqual({ sub: 'alice', role: 'admin', via: 'jwt' });
  });
});

describe('JwtVerifier with asymmetric keys', () => {
  const clock = new ManualClock(NOW);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPublicPem = String(rsa.publicKey.export({ type: 'spki', format: 'pem' }));

  it('verifies RS256 with a configured public key', async () => {
    const options = securityOptionsFromEnv({ AUTH_JWT_ALGORITHMS: 'RS256', AUTH_JWT_PUBLIC_KEY: rsaPublicPem });
    const verifier = JwtVerifier.fromOptions(options.jwt, { clock });
    await expect(verifier.verify(jwt.sign(claims, rsa.privateKey, { algorithm: 'RS256' }))).resolves.toMatchObject({ sub: 'alice' });
  });

  it('rejects the algorithm-confusion attack (HS256 signed with the RSA public key as secret)', async () => {
    const options = securityOptionsFromEnv({ AUTH_JWT_ALGORITHMS: 'RS256', AUTH_JWT_PUBLIC_KEY: rsaPublicPem });
    const verifier = JwtVerifier.fromOptions(options.jwt, { clock });
    const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const { createHmac } = await import('node:crypto');
    const token = `${forged}.${createHmac('sha256', rsaPublicPem).update(forged).digest('base64url')}`;
    expect((await rejection(verifier.verify(token))).message).toMatch(/HS256" is not accepted/);
  });

  it('rejects the confusion even when HS256 and RS256 are both allowed (each family has its own key)', async () => {
    const options = securityOptionsFromEnv({ AUTH_JWT_ALGORITHMS: 'RS256,HS256', AUTH_JWT_PUBLIC_KEY: rsaPublicPem, AUTH_JWT_SECRET: 's'.repeat(40) });
    const verifier = JwtVerifier.fromOptions(options.jwt, { clock });
    const token = jwt.sign(claims, rsaPublicPem, { algorithm: 'HS256', allowInsecureKeySizes: true } as jwt.SignOptions);
    expect((await rejection(verifier.verify(token))).message).toMatch(/signature/);
  });

  it('mints and verifies ES256 with a development keypair from configuration', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const options = securityOptionsFromEnv({ NODE_ENV: 'development', AUTH_JWT_ALGORITHMS: 'ES256', AUTH_JWT_PRIVATE_KEY: String(ec.privateKey.export({ type: 'pkcs8', format: 'pem' })) });
    const token = mintDevToken(options, { sub: 'bob', role: 'supervisor', region: '3301' }, { now: NOW });
    expect(jwt.decode(token, { complete: true })?.header.alg).toBe('ES256');
    await expect(JwtVerifier.fromOptions(options.jwt, { clock }).verify(token)).resolves.toMatchObject({ sub: 'bob', region: '3301' });
  });
});

describe('JwtVerifier with a JWKS', () => {
  const url = 'https://idp.example/.well-known/jwks.json';
  const k1 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const k2 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = (k: KeyObject, kid: string) => ({ ...k.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' });

  const setup = (initial: object[]) => {
    const clock = new ManualClock(NOW);
    const state = { keys: initial, calls: 0, fail: false };
    const fetchFn: FetchLike = async (u) => {
      expect(u).toBe(url);
      state.calls += 1;
      if (state.fail) throw new Error('connection refused');
      return { ok: true, status: 200, text: async () => JSON.stringify({ keys: state.keys }) };
    };
    const options = securityOptionsFromEnv({ AUTH_JWT_ALGORITHMS: 'ES256', AUTH_JWKS_URL: url });
    return { clock, state, verifier: JwtVerifier.fromOptions(options.jwt, { clock, fetchFn }) };
  };
  const es256 = (key: KeyObject, kid: string | undefined, extra: object = {}) =>
    jwt.sign({ ...claims, ...extra }, key, { algorithm: 'ES256', ...(kid ? { keyid: kid } : {}) });

  it('selects the key by kid and caches the set', async () => {
    const { state, verifier } = setup([jwk(k1.publicKey, 'k1'), jwk(k2.publicKey, 'k2')]);
    await expect(verifier.verify(es256(k1.privateKey, 'k1'))).resolves.toMatchObject({ sub: 'alice' });
    await expect(verifier.verify(es256(k2.privateKey, 'k2'))).resolves.toMatchObject({ sub: 'alice' });
    expect(state.calls).toBe(1);
    // The right kid with the wrong key is a forgery.
    expect((await rejection(verifier.verify(es256(k2.privateKey, 'k1')))).message).toMatch(/signature/);
  });

  it('refetches once on an unknown kid (key roll-over), but not for every random kid', async () => {
    const { clock, state, verifier } = setup([jwk(k1.publicKey, 'k1')]);
    await verifier.verify(es256(k1.privateKey, 'k1'));
    state.keys = [jwk(k1.publicKey, 'k1'), jwk(k2.publicKey, 'k2')];
    clock.advance(31_000);
    await expect(verifier.verify(es256(k2.privateKey, 'k2'))).resolves.toMatchObject({ sub: 'alice' });
    expect(state.calls).toBe(2);
    for (let i = 0; i < 20; i++) expect((await rejection(verifier.verify(es256(k1.privateKey, `random-${i}`)))).message).toMatch(/No verification key/);
    expect(state.calls).toBe(2);
  });

  it('needs a kid when several keys fit', async () => {
    const { verifier } = setup([jwk(k1.publicKey, 'k1'), jwk(k2.publicKey, 'k2')]);
    expect((await rejection(verifier.verify(es256(k1.privateKey, undefined)))).message).toMatch(/No verification key/);
  });

  it('never trusts symmetric (oct) entries of a JWKS', async () => {
    const secret = 'z'.repeat(40);
    const { verifier } = setup([{ kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid: 'h' }]);
    const token = jwt.sign(claims, secret, { algorithm: 'HS256', keyid: 'h' });
    expect((await rejection(verifier.verify(token))).message).toMatch(/HS256" is not accepted/);
  });

  it('keeps the last good keys when the provider is down', async () => {
    const { clock, state, verifier } = setup([jwk(k1.publicKey, 'k1')]);
    await verifier.verify(es256(k1.privateKey, 'k1'));
    state.fail = true;
    clock.advance(700_000);
    await expect(verifier.verify(es256(k1.privateKey, 'k1', { iat: nowSec + 690, exp: nowSec + 4000 }))).resolves.toMatchObject({ sub: 'alice' });
    expect(state.calls).toBe(2);
  });
});

describe('principalFromClaims', () => {
  it('accepts city, county and township staff', () => {
    for (const region of ['3301', '330102', '330102001']) expect(principalFromClaims({ sub: 's', role: 'association', region }).region).toBe(region);
  });
});
