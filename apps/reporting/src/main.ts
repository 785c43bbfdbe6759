import { runService } from '@fpi/platform';
import { AppModule } from './app.module';
import { reportingConfigSchema } from './config';

void runService({
  name: 'reporting',
  title: 'Reporting service',
  description: 'The three rates and the programme figures, projected from Kafka.',
  configSchema: reportingConfigSchema,
  module: (config) => AppModule.register(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
});
