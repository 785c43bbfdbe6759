import { commonConfigSchema, env, type ConfigOf } from '@fpi/platform';

export const reportingConfigSchema = {
  ...commonConfigSchema,
  PORT: env.port('HTTP port of the reporting service', 3003),
  HOST: env.string('interface to listen on', '127.0.0.1'),
};

export type ReportingConfig = ConfigOf<typeof reportingConfigSchema>;
