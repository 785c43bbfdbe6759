import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, CLOCK, JsonLogger, LOGGER, type Clock } from '@fpi/platform';
import { OutboxRelayService } from '../outbox/outbox.module';
import type { RequestContext } from '../request-context';
import { ConcurrentModification, type CommandMeta, type CommandOutcome } from './command';
import type { Tx } from './sql';
import { domainErrorForUniqueViolation } from './unique-violations';

const MAX_ATTEMPTS = 5;

interface StoredKey {
  fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
}

/**
 * Runs one command in one transaction together with its idempotency key and its outbox messages:
 * - the key row is claimed first; a concurrent request with the same key waits on it and then replays;
 * - the answer is stored in the same transaction, so a replay after an ambiguous commit gets it back;
 * - a lost optimistic race is retried from a fresh read when the client did not pin a revision with
 *   If-Match, and answered 412 when it did;
 * - the relay is woken only after commit: nothing is ever published from the request path.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRelayService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async run(meta: CommandMeta, ctx: RequestContext, work: (tx: Tx, now: Date) => Promise<CommandOutcome>): Promise<CommandOutcome & { replayed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.ds.transaction(async (tx) => {
          const now = this.clock.now();
          const claimed: unknown[] = await tx.query(
            `INSERT INTO idempotency_keys (actor_id, idempotency_key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (actor_id, idempotency_key) DO NOTHING RETURNING 1`,
            [ctx.actorId, meta.idempotencyKey, meta.fingerprint, now],
          );
          if (claimed.length === 0) return this.replay(tx, meta, ctx);
          const outcome = await work(tx, now);
          await tx.query(
            `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5 WHERE actor_id = $1 AND idempotency_key = $2`,
            [ctx.actorId, meta.idempotencyKey, outcome.status, outcome.bodyJson ?? JSON.stringify(outcome.body), JSON.stringify(outcome.headers)],
          );
          return { status: outcome.status, body: outcome.body, headers: outcome.headers, replayed: false };
        });
        if (!result.replayed) this.outbox.relay.notify();
        return result;
      } catch (e) {
        if (e instanceof ConcurrentModification) {
          if (meta.expectedRevision !== undefined) {
            throw new ApiError('precondition', 'REQUEST.STALE_REVISION', 'The resource changed while your request was applied; read it again and reapply your change.');
          }
          if (attempt < MAX_ATTEMPTS) {
            this.logger.event('debug', 'optimistic concurrency conflict; retrying from a fresh read', { aggregate: e.aggregate, id: e.id, attempt });
            continue;
          }
          throw new ApiError('conflict', 'REQUEST.CONCURRENT_MODIFICATION', 'The resource is being changed by others; try again.');
        }
        throw domainErrorForUniqueViolation(e) ?? e;
      }
    }
  }

  private async replay(tx: Tx, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    const [stored] = (await tx.query(
      `SELECT fingerprint, status_code, response_body, response_headers FROM idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2`,
      [ctx.actorId, meta.idempotencyKey],
    )) as StoredKey[];
    if (!stored || stored.fingerprint !== meta.fingerprint) {
      throw new ApiError('conflict', 'REQUEST.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
    }
    if (stored.status_code === null || stored.response_body === null) {
      // Cannot happen: the key row and its answer commit together. Kept as a guard rather than an assertion.
      throw new ApiError('conflict', 'REQUEST.IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    return { status: stored.status_code, body: JSON.parse(stored.response_body) as unknown, headers: stored.response_headers ?? {}, replayed: true };
  }
}
