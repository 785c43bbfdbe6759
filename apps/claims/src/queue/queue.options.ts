/** Settings of the queue and its projection; override the `QUEUE_OPTIONS` provider to change them. */
export interface QueueOptions {
  /** How long a taken claim stays with its handler unless renewed. */
  readonly leaseMs: number;
  /** Longest lease a supervisor may give when reassigning. */
  readonly maxLeaseMs: number;
  /** Default "due soon" window of queue filters and counts, in hours. */
  readonly dueSoonHours: number;
  readonly projection: {
    /** Start the catch-up subscription with the application (off only in tests that drive the writer). */
    readonly enabled: boolean;
    /** Names the subscription and keys its checkpoint; a new name means a projection built from scratch. */
    readonly subscriptionId: string;
    /** Events per read; each page is written in one transaction. */
    readonly batchSize: number;
  };
}

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  leaseMs: 30 * 60_000,
  maxLeaseMs: 8 * 3_600_000,
  dueSoonHours: 24,
  projection: { enabled: true, subscriptionId: 'claims-read-models-v1', batchSize: 500 },
};
