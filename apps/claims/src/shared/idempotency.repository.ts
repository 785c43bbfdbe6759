import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { LOGGER, type JsonLogger } from '@fpi/platform';
import { CallFailed, GroupedCalls } from '../infrastructure/grouped-calls';
import { CLAIMS_SETTINGS, type ClaimsSettings } from './claims-settings';

/** A command's answer as it was first given. */
export interface CommandOutcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly replayed?: boolean;
}

export type StoredAnswer = { fingerprint: string; outcome: CommandOutcome };

interface Key {
  readonly actorId: string;
  readonly key: string;
}

interface Answer extends Key {
  readonly fingerprint: string;
  readonly claimId: string;
  readonly outcome: CommandOutcome;
  readonly at: Date;
}

interface Row {
  ord: string;
  fingerprint: string;
  status_code: number;
  response: unknown;
  headers: Record<string, string>;
}

/** Statements in flight per kind, and most keys per statement. */
const GROUPING = { maxInFlight: 2, maxBatch: 256 };

/**
 * Answers of claim commands by (actor, Idempotency-Key).
 *
 * Written with `synchronous_commit = off` on a pool of its own: the record is a convenience (the first
 * answer, byte for byte), not the guarantee. The guarantee is in the claim stream: events carry ids derived
 * from the key and the request hash in their metadata, so a retry whose record was lost in a crash still
 * has exactly one effect and is still refused with another body. Not waiting for the WAL flush here saves
 * one durable commit per command.
 *
 * When the claim streams share this database (the default), a command's answer is stored by the statement
 * that appends its events ({@link guardFor}); this pool then serves the look-ups of repeated requests and
 * the answers of commands that wrote nothing. Otherwise (KurrentDB, streams elsewhere) every command looks
 * its key up and stores its answer here. Either way concurrent look-ups share one statement, and so do
 * concurrent answers ({@link GroupedCalls}); a lone call still runs at once.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly lookups = new GroupedCalls<Key, StoredAnswer | undefined>((keys) => this.findAll(keys), GROUPING);
  private readonly answers = new GroupedCalls<Answer, boolean>((answers) => this.insertAll(answers), GROUPING);

  constructor(@Inject(CLAIMS_SETTINGS) settings: ClaimsSettings, @Inject(LOGGER) logger: JsonLogger) {
    this.pool = new Pool({ connectionString: settings.databaseUrl, max: 4, application_name: 'claims-idempotency', options: '-c synchronous_commit=off' });
    this.pool.on('error', (e) => logger.event('warn', 'idempotency pool client error', { error: e.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  find(actorId: string, key: string): Promise<StoredAnswer | undefined> {
    return this.lookups.call({ actorId, key });
  }

  /**
   * Stores the answer unless one is already stored (two requests with one key raced); returns what is
   * stored, which the caller compares with its own fingerprint.
   */
  async save(actorId: string, key: string, fingerprint: string, claimId: string, outcome: CommandOutcome, at: Date): Promise<StoredAnswer> {
    const stored = await this.answers.call({ actorId, key, fingerprint, claimId, outcome, at });
    if (stored) return { fingerprint, outcome };
    return (await this.find(actorId, key)) as StoredAnswer;
  }

  /**
   * The statement that stores an answer if its key is free, as a guard of the append of the command's
   * events ({@link PostgresEventStore.appendToStreamGuarded}): the answer is then stored exactly when the
   * events are, in the same transaction (durable, unlike {@link save}), and a taken key appends nothing.
   */
  guardFor(actorId: string, key: string, fingerprint: string, claimId: string, outcome: CommandOutcome, at: Date): { text: string; values: unknown[] } {
    return {
      text: `INSERT INTO claims_idempotency (actor_id, idempotency_key, fingerprint, claim_id, status_code, response, headers, created_at)
             VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8) ON CONFLICT (actor_id, idempotency_key) DO NOTHING RETURNING 1`,
      values: [actorId, key, fingerprint, claimId, outcome.status, JSON.stringify(outcome.body), JSON.stringify(outcome.headers), at],
    };
  }

  private async findAll(keys: readonly Key[]): Promise<(StoredAnswer | undefined)[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT k.ord::text AS ord, c.fingerprint, c.status_code, c.response, c.headers
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(actor_id, idempotency_key, ord)
       JOIN claims_idempotency c ON c.actor_id = k.actor_id AND c.idempotency_key = k.idempotency_key`,
      [keys.map((k) => k.actorId), keys.map((k) => k.key)],
    );
    const found = new Map(rows.map((r) => [Number(r.ord) - 1, { fingerprint: r.fingerprint, outcome: { status: r.status_code, body: r.response, headers: r.headers } }]));
    return keys.map((_, i) => found.get(i));
  }

  /** Inserts the answers whose key is free; true for each one this statement stored. */
  private async insertAll(answers: readonly Answer[]): Promise<(boolean | CallFailed)[]> {
    try {
      const { rows } = await this.pool.query<{ actor_id: string; idempotency_key: string; fingerprint: string }>(
        `INSERT INTO claims_idempotency (actor_id, idempotency_key, fingerprint, claim_id, status_code, response, headers, created_at)
         SELECT a.actor_id, a.idempotency_key, a.fingerprint, a.claim_id, a.status_code, a.response, a.headers, a.created_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::json[], $7::json[], $8::timestamptz[])
           AS a(actor_id, idempotency_key, fingerprint, claim_id, status_code, response, headers, created_at)
         ON CONFLICT (actor_id, idempotency_key) DO NOTHING
         RETURNING actor_id, idempotency_key, fingerprint`,
        [
          answers.map((a) => a.actorId), answers.map((a) => a.key), answers.map((a) => a.fingerprint), answers.map((a) => a.claimId),
          answers.map((a) => a.outcome.status), answers.map((a) => JSON.stringify(a.outcome.body)), answers.map((a) => JSON.stringify(a.outcome.headers)),
          answers.map((a) => a.at),
        ],
      );
      // Two answers for one key in one statement: the row stored is one of them; the one whose request it
      // is (same fingerprint) counts as stored, the other reads the stored answer back like any late comer.
      const stored = new Set(rows.map((r) => `${r.actor_id}\n${r.idempotency_key}\n${r.fingerprint}`));
      return answers.map((a) => stored.has(`${a.actorId}\n${a.key}\n${a.fingerprint}`));
    } catch (error) {
      if (answers.length === 1) return [new CallFailed(error)];
      // One answer that cannot be stored must not fail the others: store each alone.
      return Promise.all(answers.map(async (a) => (await this.insertAll([a]))[0] as boolean | CallFailed));
    }
  }
}
