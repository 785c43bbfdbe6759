import { runService } from '@fpi/platform';
import { AppModule } from './app.module';
import { claimsConfigSchema } from './config';

void runService({
  name: 'claims',
  title: 'Claims service',
  description: 'Event-sourced claim lifecycle, fast-track queue, audit timelines and settlement events.',
  configSchema: claimsConfigSchema,
  module: (config) => AppModule.register(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
});
