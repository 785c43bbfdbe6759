import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLAIM_STREAM_PREFIX, type ClaimDecider, type ClaimPolicy } from '@fpi/claims-domain';
import { ALL_START, type AllPosition, type EventStore } from '@fpi/event-store';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { LOGGER, pgPoolOf, type JsonLogger } from '@fpi/platform';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { inTransaction } from '../infrastructure/sql';
import { ClaimEventsSignal, type Wakeup } from '../shared/claim-events-signal';
import { CLAIM_DECIDER, CLAIM_POLICY, CLAIMS_SETTINGS, type ClaimsSettings } from '../shared/claims-settings';
import { deadlineRowOf, ledgerRowOf, summaryRowOf, type DeadlineRow, type LedgerRow, type SummaryRow } from './claim-rows';
import { upsertDeadlines, upsertLedgers, upsertSummaries } from './claim-rows.writer';
import { ClaimStreamFolder } from './claim-stream-folder';

const NAME = 'claims.read-models';
const PAGE = 500;
const IDLE_POLL_MS = 250;
const CATEGORY = CLAIM_STREAM_PREFIX.slice(0, -1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Keeps the claim summaries, the deadline schedule and the household medical ledger in step with the claim
 * streams: a catch-up reader over the `claim` category of `$all` that writes a page's effects and its
 * position in one PostgreSQL transaction, so a crash never applies a page twice or skips one. The position
 * row is locked in that transaction: a second instance waits, sees that the position moved, and rereads.
 * Truncating the three tables and the position rebuilds them from the event store.
 */
@Injectable()
export class ClaimProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly folder: ClaimStreamFolder;
  private readonly wakeup: Wakeup;
  /** Where the next read starts; may run ahead of the stored position over pages without claim events. */
  private position: AllPosition | undefined;
  /** The stored position as this instance last read or wrote it. */
  private persisted: AllPosition | undefined;
  private running = false;
  private current?: Promise<number>;
  private loop?: Promise<void>;

  constructor(
    ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLAIM_DECIDER) decider: ClaimDecider,
    @Inject(CLAIM_POLICY) private readonly policy: ClaimPolicy,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    @Inject(CLAIMS_SETTINGS) private readonly settings: ClaimsSettings,
    signal: ClaimEventsSignal,
  ) {
    this.pool = pgPoolOf(ds);
    this.folder = new ClaimStreamFolder(store, decider);
    this.wakeup = signal.listen();
  }

  onApplicationBootstrap(): void {
    if (!this.settings.backgroundWorkers.has('read-models')) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.notify();
    await this.loop;
  }

  /**
   * Projects until a page read after this call finds nothing new (for tests and tools). A page already in
   * flight may have read before the caller's last write, so its answer does not count.
   */
  async catchUp(): Promise<void> {
    await this.current?.catch(() => undefined);
    while ((await this.runOnce()) > 0);
  }

  private async run(): Promise<void> {
    for (let failures = 0; this.running; ) {
      try {
        const handled = await this.runOnce();
        failures = 0;
        if (handled === 0) await this.wakeup.wait(IDLE_POLL_MS);
      } catch (e) {
        failures += 1;
        this.folder.reset();
        this.position = this.persisted = undefined;
        this.logger.event('warn', 'claim projector failed; retrying', { error: (e as Error).message, failures });
        await sleep(Math.min(100 * 2 ** failures, 5_000));
      }
    }
  }

  /** One page: returns how many events it applied (0 when there was nothing new). Pages never overlap. */
  runOnce(): Promise<number> {
    this.current ??= this.page().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async page(): Promise<number> {
    if (this.position === undefined || this.persisted === undefined) this.position = this.persisted = await this.loadPosition();
    const expected = this.persisted;
    const slice = await this.store.readAll({ fromPosition: this.position, maxCount: PAGE, filter: { category: CATEGORY } });
    if (slice.events.length === 0) {
      // Nothing of ours below the horizon: move the cursor, but write nothing (a write per poll would
      // itself move the horizon and keep every reader of the cluster busy).
      this.position = slice.nextPosition;
      return 0;
    }

    // Only the newest row per claim matters (rows carry the revision and only move forwards).
    const summaries = new Map<string, SummaryRow>();
    const deadlines = new Map<string, DeadlineRow>();
    const ledger = new Map<string, LedgerRow>();
    for (const recorded of slice.events) {
      const folded = await this.folder.advance(recorded);
      if (folded === null) {
        this.logger.event('error', 'skipped an event that is not a claim event in a claim stream', { stream: recorded.streamName, type: recorded.type });
        continue;
      }
      const { claimId, state, event } = folded;
      if (state.status === 'empty') continue;
      summaries.set(claimId, summaryRowOf(state, recorded.revision, event.data.at));
      deadlines.set(claimId, deadlineRowOf(state, recorded.revision, this.policy));
      const row = ledgerRowOf(state, recorded.revision);
      if (row) ledger.set(claimId, row);
    }

    const moved = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ position: string }>('SELECT position FROM claims_projection_checkpoints WHERE name = $1 FOR UPDATE', [NAME]);
      const stored = rows[0]?.position ?? ALL_START;
      if (stored !== expected) return stored;
      await upsertSummaries(client, [...summaries.values()]);
      await upsertDeadlines(client, [...deadlines.values()]);
      await upsertLedgers(client, [...ledger.values()]);
      await client.query(
        `INSERT INTO claims_projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
        [NAME, slice.nextPosition],
      );
      return undefined;
    });
    if (moved !== undefined) {
      // Another instance projected this page first: continue from where it got to.
      this.position = this.persisted = moved;
      this.folder.reset();
      return 1;
    }
    this.position = this.persisted = slice.nextPosition;
    return slice.events.length;
  }

  private async loadPosition(): Promise<AllPosition> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM claims_projection_checkpoints WHERE name = $1', [NAME]);
    return rows[0]?.position ?? ALL_START;
  }
}
