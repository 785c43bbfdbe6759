import { commonConfigSchema, env, type ConfigOf } from '@fpi/platform';

export const enrollmentConfigSchema = {
  ...commonConfigSchema,
  PORT: env.port('HTTP port of the enrollment service', 3001),
  HOST: env.string('interface to listen on', '127.0.0.1'),
};

export type EnrollmentConfig = ConfigOf<typeof enrollmentConfigSchema>;
