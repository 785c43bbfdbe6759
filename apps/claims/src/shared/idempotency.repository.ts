import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { LOGGER, type JsonLogger } from '@fpi/platform';
import { CLAIMS_SETTINGS, type ClaimsSettings } from './claims-settings';

/** A command's answer as it was first given. */
export interface CommandOutcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly replayed?: boolean;
}

interface Row {
  fingerprint: string;
  status_code: number;
  response: unknown;
  headers: Record<string, string>;
}

export type StoredAnswer = { fingerprint: string; outcome: CommandOutcome };

/**
 * Answers of claim commands by (actor, Idempotency-Key).
 *
 * Written with `synchronous_commit = off` on a pool of its own: the record is a convenience (the first
 * answer, byte for byte), not the guarantee. The guarantee is in the claim stream: events carry ids derived
 * from the key and the request hash in their metadata, so a retry whose record was lost in a crash still
 * has exactly one effect and is still refused with another body. Not waiting for the WAL flush here saves
 * one durable commit per command.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(CLAIMS_SETTINGS) settings: ClaimsSettings, @Inject(LOGGER) logger: JsonLogger) {
    this.pool = new Pool({ connectionString: settings.databaseUrl, max: 6, application_name: 'claims-idempotency', options: '-c synchronous_commit=off' });
    this.pool.on('error', (e) => logger.event('warn', 'idempotency pool client error', { error: e.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  async find(actorId: string, key: string): Promise<StoredAnswer | undefined> {
    const { rows } = await this.pool.query<Row>(
      'SELECT fingerprint, status_code, response, headers FROM claims_idempotency WHERE actor_id = $1 AND idempotency_key = $2',
      [actorId, key],
    );
    const row = rows[0];
    return row && { fingerprint: row.fingerprint, outcome: { status: row.status_code, body: row.response, headers: row.headers } };
  }

  /**
   * Stores the answer unless one is already stored (two requests with one key raced); returns what is
   * stored, which the caller compares with its own fingerprint.
   */
  async save(actorId: string, key: string, fingerprint: string, claimId: string, outcome: CommandOutcome, now: Date): Promise<StoredAnswer> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO claims_idempotency (actor_id, idempotency_key, fingerprint, claim_id, status_code, response, headers, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) ON CONFLICT (actor_id, idempotency_key) DO NOTHING`,
      [actorId, key, fingerprint, claimId, outcome.status, JSON.stringify(outcome.body), JSON.stringify(outcome.headers), now],
    );
    if (rowCount === 1) return { fingerprint, outcome };
    return (await this.find(actorId, key)) as StoredAnswer;
  }
}
