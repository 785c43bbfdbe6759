import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { chinaDateOf } from '@fpi/enrollment-domain';
import { CLOCK, JsonLogger, LOGGER, type Clock } from '@fpi/platform';
import { OutboxRelayService } from '../../outbox/outbox.module';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import type { Tx } from '../../shared/sql';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from '../../shared/tokens';
import { PolicyTransitions } from '../policy-transitions';

export class LifecycleSweepResponse {
  @ApiProperty({ description: 'Policies that came into force' }) inForce!: number;
  @ApiProperty({ description: 'Policies whose cover ended' }) expired!: number;
  @ApiProperty({ description: 'True when more policies are due than one sweep handles; sweep again' }) more!: boolean;
}

const BATCH = 500;

/**
 * Moves issued policies into force on their cover start date and expires them after their cover end date
 * (China calendar). Rows another transaction holds are skipped, not waited for: the next sweep takes them.
 */
@Injectable()
export class AdvancePolicyLifecycleHandler {
  constructor(private readonly runner: CommandRunner, private readonly transitions: PolicyTransitions) {}

  execute(meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => ({ status: 200, body: await this.sweep(tx, now, ctx.actorId), headers: {} }));
  }

  async sweep(tx: Tx, now: Date, actor: string): Promise<LifecycleSweepResponse> {
    const today = chinaDateOf(now);
    const ending = (await tx.query(
      `SELECT id FROM policies WHERE status IN ('ISSUED', 'DELIVERED', 'IN_FORCE') AND cover_ends_on < $1::date ORDER BY cover_ends_on, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today, BATCH + 1],
    )) as { id: string }[];
    for (const { id } of ending.slice(0, BATCH)) await this.transitions.apply(tx, id, { type: 'ExpirePolicy' }, { now, actor });
    const starting = (await tx.query(
      `SELECT id FROM policies WHERE status IN ('ISSUED', 'DELIVERED') AND cover_starts_on <= $1::date AND cover_ends_on >= $1::date ORDER BY cover_starts_on, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today, BATCH + 1],
    )) as { id: string }[];
    for (const { id } of starting.slice(0, BATCH)) await this.transitions.apply(tx, id, { type: 'PutPolicyInForce' }, { now, actor });
    return { inForce: Math.min(starting.length, BATCH), expired: Math.min(ending.length, BATCH), more: starting.length > BATCH || ending.length > BATCH };
  }
}

/** Runs the sweep on a timer (LIFECYCLE_SWEEP_INTERVAL_MS); instances may overlap safely, each row moves once. */
@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly ds: DataSource,
    private readonly handler: AdvancePolicyLifecycleHandler,
    private readonly outbox: OutboxRelayService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    @Inject(ENROLLMENT_SETTINGS) private readonly settings: EnrollmentSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.lifecycleSweepIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.runOnce().finally(() => (this.running = undefined));
    }, this.settings.lifecycleSweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<void> {
    try {
      for (;;) {
        const result = await this.ds.transaction((tx) => this.handler.sweep(tx, this.clock.now(), 'system'));
        if (result.inForce + result.expired > 0) {
          this.outbox.relay.notify();
          this.logger.event('info', 'policy lifecycle sweep', { ...result });
        }
        if (!result.more) return;
      }
    } catch (e) {
      this.logger.event('warn', 'policy lifecycle sweep failed; will retry on the next tick', { error: (e as Error).message });
    }
  }
}
