import type { Pool } from 'pg';
import { env } from '../config/config-schema';
import type { Clock } from '../clock/clock';
import type { JsonLogger } from '../logging/json-logger';

/** The retention of stored command answers (Idempotency-Key records), for services that keep them. */
export const idempotencyConfigSchema = {
  IDEMPOTENCY_RETENTION_HOURS: env.int('how long the answer to a command is kept for a retry with the same Idempotency-Key (0 keeps answers for ever)', {
    min: 0,
    max: 87_600,
    default: 168,
  }),
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const HOUR_MS = 3_600_000;

/** Rows of one table that expire with age. */
export interface RetentionPolicy {
  /** The table (a constant of the service, never input). */
  readonly table: string;
  /** The timestamptz column a row's age is measured from; should be indexed. */
  readonly column: string;
  /** Rows older than this are deleted; 0 keeps them for ever. */
  readonly retentionMs: number;
  /** How often to look; an hour by default. */
  readonly intervalMs?: number;
  /** Rows per DELETE (each its own short transaction); 5,000 by default. */
  readonly batchSize?: number;
}

/**
 * Deletes expired rows in the background: on start, then every `intervalMs`, in batches so that no
 * statement holds locks or bloats the WAL for long. The cutoff comes from the injected clock. Several
 * instances may sweep at once: each DELETE takes only rows still there, so they never conflict.
 */
export class RetentionSweeper {
  private timer?: NodeJS.Timeout;
  private current?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly policy: RetentionPolicy,
  ) {
    if (!IDENTIFIER.test(policy.table) || !IDENTIFIER.test(policy.column)) throw new Error(`not a plain SQL identifier: ${policy.table}.${policy.column}`);
  }

  start(): void {
    if (this.policy.retentionMs <= 0) return;
    this.schedule(0);
  }

  /** Nest lifecycle (when provided as a provider): sweeps while the application runs. */
  onApplicationBootstrap(): void {
    this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** Deletes every row older than the retention; returns how many. Sweeps never overlap. */
  sweepOnce(): Promise<number> {
    this.current ??= this.sweep().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.sweepOnce()
        .then(
          (deleted) => {
            if (deleted > 0) this.logger.event('info', 'expired rows deleted', { table: this.policy.table, deleted });
          },
          (e: unknown) => this.logger.event('warn', 'retention sweep failed; trying again at the next interval', { table: this.policy.table, error: (e as Error).message }),
        )
        .finally(() => this.schedule(this.policy.intervalMs ?? HOUR_MS));
    }, delayMs);
    this.timer.unref();
  }

  private async sweep(): Promise<number> {
    if (this.policy.retentionMs <= 0) return 0;
    const cutoff = new Date(this.clock.now().getTime() - this.policy.retentionMs);
    const batch = this.policy.batchSize ?? 5_000;
    const { table, column } = this.policy;
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT $2))`,
        [cutoff, batch],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < batch || this.stopped) return deleted;
    }
  }
}

/** Hours (IDEMPOTENCY_RETENTION_HOURS) as milliseconds. */
export const hoursToMs = (hours: number): number => hours * HOUR_MS;
