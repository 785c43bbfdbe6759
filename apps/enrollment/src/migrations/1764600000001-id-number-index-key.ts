import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which ID_NUMBER_HMAC_KEY built the ID-number index (a hash of the key), so that a rotated key can re-key it. */
export class IdNumberIndexKey1764600000001 implements MigrationInterface {
  name = 'IdNumberIndexKey1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE id_number_index_key (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  key_id      text NOT NULL,
  changed_at  timestamptz NOT NULL
)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE id_number_index_key');
  }
}
