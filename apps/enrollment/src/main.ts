import { runService } from '@fpi/platform';
import { AppModule } from './app.module';
import { enrollmentConfigSchema } from './config';

void runService({
  name: 'enrollment',
  title: 'Enrollment service',
  description: 'Households, members, policies, referrers and channels; issuance (出单) and delivery (入户).',
  configSchema: enrollmentConfigSchema,
  module: (config) => AppModule.register(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
});
