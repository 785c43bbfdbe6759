import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Households, members, programme years, products, referrers, policies and their payments, the idempotency
 * keys of commands and the gifted-batch reports. Money is bigint fen. Raw resident ID numbers live only in
 * household_members.id_number; everything that searches or de-duplicates people uses the HMAC column.
 */
export class Enrollment1764400000000 implements MigrationInterface {
  name = 'Enrollment1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE programme_years (
  year        integer PRIMARY KEY,
  starts_on   date NOT NULL,
  ends_on     date NOT NULL CHECK (ends_on >= starts_on),
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL
);

CREATE TABLE products (
  programme_year                    integer NOT NULL REFERENCES programme_years (year),
  code                              text NOT NULL,
  name                              text NOT NULL,
  premium_fen                       bigint NOT NULL CHECK (premium_fen > 0),
  death_disability_sum_insured_fen  bigint NOT NULL CHECK (death_disability_sum_insured_fen >= 0),
  medical_limit_fen                 bigint NOT NULL CHECK (medical_limit_fen >= 0),
  medical_deductible_fen            bigint NOT NULL CHECK (medical_deductible_fen >= 0),
  medical_reimbursement_bp          integer NOT NULL CHECK (medical_reimbursement_bp BETWEEN 0 AND 10000),
  hospital_allowance_per_day_fen    bigint NOT NULL CHECK (hospital_allowance_per_day_fen >= 0),
  hospital_allowance_max_days       integer NOT NULL CHECK (hospital_allowance_max_days >= 0),
  cover_start_rule                  text NOT NULL CHECK (cover_start_rule IN ('FIXED_DATE', 'AFTER_ENROLMENT')),
  cover_start_date                  date,
  cover_start_after_days            integer,
  issuance_deadline_days            integer NOT NULL,
  delivery_deadline_days            integer NOT NULL,
  min_members                       integer NOT NULL,
  max_members                       integer NOT NULL,
  min_age                           integer NOT NULL,
  max_age                           integer NOT NULL,
  created_at                        timestamptz NOT NULL,
  created_by                        text NOT NULL,
  PRIMARY KEY (programme_year, code)
);

CREATE TABLE product_payer_shares (
  programme_year  integer NOT NULL,
  product_code    text NOT NULL,
  payer           text NOT NULL,
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
  position        integer NOT NULL,
  PRIMARY KEY (programme_year, product_code, payer),
  FOREIGN KEY (programme_year, product_code) REFERENCES products (programme_year, code)
);

CREATE TABLE referrers (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  phone          text,
  village_codes  text[] NOT NULL,
  created_at     timestamptz NOT NULL,
  created_by     text NOT NULL
);
CREATE INDEX referrers_village_codes_idx ON referrers USING gin (village_codes);

CREATE TABLE households (
  id                      uuid PRIMARY KEY,
  revision                integer NOT NULL CHECK (revision >= 1),
  family_planning_status  text NOT NULL,
  county_code             text NOT NULL,
  township_code           text NOT NULL,
  village_code            text NOT NULL,
  address                 text,
  phone                   text,
  head_id_number_hash     text NOT NULL,
  gifted_batch_id         uuid,
  created_at              timestamptz NOT NULL,
  created_by              text NOT NULL,
  updated_at              timestamptz NOT NULL,
  updated_by              text NOT NULL
);
CREATE UNIQUE INDEX households_head_uq ON households (head_id_number_hash);
-- Region codes nest (county 6 < township 9 < village 12 digits), so every region filter is a prefix of village_code.
CREATE INDEX households_village_prefix_idx ON households (village_code text_pattern_ops);

-- Members and insured members carry no foreign keys: they are written only together with their parent, in
-- the parent's transaction, by one repository, and nothing is ever deleted. A foreign key check is a row-level
-- trigger that locks the parent row; on a 10,000-person gifted batch those 30,000 checks were a third of
-- the import time. The integration tests check for orphans after every scenario instead.
CREATE TABLE household_members (
  id                uuid PRIMARY KEY,
  household_id      uuid NOT NULL,
  position          integer NOT NULL,
  relationship      text NOT NULL,
  name              text NOT NULL,
  id_number         text NOT NULL,
  id_number_hash    text NOT NULL,
  id_number_masked  text NOT NULL,
  birth_date        date NOT NULL,
  sex               text NOT NULL,
  added_at          timestamptz NOT NULL,
  added_by          text NOT NULL
);
-- Hash first: the one index serves "each person once per household" and every search by ID number.
CREATE UNIQUE INDEX household_members_person_uq ON household_members (id_number_hash, household_id);

CREATE TABLE gifted_batches (
  id                  uuid PRIMARY KEY,
  programme_year      integer NOT NULL,
  product_code        text NOT NULL,
  row_count           integer NOT NULL,
  accepted_rows       integer NOT NULL,
  rejected_rows       integer NOT NULL,
  accepted_households integer NOT NULL,
  -- json, not jsonb: the report is written once and read back whole, so binary decomposition buys nothing.
  report              json NOT NULL,
  created_at          timestamptz NOT NULL,
  created_by          text NOT NULL,
  FOREIGN KEY (programme_year, product_code) REFERENCES products (programme_year, code)
);

CREATE TABLE policies (
  id                        uuid PRIMARY KEY,
  revision                  integer NOT NULL CHECK (revision >= 1),
  household_id              uuid NOT NULL REFERENCES households (id),
  programme_year            integer NOT NULL,
  product_code              text NOT NULL,
  channel                   text NOT NULL,
  referrer_id               uuid REFERENCES referrers (id),
  status                    text NOT NULL,
  county_code               text NOT NULL,
  township_code             text NOT NULL,
  village_code              text NOT NULL,
  household_status          text NOT NULL,
  household_member_count    integer NOT NULL,
  premium_fen               bigint NOT NULL CHECK (premium_fen > 0),
  paid_fen                  bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= premium_fen),
  cover_starts_on           date NOT NULL,
  cover_ends_on             date NOT NULL,
  applied_at                timestamptz NOT NULL,
  applied_by                text NOT NULL,
  premium_fully_paid_at     timestamptz,
  issuance_due_at           timestamptz,
  policy_number             text,
  issued_at                 timestamptz,
  issued_by                 text,
  delivery_due_at           timestamptz,
  delivered_at              timestamptz,
  delivered_by              text,
  delivery_method           text,
  delivery_receiver_name    text,
  delivery_proof_reference  text,
  in_force_at               timestamptz,
  expired_at                timestamptz,
  cancelled_at              timestamptz,
  cancelled_by              text,
  cancellation_reason       text,
  cancellation_note         text,
  renewed_from_policy_id    uuid REFERENCES policies (id),
  renewed_to_policy_id      uuid,
  renewed_at                timestamptz,
  renewed_by                text,
  gifted_batch_id           uuid REFERENCES gifted_batches (id),
  updated_at                timestamptz NOT NULL,
  updated_by                text NOT NULL,
  FOREIGN KEY (programme_year, product_code) REFERENCES products (programme_year, code)
);
-- One live policy per household and programme year; a cancelled one frees the slot.
CREATE UNIQUE INDEX policies_household_year_uq ON policies (household_id, programme_year) WHERE status <> 'CANCELLED';
CREATE UNIQUE INDEX policies_number_uq ON policies (policy_number) WHERE policy_number IS NOT NULL;
CREATE INDEX policies_village_prefix_idx ON policies (village_code text_pattern_ops);
CREATE INDEX policies_household_idx ON policies (household_id);
CREATE INDEX policies_referrer_idx ON policies (referrer_id) WHERE referrer_id IS NOT NULL;
CREATE INDEX policies_listing_idx ON policies (applied_at DESC, id);
CREATE INDEX policies_issuance_open_idx ON policies (issuance_due_at) WHERE status = 'PAID';
CREATE INDEX policies_delivery_open_idx ON policies (delivery_due_at) WHERE delivered_at IS NULL AND status IN ('ISSUED', 'IN_FORCE');
CREATE INDEX policies_cover_start_idx ON policies (cover_starts_on) WHERE status IN ('ISSUED', 'DELIVERED');
CREATE INDEX policies_cover_end_idx ON policies (cover_ends_on) WHERE status IN ('ISSUED', 'DELIVERED', 'IN_FORCE');

CREATE TABLE policy_members (
  policy_id                   uuid NOT NULL,
  member_id                   uuid NOT NULL,
  position                    integer NOT NULL,
  programme_year              integer NOT NULL,
  id_number_hash              text NOT NULL,
  id_number_masked            text NOT NULL,
  relationship                text NOT NULL,
  sex                         text NOT NULL,
  birth_year                  integer NOT NULL,
  age_at_cover_start          integer NOT NULL,
  death_disability_share_fen  bigint NOT NULL CHECK (death_disability_share_fen >= 0),
  holds_cover                 boolean NOT NULL DEFAULT true,
  PRIMARY KEY (policy_id, member_id)
);
-- The same person is insured at most once per programme year, whichever household lists them.
CREATE UNIQUE INDEX policy_members_person_year_uq ON policy_members (programme_year, id_number_hash) WHERE holds_cover;
-- Searches by ID number find the person's member ids through household_members_person_uq, then their policies here.
CREATE INDEX policy_members_member_idx ON policy_members (member_id);

CREATE TABLE premium_payments (
  id           uuid PRIMARY KEY,
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  policy_id    uuid NOT NULL REFERENCES policies (id),
  payer        text NOT NULL,
  amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
  reference    text NOT NULL,
  paid_at      timestamptz NOT NULL,
  recorded_by  text NOT NULL,
  UNIQUE (policy_id, payer, reference)
);

-- Who changed what when, one row per aggregate revision; the primary key also refuses a second writer of one revision.
CREATE TABLE aggregate_history (
  aggregate_id    uuid NOT NULL,
  revision        integer NOT NULL,
  aggregate_type  text NOT NULL,
  change_type     text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  actor           text NOT NULL,
  event_id        uuid NOT NULL,
  PRIMARY KEY (aggregate_id, revision)
);

-- A command's effect and its idempotency key commit together, so a retried request finds either both or neither.
CREATE TABLE idempotency_keys (
  actor_id          text NOT NULL,
  idempotency_key   text NOT NULL,
  fingerprint       text NOT NULL,
  status_code       integer,
  response_body     text,
  response_headers  jsonb,
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (actor_id, idempotency_key)
);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys, aggregate_history, premium_payments, policy_members, policies, gifted_batches,
      household_members, households, referrers, product_payer_shares, products, programme_years`);
  }
}
