import jwt from 'jsonwebtoken';
import { systemClock, type Clock } from '../clock/clock';
import { ApiError } from '../errors/http-error.filter';
import { JwksKeySource, StaticKeys, type FetchLike, type VerificationKeys } from './jwks';
import type { Principal } from './principal';
import { isPrincipalRegion } from './region';
import { isRole } from './roles';
import type { JwtAlgorithm, SecurityOptions } from './security-config';

/** Bearer tokens longer than this are refused before any parsing work. */
const MAX_TOKEN_CHARS = 8192;

/** A 401 carrying the RFC 6750 challenge, so clients know to fetch a new token. */
export const unauthorized = (code: string, message: string, error: 'invalid_token' | 'invalid_request' = 'invalid_token'): ApiError =>
  new ApiError('unauthorized', code, message, undefined, { 'WWW-Authenticate': `Bearer error="${error}"` });

const invalid = (message: string): ApiError => unauthorized('AUTH.TOKEN_INVALID', message);

/**
 * Verifies bearer tokens per RFC 8725: the algorithm must be on the configured allow-list (so `none` and
 * algorithm-confusion tricks fail before a key is chosen), the key is chosen by algorithm family, and
 * `iss`, `aud` and `exp` are required and checked. Claims become a Principal only after all of that.
 */
export class JwtVerifier {
  constructor(
    private readonly options: SecurityOptions['jwt'],
    private readonly keys: VerificationKeys,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A verifier for the configured key source (JWKS URL, or static secret/public key). */
  static fromOptions(options: SecurityOptions['jwt'], deps: { clock?: Clock; fetchFn?: FetchLike; onError?: (e: Error) => void } = {}): JwtVerifier {
    const keys: VerificationKeys = options.jwks
      ? new FallbackKeys(new StaticKeys(options.secret), new JwksKeySource(options.jwks.url, { cacheMs: options.jwks.cacheSeconds * 1000, ...deps }))
      : new StaticKeys(options.secret, options.publicKey);
    return new JwtVerifier(options, keys, deps.clock);
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_CHARS) throw invalid('The token is too long.');
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw invalid('The token is not a signed JWT.');
    const header = decoded.header as jwt.JwtHeader & { crit?: unknown };
    const alg = header.alg as JwtAlgorithm;
    if (!(this.options.algorithms as readonly string[]).includes(alg)) throw invalid(`The token algorithm "${String(header.alg)}" is not accepted.`);
    // RFC 7515 §4.1.11: a token that relies on extensions we do not implement must be rejected.
    if (header.crit !== undefined) throw invalid('The token uses critical header extensions this service does not support.');
    const key = await this.keys.keyFor(alg, header.kid);
    if (!key) throw invalid('No verification key matches the token.');

    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [alg],
        issuer: this.options.issuer,
        audience: [...this.options.audience] as [string, ...string[]],
        clockTolerance: this.options.clockToleranceSeconds,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      }) as jwt.JwtPayload;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw unauthorized('AUTH.TOKEN_EXPIRED', 'The token has expired.');
      if (e instanceof jwt.NotBeforeError) throw invalid('The token is not valid yet.');
      const message = (e as Error).message;
      if (/audience/.test(message)) throw invalid('The token audience is not accepted.');
      if (/issuer/.test(message)) throw invalid('The token issuer is not accepted.');
      throw invalid('The token signature or format is invalid.');
    }
    // jsonwebtoken accepts a token without `exp`; an unbounded credential is not acceptable here.
    if (typeof payload.exp !== 'number') throw invalid('The token has no expiry (exp).');
    return principalFromClaims(payload);
  }
}

/** HS* tokens keep using the configured secret when the asymmetric keys come from a JWKS. */
class FallbackKeys implements VerificationKeys {
  constructor(private readonly hmac: VerificationKeys, private readonly jwks: VerificationKeys) {}
  keyFor(alg: JwtAlgorithm, kid: string | undefined) {
    return alg.startsWith('HS') ? this.hmac.keyFor(alg, kid) : this.jwks.keyFor(alg, kid);
  }
}

/**
 * Turns verified claims (`sub`, `role`, `region`, `name`) into a Principal. Every role but admin must carry
 * a region: a token that lost its region must see nothing, not everything.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const { sub, role, region, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw invalid('The token has no usable subject (sub).');
  if (!isRole(role)) throw invalid('The token role is not recognised.');
  if (region !== undefined && !isPrincipalRegion(region)) throw invalid('The token region is not a 4-, 6- or 9-digit region code.');
  if (region === undefined && role !== 'admin') throw invalid(`A ${role} token must carry a region.`);
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) throw invalid('The token name claim is malformed.');
  return { sub, role, via: 'jwt', ...(region === undefined ? {} : { region }), ...(name === undefined ? {} : { name }) };
}
