import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per claim event: the supervisors' audit timeline. Keyed by (claim, revision), so a replayed event
 * inserts nothing. Reports read it by event type over a period and by period alone (step durations,
 * exports); region comes from `queue_claims`, the claim's current region.
 */
export class TimelineReadModel1764700000001 implements MigrationInterface {
  name = 'TimelineReadModel1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeline_entries (
        claim_id       text NOT NULL,
        revision       bigint NOT NULL,
        event_type     text NOT NULL,
        at             timestamptz NOT NULL,
        actor_id       text NOT NULL,
        actor_role     text NOT NULL,
        step_ms        bigint NULL,
        deadline_state text NOT NULL,
        deadline_kind  text NULL,
        due_at         timestamptz NULL,
        reason_codes   text[] NOT NULL,
        flags          text[] NOT NULL,
        fast_track     boolean NOT NULL,
        status_after   text NOT NULL,
        cycle          integer NOT NULL,
        amount_fen     bigint NULL,
        detail         jsonb NOT NULL,
        PRIMARY KEY (claim_id, revision)
      )`);
    await q.query('CREATE INDEX timeline_entries_type_at ON timeline_entries (event_type, at)');
    await q.query('CREATE INDEX timeline_entries_at ON timeline_entries (at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE timeline_entries');
  }
}
