import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Diagnostics1764300000000 implements MigrationInterface {
  name = 'Diagnostics1764300000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE diagnostic_probes_received (
        probe_id    uuid PRIMARY KEY,
        sent_by     text NOT NULL,
        sent_at     timestamptz NOT NULL,
        topic       text NOT NULL,
        partition   int NOT NULL,
        "offset"    bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE diagnostic_probes_received');
  }
}
