import { commonConfigSchema, env, type ConfigOf } from '@fpi/platform';

export const claimsConfigSchema = {
  ...commonConfigSchema,
  PORT: env.port('HTTP port of the claims service', 3002),
  HOST: env.string('interface to listen on', '127.0.0.1'),
};

export type ClaimsConfig = ConfigOf<typeof claimsConfigSchema>;
