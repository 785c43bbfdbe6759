import { defaultClaimPolicy, type ClaimPolicy } from '@fpi/claims-domain';
import { parseBackgroundWorkers, type BackgroundWorker, type ClaimsConfig } from '../config';

/** What the claims service's own components read from configuration. */
export interface ClaimsSettings {
  readonly claimEventsTopic: string;
  readonly settlementsTopic: string;
  readonly enrollmentEventsTopic: string;
  readonly policyViewConsumerGroup: string;
  readonly deadlineScanIntervalMs: number;
  readonly relayBatchSize: number;
  /** The service's own database (leases, views); the event store may live elsewhere. */
  readonly databaseUrl: string;
  /** The background workers this instance runs (BACKGROUND_WORKERS). */
  readonly backgroundWorkers: ReadonlySet<BackgroundWorker>;
  /**
   * Whether the claim streams live in this service's own PostgreSQL database (the default), so that a
   * command's answer can be stored in the same statement as its events.
   */
  readonly streamsInServiceDatabase: boolean;
}

export const CLAIMS_SETTINGS = Symbol('CLAIMS_SETTINGS');
/** The programme's claim rules ({@link ClaimPolicy}) the decider runs under. */
export const CLAIM_POLICY = Symbol('CLAIM_POLICY');

export function claimsSettingsOf(config: ClaimsConfig): ClaimsSettings {
  return {
    claimEventsTopic: config.CLAIM_EVENTS_TOPIC,
    settlementsTopic: config.SETTLEMENTS_TOPIC,
    enrollmentEventsTopic: config.ENROLLMENT_EVENTS_TOPIC,
    policyViewConsumerGroup: config.POLICY_VIEW_CONSUMER_GROUP,
    deadlineScanIntervalMs: config.DEADLINE_SCAN_INTERVAL_MS,
    relayBatchSize: config.RELAY_BATCH_SIZE,
    databaseUrl: config.DATABASE_URL,
    backgroundWorkers: parseBackgroundWorkers(config.BACKGROUND_WORKERS) ?? new Set(),
    streamsInServiceDatabase: config.EVENT_STORE === 'postgres' && (config.EVENT_STORE_DATABASE_URL === '' || config.EVENT_STORE_DATABASE_URL === config.DATABASE_URL),
  };
}

/**
 * The domain's default rules with the amounts and targets an operator may tune per programme. Statutory
 * deadlines (Insurance Law Arts. 23-25) are not configurable: they are the law, not a setting.
 */
export function claimPolicyOf(config: ClaimsConfig): ClaimPolicy {
  const smallMedicalBelow = BigInt(config.FAST_TRACK_SMALL_MEDICAL_BELOW_FEN);
  return {
    ...defaultClaimPolicy,
    fourEyesAboveFen: BigInt(config.FOUR_EYES_ABOVE_FEN),
    fastTrack: {
      ...defaultClaimPolicy.fastTrack,
      smallMedical: { enabled: smallMedicalBelow > 0n, claimedBelowFen: smallMedicalBelow },
      targets: { decisionDays: config.FAST_TRACK_DECISION_DAYS, paymentDays: config.FAST_TRACK_PAYMENT_DAYS },
    },
  };
}
/** The claim decider under {@link CLAIM_POLICY}. */
export const CLAIM_DECIDER = Symbol('CLAIM_DECIDER');
