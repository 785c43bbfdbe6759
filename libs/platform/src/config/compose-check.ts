import { describeConfig, loadConfig, type ConfigSchema } from './config-schema';

export interface ComposeServiceShape {
  build?: { dockerfile: string; args: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: string[];
}

/**
 * Problems in a docker-compose service entry measured against the service's config schema: unknown or
 * missing variables, values the schema rejects, an unpublished port, hosts that are not compose services.
 */
export function composeProblems(name: string, all: Record<string, ComposeServiceShape>, schema: ConfigSchema, initSql: string): string[] {
  const svc = all[name];
  if (!svc) return [`no service named ${name}`];
  const environment = svc.environment ?? {};
  const fields = describeConfig(schema);
  const known = new Set(fields.map((f) => f.variable));
  const problems: string[] = [];
  for (const v of Object.keys(environment)) if (!known.has(v)) problems.push(`${v} is not a variable of ${name}`);
  for (const f of fields) if (f.required && !(f.variable in environment)) problems.push(`${f.variable} is required by ${name} but not set`);
  let config: Record<string, unknown>;
  try {
    config = loadConfig(schema, environment) as Record<string, unknown>;
  } catch (e) {
    return [...problems, (e as Error).message];
  }
  if (!svc.ports?.includes(`${config['PORT']}:${config['PORT']}`)) problems.push(`port ${config['PORT']} is not published`);
  if (svc.build?.args['SERVICE'] !== name) problems.push(`build arg SERVICE is not ${name}`);
  const dbUrl = new URL(String(config['DATABASE_URL']));
  const hosts = [dbUrl.hostname, ...(config['KAFKA_BROKERS'] as string[]).map((b) => b.split(':')[0] ?? b)];
  for (const h of hosts) {
    if (!all[h]) problems.push(`host ${h} is not a compose service`);
    else if (!svc.depends_on?.includes(h)) problems.push(`${name} does not depend on ${h}`);
  }
  if (!initSql.includes(`CREATE DATABASE ${dbUrl.pathname.slice(1)};`)) problems.push(`database ${dbUrl.pathname.slice(1)} is not created by postgres-init.sql`);
  return problems;
}
