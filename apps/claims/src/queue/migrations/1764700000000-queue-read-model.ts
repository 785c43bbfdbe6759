import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claims read models' working state and the fast-track queue.
 *
 * - `queue_claim_states`: what the projection remembers per claim (the folded state without personal data,
 *   the applied revision); wide, touched only by the projection writer.
 * - `queue_claims`: one narrow row per claim, derived from the state, plus the work assignment (a lease).
 *   The lease columns are the only ones not derived from events; a rebuild keeps them (see the writer).
 * - `queue_projection_checkpoints`: the subscription's position, written in the same transaction as the rows.
 *
 * Indexes follow the queries: a county's queue in order, every region's queue in order (admins, cities),
 * the unassigned part of a county's queue (next-claim skips held claims without visiting them), and the few
 * rows that carry a lease, by expiry (expired leases, my claims).
 */
export class QueueReadModel1764700000000 implements MigrationInterface {
  name = 'QueueReadModel1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue_claim_states (
        claim_id        text PRIMARY KEY,
        revision        bigint NOT NULL,
        state           jsonb NOT NULL,
        last_event_at   timestamptz NOT NULL,
        last_step_at    timestamptz NOT NULL,
        last_actor_id   text NOT NULL,
        last_actor_role text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE queue_claims (
        claim_id           text PRIMARY KEY,
        revision           bigint NOT NULL,
        status             text NOT NULL,
        action             text NULL,
        fast_track         boolean NOT NULL,
        fast_track_reasons text[] NOT NULL,
        benefits           text[] NOT NULL,
        region_code        text NOT NULL,
        city_code          text NOT NULL,
        county_code        text NOT NULL,
        township_code      text NULL,
        village_code       text NULL,
        deadline_kind      text NULL,
        deadline_cycle     integer NULL,
        due_at             timestamptz NULL,
        deadline_paused    boolean NOT NULL,
        remaining_ms       bigint NULL,
        queue_rank         bigint NOT NULL,
        cycle              integer NOT NULL,
        reported_at        timestamptz NOT NULL,
        last_event_at      timestamptz NOT NULL,
        last_step_at       timestamptz NOT NULL,
        last_actor_id      text NOT NULL,
        last_actor_role    text NOT NULL,
        assessed_by        text NULL,
        claimed_fen        bigint NULL,
        assessed_fen       bigint NULL,
        approved_fen       bigint NULL,
        paid_fen           bigint NOT NULL,
        breach_count       integer NOT NULL,
        reopen_count       integer NOT NULL,
        assignee           text NULL,
        lease_expires_at   timestamptz NULL,
        lease_taken_at     timestamptz NULL,
        CONSTRAINT queue_claims_lease_complete CHECK ((assignee IS NULL) = (lease_expires_at IS NULL) AND (assignee IS NULL) = (lease_taken_at IS NULL))
      ) WITH (fillfactor = 90)`);
    await q.query(`CREATE INDEX queue_claims_county_order ON queue_claims (county_code, queue_rank, claim_id) WHERE action IS NOT NULL`);
    await q.query(`CREATE INDEX queue_claims_order ON queue_claims (queue_rank, claim_id) WHERE action IS NOT NULL`);
    await q.query(`CREATE INDEX queue_claims_county_unassigned ON queue_claims (county_code, queue_rank, claim_id) WHERE action IS NOT NULL AND assignee IS NULL`);
    // Only held claims: next-claim's probe for expired leases is a range scan of it, and "my claims" a short scan.
    await q.query(`CREATE INDEX queue_claims_leases ON queue_claims (lease_expires_at) WHERE assignee IS NOT NULL`);
    await q.query(`
      CREATE TABLE queue_projection_checkpoints (
        projection     text PRIMARY KEY,
        position       text NULL,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE queue_projection_checkpoints');
    await q.query('DROP TABLE queue_claims');
    await q.query('DROP TABLE queue_claim_states');
  }
}
