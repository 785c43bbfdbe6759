import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { claimStreamName, dueDeadlines, type ClaimDecider, type ClaimPolicy } from '@fpi/claims-domain';
import { loadState, type EventStore } from '@fpi/event-store';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CLOCK, LOGGER, pgPoolOf, type Clock, type JsonLogger } from '@fpi/platform';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { claimEventCodec } from '../shared/claim-codec';
import { ClaimCommandService } from '../shared/claim-command.service';
import { CLAIM_DECIDER, CLAIM_POLICY, CLAIMS_SETTINGS, type ClaimsSettings } from '../shared/claims-settings';

/** The actor of the breaches this scheduler records. */
export const DEADLINE_SCHEDULER_ACTOR = 'system:deadline-scheduler';
const BATCH = 200;

/**
 * Records missed statutory and fast-track deadlines even when nobody touches the claim. It scans
 * `claim_deadlines` (kept by the projector: the earliest deadline of each claim not yet recorded as
 * breached) by due time, folds each due claim and records `RecordDeadlineBreach` with the key
 * `deadline:<claim>:<deadline>:<cycle>`. The key makes the events' ids deterministic, so two schedulers, a
 * restart mid-scan or a projection that has not caught up yet all end in the same single event.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pool: Pool;
  private timer?: NodeJS.Timeout;
  private current?: Promise<number>;
  private stopped = false;

  constructor(
    ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLAIM_DECIDER) private readonly decider: ClaimDecider,
    @Inject(CLAIM_POLICY) private readonly policy: ClaimPolicy,
    @Inject(CLAIMS_SETTINGS) private readonly settings: ClaimsSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    private readonly commands: ClaimCommandService,
  ) {
    this.pool = pgPoolOf(ds);
  }

  onApplicationBootstrap(): void {
    if (this.settings.deadlineScanIntervalMs > 0 && this.settings.backgroundWorkers.has('deadlines')) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** One scan; returns the number of breaches recorded. Scans never overlap. */
  runOnce(): Promise<number> {
    this.current ??= this.scan().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((e: unknown) => this.logger.event('warn', 'deadline scan failed; retrying at the next interval', { error: (e as Error).message }))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.settings.deadlineScanIntervalMs);
    this.timer.unref();
  }

  private async scan(): Promise<number> {
    const now = this.clock.now();
    let recorded = 0;
    // Keyset over (due_at, claim_id): rows stay due until the projector has seen the breach, so an
    // offset-free cursor is what keeps one scan from visiting a claim twice.
    let after: { dueAt: Date; claimId: string } = { dueAt: new Date(0), claimId: '' };
    for (;;) {
      const { rows } = await this.pool.query<{ claim_id: string; due_at: Date }>(
        `SELECT claim_id, due_at FROM claim_deadlines
          WHERE due_at <= $1 AND (due_at, claim_id) > ($2::timestamptz, $3) ORDER BY due_at, claim_id LIMIT $4`,
        [now, after.dueAt, after.claimId, BATCH],
      );
      for (const { claim_id: claimId } of rows) {
        try {
          recorded += await this.recordDue(claimId, now);
        } catch (e) {
          // One claim's failure (a concurrent writer won every retry) must not stop the others.
          this.logger.event('warn', 'could not record a deadline breach; retrying at the next scan', { claimId, error: (e as Error).message });
        }
      }
      const last = rows[rows.length - 1];
      if (rows.length < BATCH || !last) return recorded;
      after = { dueAt: last.due_at, claimId: last.claim_id };
    }
  }

  private async recordDue(claimId: string, now: Date): Promise<number> {
    const { state } = await loadState(this.store, claimStreamName(claimId), this.decider, claimEventCodec);
    let recorded = 0;
    for (const due of dueDeadlines(state, now, this.policy.deadlines)) {
      const key = `deadline:${claimId}:${due.deadline}:${due.cycle}`;
      recorded += await this.commands.system(claimId, key, { type: 'RecordDeadlineBreach', data: { deadline: due.deadline } }, DEADLINE_SCHEDULER_ACTOR);
    }
    return recorded;
  }
}
