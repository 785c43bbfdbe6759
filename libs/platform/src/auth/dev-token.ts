import jwt from 'jsonwebtoken';
import { isPrincipalRegion } from './region';
import { isRole, ROLES, type Role } from './roles';
import { isHmac, keyMismatch, type JwtAlgorithm, type SecurityOptions } from './security-config';

/** Claims of a development token. */
export interface DevTokenRequest {
  sub: string;
  role: Role;
  /** 4-, 6- or 9-digit region code; omit only for an admin (all regions). */
  region?: string;
  name?: string;
}

/** Lifetime, issue time and algorithm of a development token. */
export interface DevTokenOptions {
  ttlSeconds?: number;
  now?: Date;
  /** Defaults to the first configured algorithm this process holds a signing key for. */
  algorithm?: JwtAlgorithm;
}

/** Eight hours: one working day, so a developer mints once per morning. */
export const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * Signs a token the running services accept, with the same configuration they read (issuer, first
 * audience, algorithm allow-list, key). For development and tests only: it refuses in production, where an
 * identity provider issues tokens.
 */
export function mintDevToken(options: SecurityOptions, request: DevTokenRequest, opts: DevTokenOptions = {}): string {
  if (options.production) throw new Error('mintDevToken is for development; in production tokens come from the identity provider');
  if (!request.sub) throw new Error('sub is required');
  if (!isRole(request.role)) throw new Error(`role must be one of ${ROLES.join(', ')}; got "${String(request.role)}"`);
  if (request.region !== undefined && !isPrincipalRegion(request.region)) throw new Error(`region must be a 4-, 6- or 9-digit code; got "${request.region}"`);
  if (request.region === undefined && request.role !== 'admin') throw new Error(`a ${request.role} token needs a region (only admins see every region)`);

  const { jwt: cfg } = options;
  const candidates = opts.algorithm ? [opts.algorithm] : cfg.algorithms;
  const algorithm = candidates.find((a) => (isHmac(a) ? cfg.secret !== undefined : cfg.privateKey !== undefined && !keyMismatch(a, cfg.privateKey)));
  if (!algorithm) throw new Error(`no signing key for ${candidates.join(', ')}: set AUTH_JWT_SECRET (HS*) or AUTH_JWT_PRIVATE_KEY`);
  const key = isHmac(algorithm) ? cfg.secret : cfg.privateKey;

  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = { role: request.role, iat, exp: iat + (opts.ttlSeconds ?? DEV_TOKEN_TTL_SECONDS) };
  if (request.region !== undefined) claims['region'] = request.region;
  if (request.name !== undefined) claims['name'] = request.name;
  return jwt.sign(claims, key as NonNullable<typeof key>, { algorithm, issuer: cfg.issuer, audience: cfg.audience[0], subject: request.sub });
}
