import { mintDevToken, securityOptionsFromEnv, type Role } from '@fpi/platform';

/**
 * A bearer token that services started with the default (development/test) security settings accept:
 * the same configuration path the services and the mint-token CLI use, never a shortcut around the guard.
 */
export function devToken(role: Role, opts: { sub?: string; region?: string } = {}): string {
  const options = securityOptionsFromEnv({ NODE_ENV: 'test' });
  return mintDevToken(options, { sub: opts.sub ?? `test-${role}`, role, region: opts.region });
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
