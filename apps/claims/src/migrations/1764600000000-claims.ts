import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claims service's own PostgreSQL tables. Claim state itself lives in the event store (`claim-<id>`
 * streams, possibly on KurrentDB); everything here is either a view rebuilt from events (policy view from
 * enrollment's topic, claim summaries, deadlines and the medical ledger from the claim streams) or the
 * idempotency record of commands. Money is bigint fen.
 */
export class Claims1764600000000 implements MigrationInterface {
  name = 'Claims1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE claims_policy_view (
  policy_id               text PRIMARY KEY,
  household_id            text NOT NULL,
  programme_year          integer NOT NULL,
  policy_number           text,
  status                  text NOT NULL,
  revision                integer NOT NULL,
  cover_start             timestamptz NOT NULL,
  cover_end               timestamptz NOT NULL,
  cancelled_at            timestamptz,
  region_code             text NOT NULL,
  village_code            text,
  vulnerable              boolean NOT NULL,
  channel                 text NOT NULL,
  sum_insured_fen         bigint NOT NULL CHECK (sum_insured_fen >= 0),
  medical_limit_fen       bigint NOT NULL CHECK (medical_limit_fen >= 0),
  medical_deductible_fen  bigint NOT NULL CHECK (medical_deductible_fen >= 0),
  medical_ratio_bp        integer NOT NULL CHECK (medical_ratio_bp BETWEEN 0 AND 10000),
  allowance_daily_fen     bigint NOT NULL CHECK (allowance_daily_fen >= 0),
  allowance_cap_fen       bigint NOT NULL CHECK (allowance_cap_fen >= 0),
  last_event_id           text NOT NULL,
  updated_at              timestamptz NOT NULL
);
CREATE INDEX claims_policy_view_household_idx ON claims_policy_view (household_id, cover_start);

CREATE TABLE claims_policy_members (
  policy_id         text NOT NULL REFERENCES claims_policy_view (policy_id) ON DELETE CASCADE,
  member_id         text NOT NULL,
  id_number_masked  text NOT NULL,
  share_fen         bigint NOT NULL,
  PRIMARY KEY (policy_id, member_id)
);

-- Enrollment events already applied (at-least-once delivery): the event id is the de-duplication key.
CREATE TABLE claims_enrollment_inbox (
  event_id     text PRIMARY KEY,
  event_type   text NOT NULL,
  aggregate_id text NOT NULL,
  revision     integer NOT NULL,
  topic        text NOT NULL,
  partition    integer NOT NULL,
  "offset"     text NOT NULL,
  applied_at   timestamptz NOT NULL
);

-- Medical amounts committed on each claim (assessed, then approved), per policy (= household and
-- programme year): the shared household limit minus the other claims' rows is what is left.
CREATE TABLE claims_medical_ledger (
  claim_id       text PRIMARY KEY,
  policy_id      text NOT NULL,
  household_id   text NOT NULL,
  committed_fen  bigint NOT NULL CHECK (committed_fen >= 0),
  revision       bigint NOT NULL
);
CREATE INDEX claims_medical_ledger_policy_idx ON claims_medical_ledger (policy_id);

CREATE TABLE claims_summaries (
  claim_id      text PRIMARY KEY,
  region_code   text NOT NULL,
  household_id  text NOT NULL,
  policy_id     text,
  status        text NOT NULL,
  benefits      text[] NOT NULL,
  claimed_fen   bigint,
  assessed_fen  bigint,
  approved_fen  bigint,
  paid_fen      bigint NOT NULL,
  fast_track    boolean NOT NULL,
  reported_at   timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  revision      bigint NOT NULL
);
CREATE INDEX claims_summaries_list_idx ON claims_summaries (reported_at DESC, claim_id DESC);
CREATE INDEX claims_summaries_region_idx ON claims_summaries (region_code text_pattern_ops);

-- The earliest deadline of each claim that is not yet recorded as breached; due_at NULL when none is
-- pending. The scheduler scans by due_at, so it never folds a claim that has nothing due.
CREATE TABLE claim_deadlines (
  claim_id     text PRIMARY KEY,
  region_code  text NOT NULL,
  deadline     text,
  cycle        integer,
  due_at       timestamptz,
  revision     bigint NOT NULL
);
CREATE INDEX claim_deadlines_due_idx ON claim_deadlines (due_at) WHERE due_at IS NOT NULL;

-- Position of the claim projector in $all, written in the same transaction as its effects.
CREATE TABLE claims_projection_checkpoints (
  name        text PRIMARY KEY,
  position    text NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Answers of commands by (actor, Idempotency-Key), written after the append: a crash in between is
-- harmless because the retried command derives the same event ids and the append becomes a no-op.
CREATE TABLE claims_idempotency (
  actor_id         text NOT NULL,
  idempotency_key  text NOT NULL,
  fingerprint      text NOT NULL,
  claim_id         text NOT NULL,
  status_code      integer NOT NULL,
  response         jsonb NOT NULL,
  headers          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (actor_id, idempotency_key)
);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims_idempotency, claims_projection_checkpoints, claim_deadlines, claims_summaries,
      claims_medical_ledger, claims_enrollment_inbox, claims_policy_members, claims_policy_view`);
  }
}
