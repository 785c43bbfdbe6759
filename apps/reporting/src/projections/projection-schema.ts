/**
 * Every generation of the read model lives in its own schema (`rm_v1`, `rm_v2`, ...) with the same tables,
 * filled by its own consumer group. Queries never name a generation: they read the views in schema `rm`,
 * which point at the active one and are replaced in one transaction at switch-over, so a rebuild never
 * takes the figures offline and a reader sees either the old tables or the new ones, never a mix.
 */
export const READ_SCHEMA = 'rm';
export const CONTROL_SCHEMA = 'rm_control';
export const PROJECTED_TABLES = ['policy_facts', 'claim_facts'] as const;

const SCHEMA_NAME = /^rm_v[1-9][0-9]{0,5}$/;

/** Generation schema names are built by this service only; anything else is a bug, never interpolated. */
export function generationSchema(version: number): string {
  const name = `rm_v${version}`;
  if (!SCHEMA_NAME.test(name)) throw new Error(`invalid generation version ${version}`);
  return name;
}

export function assertGenerationSchema(name: string): string {
  if (!SCHEMA_NAME.test(name)) throw new Error(`not a generation schema: ${name}`);
  return name;
}

/**
 * The tables of one generation. Fact rows are a pure function of the events (no "applied at" clock in
 * them), which is what lets a rebuild be compared with the live tables row for row.
 */
export function generationDdl(schemaName: string): string[] {
  const s = assertGenerationSchema(schemaName);
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.policy_facts (
      policy_id              text PRIMARY KEY,
      revision               integer NOT NULL,
      last_event_id          text NOT NULL,
      household_id           text NOT NULL,
      policy_number          text,
      programme_year         smallint NOT NULL,
      product_code           text NOT NULL,
      status                 text NOT NULL,
      channel                text NOT NULL,
      referrer_id            text,
      region_code            text NOT NULL,
      household_status       text NOT NULL,
      vulnerable             boolean NOT NULL,
      insured_persons        integer NOT NULL,
      premium_fen            bigint NOT NULL,
      paid_fen               bigint NOT NULL,
      share_household_fen    bigint NOT NULL,
      share_province_fen     bigint NOT NULL,
      share_city_fen         bigint NOT NULL,
      share_county_fen       bigint NOT NULL,
      share_township_fen     bigint NOT NULL,
      share_village_fen      bigint NOT NULL,
      share_insurer_subsidy_fen bigint NOT NULL,
      applied_at             timestamptz NOT NULL,
      premium_fully_paid_at  timestamptz,
      issuance_due_at        timestamptz,
      issued_at              timestamptz,
      delivery_due_at        timestamptz,
      delivered_at           timestamptz,
      cancelled_at           timestamptz,
      expired_at             timestamptz,
      renewed_from_policy_id text,
      last_event_at          timestamptz NOT NULL
    )`,
    // Region filters are prefix LIKEs on the village code; text_pattern_ops makes them index range scans.
    `CREATE INDEX ON ${s}.policy_facts (region_code text_pattern_ops)`,
    `CREATE INDEX ON ${s}.policy_facts (programme_year, region_code text_pattern_ops)`,
    `CREATE INDEX ON ${s}.policy_facts (premium_fully_paid_at)`,
    `CREATE INDEX ON ${s}.policy_facts (issuance_due_at)`,
    `CREATE INDEX ON ${s}.policy_facts (delivery_due_at)`,
    `CREATE INDEX ON ${s}.policy_facts (referrer_id) WHERE referrer_id IS NOT NULL`,
    `CREATE TABLE ${s}.claim_facts (
      claim_id               text PRIMARY KEY,
      revision               integer NOT NULL,
      last_event_id          text NOT NULL,
      household_id           text,
      claimant_member_id     text,
      policy_id              text,
      region_code            text NOT NULL,
      claim_channel          text,
      enrolment_channel      text,
      status                 text NOT NULL,
      reported_at            timestamptz,
      registered_at          timestamptz,
      documents_completed_at timestamptz,
      assessed_fen           bigint,
      approved_fen           bigint,
      approved_at            timestamptz,
      rejected_at            timestamptz,
      rejection_reason       text,
      paid_fen               bigint NOT NULL,
      payments               jsonb NOT NULL,
      fully_paid_at          timestamptz,
      closed_at              timestamptz,
      closure_outcome        text,
      withdrawn_at           timestamptz,
      reopen_count           integer NOT NULL,
      fast_track             boolean NOT NULL,
      fast_tracked_at        timestamptz,
      fast_track_breached    boolean NOT NULL,
      deadline_breaches      integer NOT NULL,
      follow_up_outcome      text,
      follow_up_at           timestamptz,
      follow_up_attempts     integer NOT NULL,
      last_event_at          timestamptz NOT NULL
    )`,
    `CREATE INDEX ON ${s}.claim_facts (region_code text_pattern_ops)`,
    `CREATE INDEX ON ${s}.claim_facts (policy_id)`,
    `CREATE INDEX ON ${s}.claim_facts (reported_at)`,
    // Consumed positions of this generation's consumer group, written in the same transaction as the rows.
    `CREATE TABLE ${s}.checkpoints (
      topic          text NOT NULL,
      partition      integer NOT NULL,
      next_offset    bigint NOT NULL,
      events_applied bigint NOT NULL DEFAULT 0,
      last_event_at  timestamptz,
      applied_at     timestamptz,
      -- Least offset this generation received from the partition: above 0, the events before it had been
      -- deleted from the topic (retention) before the generation could read them.
      first_offset   bigint,
      PRIMARY KEY (topic, partition)
    )`,
    // Event ids already applied: the second line of defence behind the revision guard and the positions.
    `CREATE TABLE ${s}.applied_events (event_id text PRIMARY KEY)`,
  ];
}

/** Points the read views at a generation; run inside the switch-over transaction. */
export function pointViewsDdl(schemaName: string): string[] {
  const s = assertGenerationSchema(schemaName);
  return PROJECTED_TABLES.flatMap((t) => [`DROP VIEW IF EXISTS ${READ_SCHEMA}.${t}`, `CREATE VIEW ${READ_SCHEMA}.${t} AS SELECT * FROM ${s}.${t}`]);
}

export const controlDdl = (): string[] => [
  `CREATE SCHEMA ${CONTROL_SCHEMA}`,
  `CREATE SCHEMA ${READ_SCHEMA}`,
  `CREATE TABLE ${CONTROL_SCHEMA}.generations (
    schema_name  text PRIMARY KEY,
    version      integer NOT NULL UNIQUE,
    group_id     text NOT NULL UNIQUE,
    status       text NOT NULL CHECK (status IN ('building', 'active', 'retired')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    retired_at   timestamptz
  )`,
  // At most one generation serves queries and at most one is being built.
  `CREATE UNIQUE INDEX generations_one_active ON ${CONTROL_SCHEMA}.generations ((true)) WHERE status = 'active'`,
  `CREATE UNIQUE INDEX generations_one_building ON ${CONTROL_SCHEMA}.generations ((true)) WHERE status = 'building'`,
];
