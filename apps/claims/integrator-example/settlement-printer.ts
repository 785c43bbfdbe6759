/**
 * Example integrator: prints the settlements the claims service publishes.
 *
 * What an integrator (the insurer's payment or core system, the association's platform) must do with the
 * settlement topic, in the smallest program that does it:
 *   1. subscribe to `fpi.claims.settlements.v1` (messages keyed by claim id, so one claim's events arrive in order);
 *   2. validate each message against the published JSON Schema (`validateSettlementEventV1`) and set aside
 *      what does not validate instead of guessing;
 *   3. de-duplicate by the CloudEvents id (`ce_id` header, equal to the body's `eventId`): delivery is
 *      at-least-once, so the same settlement can arrive twice after a relay or consumer restart;
 *   4. act on it; here: print it, with personal data masked (the contract carries only the masked ID
 *      number, and the schema check refuses anything else).
 * A real integrator records the id together with its effect in one database transaction; this example
 * keeps the ids in memory, which de-duplicates within one run.
 *
 * Run it against a broker (Ctrl-C stops it):
 *   node -r @swc-node/register apps/claims/integrator-example/settlement-printer.ts \
 *     [--brokers=127.0.0.1:9092] [--topic=fpi.claims.settlements.v1] [--group=example-printer] [--from-beginning] [--json]
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Headers, Topics, validateSettlementEventV1, type SettlementEventV1 } from '@fpi/contracts';

/** One settlement as the example received it. */
export interface ReceivedSettlement {
  readonly ceId: string;
  readonly event: SettlementEventV1;
  readonly partition: number;
  readonly offset: string;
  /** Wall-clock time of receipt, epoch ms (for latency measurements). */
  readonly receivedAt: number;
}

export interface SettlementPrinterOptions {
  readonly brokers: readonly string[];
  readonly topic?: string;
  /** Consumer group; a fresh random one by default (reads the topic as a new integrator would). */
  readonly groupId?: string;
  /** Read from the start of the topic when the group has no committed offset (default true). */
  readonly fromBeginning?: boolean;
  /** Where lines go (default: stdout). */
  readonly print?: (line: string) => void;
  /** Lines as JSON (one object per settlement) instead of text. */
  readonly json?: boolean;
}

export interface SettlementPrinter {
  /** Each distinct settlement once, in arrival order. */
  readonly received: readonly ReceivedSettlement[];
  /** Deliveries dropped because their `ce_id` was already seen. */
  readonly duplicates: number;
  /** Messages that failed the schema (printed as a warning, never acted on). */
  readonly invalid: number;
  stop(): Promise<void>;
}

const yuan = (fen: string | null | undefined): string => {
  if (fen === null || fen === undefined) return '-';
  const n = BigInt(fen);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

/** One human-readable line per settlement. */
export function describeSettlement(e: SettlementEventV1): string {
  const head = `${e.occurredAt} ${e.type} claim=${e.claimId} policy=${e.policyNumber ?? '-'} claimant=${e.claimant.idNumberMasked} region=${e.regionCode}`;
  switch (e.type) {
    case 'ClaimSettled':
      return `${head} paid=${yuan(e.payment?.amountFen)} total=${yuan(e.amounts.paidFen)}/${yuan(e.amounts.approvedFen)} fully=${e.fullyPaid} ref=${e.payment?.paymentReference ?? '-'}`;
    case 'ClaimPaymentReversed':
      return `${head} reversed=${yuan(e.reversal.amountFen)} reason=${e.reversal.reasonCode} ref=${e.reversal.paymentReference}`;
    case 'ClaimFinallyRejected':
      return `${head} rejected=${e.rejection.reasonCode} stage=${e.rejection.stage}`;
    default:
      return head;
  }
}

/** Subscribes and prints until `stop()`. Resolves once the consumer is running. */
export async function startSettlementPrinter(opts: SettlementPrinterOptions): Promise<SettlementPrinter> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const kafka = new Kafka({ clientId: 'settlement-printer', brokers: [...opts.brokers], logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: opts.groupId ?? `settlement-printer-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen = new Set<string>();
  const received: ReceivedSettlement[] = [];
  const state = { duplicates: 0, invalid: 0 };

  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic ?? Topics.settlements, fromBeginning: opts.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const receivedAt = Date.now();
      const ceId = message.headers?.[Headers.id]?.toString() ?? '';
      let value: unknown;
      try {
        value = JSON.parse(message.value?.toString('utf8') ?? '');
      } catch {
        value = undefined;
      }
      const check = validateSettlementEventV1(value);
      if (!check.valid || ceId === '') {
        state.invalid += 1;
        print(`WARN skipped an invalid settlement at ${partition}/${message.offset}: ${(check.valid ? ['no ce_id header'] : check.errors).slice(0, 3).join('; ')}`);
        return;
      }
      if (seen.has(ceId)) {
        state.duplicates += 1;
        return;
      }
      seen.add(ceId);
      const event = value as SettlementEventV1;
      received.push({ ceId, event, partition, offset: message.offset, receivedAt });
      // The validated contract carries no names, phones or full ID numbers (only `idNumberMasked`), so the
      // line is masked by construction.
      print(opts.json ? JSON.stringify({ ceId, receivedAt, type: event.type, claimId: event.claimId }) : describeSettlement(event));
    },
  });

  return {
    received,
    get duplicates() {
      return state.duplicates;
    },
    get invalid() {
      return state.invalid;
    },
    stop: () => consumer.disconnect(),
  };
}

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

if (require.main === module) {
  void (async () => {
    const printer = await startSettlementPrinter({
      brokers: (arg('brokers') ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
      topic: arg('topic') ?? Topics.settlements,
      groupId: arg('group') ?? 'example-settlement-printer',
      fromBeginning: process.argv.includes('--from-beginning'),
      json: process.argv.includes('--json'),
    });
    const stop = () => void printer.stop().finally(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((e: unknown) => {
    process.stderr.write(`settlement-printer: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
