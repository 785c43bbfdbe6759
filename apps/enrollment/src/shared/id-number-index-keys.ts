import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { inTransaction, LOGGER, pgPoolOf, type JsonLogger } from '@fpi/platform';
import { IdNumberHasher } from './id-number-hasher';

/** The keys ID_NUMBER_HMAC_PREVIOUS_KEYS names, as hashers. */
export const PREVIOUS_ID_NUMBER_HASHERS = Symbol('PREVIOUS_ID_NUMBER_HASHERS');

const REKEY_BATCH = 5_000;

/**
 * Keeps the ID-number index (every `id_number_hash`) built with the current ID_NUMBER_HMAC_KEY.
 *
 * The index records which key built it (`id_number_index_key`, a hash of the key, not the key). At start,
 * before the service takes requests, an index built with one of ID_NUMBER_HMAC_PREVIOUS_KEYS is re-keyed
 * from the stored numbers, in one transaction, so that no search or duplicate check ever mixes two keys;
 * an index built with a key that is configured nowhere stops the start with a message saying so. Instances
 * starting together serialise on a lock; the second finds the work done.
 *
 * Rotating a key: set the new ID_NUMBER_HMAC_KEY and the old one in ID_NUMBER_HMAC_PREVIOUS_KEYS, restart,
 * then remove the old key.
 */
@Injectable()
export class IdNumberIndexKeys implements OnModuleInit {
  private readonly pool: Pool;

  constructor(
    ds: DataSource,
    @Inject(IdNumberHasher) private readonly current: IdNumberHasher,
    @Inject(PREVIOUS_ID_NUMBER_HASHERS) private readonly previous: readonly IdNumberHasher[],
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {
    this.pool = pgPoolOf(ds);
  }

  async onModuleInit(): Promise<void> {
    const rekeyed = await this.ensureCurrent();
    if (rekeyed > 0) this.logger.event('info', 'ID-number index re-keyed to the current key', { members: rekeyed, keyId: this.current.keyId });
  }

  /** Re-keys the index if another configured key built it; returns how many members were re-keyed. */
  async ensureCurrent(): Promise<number> {
    return inTransaction(this.pool, async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended('fpi.enrollment.id-number-index-key', 0))`);
      const { rows } = await c.query<{ key_id: string }>('SELECT key_id FROM id_number_index_key');
      const stored = rows[0]?.key_id;
      if (stored === this.current.keyId) return 0;
      const builtWith = stored === undefined ? await this.detect(c) : [this.current, ...this.previous].find((h) => h.keyId === stored);
      if (builtWith === undefined) {
        throw new Error(
          `the ID-number index was built with a key (id ${stored ?? 'unknown'}) that is neither ID_NUMBER_HMAC_KEY nor in ID_NUMBER_HMAC_PREVIOUS_KEYS; configure that key as a previous key so the index can be re-keyed`,
        );
      }
      const rekeyed = builtWith === this.current ? 0 : await this.rekey(c);
      await c.query(
        `INSERT INTO id_number_index_key (id, key_id, changed_at) VALUES (true, $1, now()) ON CONFLICT (id) DO UPDATE SET key_id = EXCLUDED.key_id, changed_at = EXCLUDED.changed_at`,
        [this.current.keyId],
      );
      return rekeyed;
    });
  }

  /** An index from before the key was recorded: the key that hashes a stored member's number to its hash (any, when empty). */
  private async detect(c: PoolClient): Promise<IdNumberHasher | undefined> {
    const { rows } = await c.query<{ id_number: string; id_number_hash: string }>('SELECT id_number, id_number_hash FROM household_members LIMIT 1');
    const sample = rows[0];
    if (sample === undefined) return this.current;
    return [this.current, ...this.previous].find((h) => h.hash(sample.id_number) === sample.id_number_hash);
  }

  /** Every member's hash from the stored number with the current key, then the copies of it (heads, insured members). */
  private async rekey(c: PoolClient): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const { rows } = await c.query<{ id: string; id_number: string }>('SELECT id, id_number FROM household_members WHERE id > $1 ORDER BY id LIMIT $2', [after, REKEY_BATCH]);
      const last = rows[rows.length - 1];
      if (last === undefined) break;
      await c.query(
        `UPDATE household_members m SET id_number_hash = u.h FROM unnest($1::uuid[], $2::text[]) AS u(id, h) WHERE m.id = u.id`,
        [rows.map((r) => r.id), rows.map((r) => this.current.hash(r.id_number))],
      );
      total += rows.length;
      after = last.id;
    }
    await c.query(`UPDATE households h SET head_id_number_hash = m.id_number_hash FROM household_members m WHERE m.household_id = h.id AND m.relationship = 'HEAD'`);
    await c.query(`UPDATE policy_members pm SET id_number_hash = m.id_number_hash FROM household_members m WHERE m.id = pm.member_id`);
    return total;
  }
}
