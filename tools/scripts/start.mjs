// `npm start`: real PostgreSQL and Kafka, migrations (run by each service at start), the three services,
// their URLs. Ctrl-C stops the services, and the Kafka broker if this command started it.
import { buildServices, ensureKafka, ensurePostgres, runServicesUntilStopped } from './local-services.mjs';

const services = [
  { name: 'enrollment', port: Number(process.env.ENROLLMENT_PORT ?? 3001), db: 'fpi_enrollment' },
  { name: 'claims', port: Number(process.env.CLAIMS_PORT ?? 3002), db: 'fpi_claims' },
  { name: 'reporting', port: Number(process.env.REPORTING_PORT ?? 3003), db: 'fpi_reporting' },
];

await ensurePostgres();
const startedKafka = await ensureKafka();
buildServices();

// A service without NODE_ENV runs as production (real keys required); this local platform is development.
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' };
const children = await runServicesUntilStopped(services, env, { startedKafka });

console.log('\nThe platform is up:');
for (const s of children) {
  console.log(`  ${s.name.padEnd(10)} API http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs   ready http://127.0.0.1:${s.port}/health/ready`);
}
console.log(`  kafka      127.0.0.1:9092${startedKafka ? ' (started here; stops on Ctrl-C)' : ''}`);
console.log('  tokens     npm run token -- --role handler --region 330102   (see README)');
console.log('Press Ctrl-C to stop.');
