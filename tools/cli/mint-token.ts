/**
 * Development CLI: mints a bearer token that the locally running services accept, so `npm start` is
 * usable without an identity provider.
 *
 *   node -r @swc-node/register tools/cli/mint-token.ts --role handler --region 330102 --sub alice
 *   TOKEN=$(node -r @swc-node/register tools/cli/mint-token.ts --role supervisor --region 3301 --sub bob)
 *   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3002/...
 *
 * It reads the same variables as the services (AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, AUTH_JWT_ALGORITHMS,
 * AUTH_JWT_SECRET or AUTH_JWT_PRIVATE_KEY, NODE_ENV) with the same defaults, except that an unset NODE_ENV
 * means development here (the services take it as production), so with nothing else set it signs with the
 * built-in development secret that `npm start` accepts. It refuses to run with NODE_ENV=production.
 */
import { parseArgs } from 'node:util';
import {
  ConfigError,
  DEV_TOKEN_TTL_SECONDS,
  loadConfig,
  mintDevToken,
  resolveSecurityOptions,
  ROLES,
  standaloneSecuritySchema,
  type Role,
} from '@fpi/platform';

const usage = `Usage: mint-token --role <${ROLES.join('|')}> [--region <4|6|9-digit code>] --sub <id> [--name <display name>] [--ttl <seconds>] [--json]

  --role     role claim; every role but admin needs --region
  --region   city (4 digits, e.g. 3301), county (6, e.g. 330102) or township (9) code
  --sub      subject: the actor id commands record (e.g. alice)
  --ttl      lifetime in seconds (default ${DEV_TOKEN_TTL_SECONDS}, one working day)
  --json     print {"token", "claims"} instead of the bare token
`;

function main(argv: string[]): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        region: { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values['help']) {
    process.stdout.write(usage);
    return 0;
  }
  const role = values['role'] as string | undefined;
  const sub = values['sub'] as string | undefined;
  if (!role || !sub) {
    process.stderr.write(`--role and --sub are required\n\n${usage}`);
    return 2;
  }
  const ttl = values['ttl'] === undefined ? DEV_TOKEN_TTL_SECONDS : Number(values['ttl']);
  if (!Number.isInteger(ttl) || ttl <= 0) {
    process.stderr.write('--ttl must be a positive number of seconds\n');
    return 2;
  }

  try {
    // The services default to production when NODE_ENV is unset; this development tool defaults to development
    // (and a token signed with the development secret is refused by any service running as production).
    const config = loadConfig(standaloneSecuritySchema, { ...process.env, NODE_ENV: process.env['NODE_ENV'] || 'development' });
    if (config.NODE_ENV === 'production') {
      process.stderr.write('mint-token refuses to run with NODE_ENV=production: production tokens come from the identity provider\n');
      return 1;
    }
    const options = resolveSecurityOptions(config);
    const request = {
      sub,
      role: role as Role,
      ...(values['region'] === undefined ? {} : { region: String(values['region']) }),
      ...(values['name'] === undefined ? {} : { name: String(values['name']) }),
    };
    const token = mintDevToken(options, request, { ttlSeconds: ttl });
    process.stdout.write(values['json'] ? `${JSON.stringify({ token, claims: request })}\n` : `${token}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`${p.variable} ${p.problem}\n`);
    else process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
