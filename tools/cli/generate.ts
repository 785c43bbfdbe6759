/**
 * Generator CLI: plans a synthetic programme year, replays it through the running services' public APIs
 * (services started with CLOCK_MODE=controlled and a lifted rate limit) and writes the ground truth the
 * reporting service must show.
 *
 *   node -r @swc-node/register tools/cli/generate.ts --seed 7 --scale 0.02 --cities 2 \
 *     --out ground-truth.json --state state.json --concurrency 8 \
 *     --enrollment http://127.0.0.1:3001 --claims http://127.0.0.1:3002 --reporting http://127.0.0.1:3003
 *
 * Interrupted? Run it again with the same --state: it resumes after the last completed hour, and the
 * idempotency keys make the repeated hour change nothing. Tokens are minted like the services verify them
 * (the same AUTH_* variables and defaults as `npm run token`). --brokers and --policy-view-group let it
 * wait for the claims service's policy view before registering claims (defaults: KAFKA_BROKERS or
 * 127.0.0.1:9092, and the claims service's default group).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createKafka } from '@fpi/messaging';
import { mintDevToken, securityOptionsFromEnv } from '@fpi/platform';
import { Topics } from '@fpi/contracts';
import { computeGroundTruth, planProgrammeYear, REFERENCE_CITY, runPlan, scaleCity, SECOND_CITY } from '@fpi/testing';
import { consumerGroupCaughtUp } from '../../test/support/kafka-progress';

const usage = `Usage: generate --seed <n> [--scale <0..1>] [--cities 1|2] [--year 2021] [--out ground-truth.json] [--state state.json]
                [--concurrency 8] [--enrollment URL] [--claims URL] [--reporting URL] [--brokers host:port]
                [--enrollment-topic T] [--policy-view-group G] [--plan-only]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      scale: { type: 'string', default: '0.02' },
      cities: { type: 'string', default: '2' },
      year: { type: 'string', default: '2021' },
      out: { type: 'string', default: 'ground-truth.json' },
      state: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      enrollment: { type: 'string', default: 'http://127.0.0.1:3001' },
      claims: { type: 'string', default: 'http://127.0.0.1:3002' },
      reporting: { type: 'string', default: 'http://127.0.0.1:3003' },
      brokers: { type: 'string', default: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092' },
      'enrollment-topic': { type: 'string', default: Topics.enrollmentEvents },
      'policy-view-group': { type: 'string', default: 'fpi.claims.policy-view.v1' },
      'plan-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.seed === undefined) {
    process.stderr.write(`${usage}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const scale = Number(values.scale);
  const cityCount = Number(values.cities);
  if (!(scale > 0 && scale <= 1) || ![1, 2].includes(cityCount)) throw new Error(`--scale must be in (0, 1] and --cities 1 or 2\n${usage}`);
  const cities = [REFERENCE_CITY, SECOND_CITY].slice(0, cityCount).map((c) => scaleCity(c, scale));
  const plan = planProgrammeYear({ seed: Number(values.seed), programmeYear: Number(values.year), cities });
  const truth = computeGroundTruth(plan);
  process.stderr.write(`plan: ${plan.households.length} households, ${plan.claims.length} claims, ${plan.referrers.length} referrers\n`);
  if (values['plan-only']) {
    writeFileSync(values.out, JSON.stringify(truth, null, 2));
    return;
  }

  // Tokens for a local platform (`npm start`, the demo): an unset NODE_ENV means development here, as for `npm run token`.
  const security = securityOptionsFromEnv({ ...process.env, NODE_ENV: process.env['NODE_ENV'] || 'development' });
  const kafka = createKafka({ clientId: 'fpi-generator', brokers: values.brokers.split(',') });
  let lastDraw = 0;
  const policyView = consumerGroupCaughtUp(kafka, values['enrollment-topic'], values['policy-view-group']);
  const result = await runPlan(plan, {
    urls: { enrollment: values.enrollment, claims: values.claims, reporting: values.reporting },
    tokenFor: (role, region, sub) => mintDevToken(security, { sub, role, region }),
    concurrency: Number(values.concurrency),
    statePath: values.state,
    awaitPolicyView: policyView.wait,
    onProgress: (p) => {
      // A progress bar on stderr, redrawn at most ten times a second.
      if (Date.now() - lastDraw < 100 && p.bucketsDone !== p.bucketsTotal) return;
      lastDraw = Date.now();
      const width = 30;
      const filled = Math.round((p.bucketsDone / p.bucketsTotal) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.bucketsDone}/${p.bucketsTotal} hours  ${p.bucket.slice(0, 13)}h  ${p.commands} commands`);
    },
  });
  await policyView.close();
  process.stderr.write(`\nreplayed ${result.commands} commands in ${result.buckets} hours, ${(result.ms / 1000).toFixed(1)} s\n`);
  writeFileSync(values.out, JSON.stringify({ ...truth, referrerIds: result.state.referrers }, null, 2));
  process.stderr.write(`ground truth written to ${values.out}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`\ngenerate: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
