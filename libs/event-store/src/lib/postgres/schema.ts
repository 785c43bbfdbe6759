import type { MigrationSet } from './migrations';

/**
 * SQLSTATEs raised by the store's functions (class `ES`, which PostgreSQL does not use).
 * `ESWEV` carries the actual revision (or `no_stream`) in DETAIL.
 */
export const SQLSTATE = {
  wrongExpectedVersion: 'ESWEV',
  streamDeleted: 'ESDEL',
  idempotencyConflict: 'ESIDC',
} as const;

/**
 * The event store schema.
 *
 * `$all` order is `(tx_id, global_position)`, read only below `pg_snapshot_xmin(pg_current_snapshot())`:
 * an identity value is taken at insert but becomes visible at commit, so a reader that trusted
 * `global_position` alone would skip, for ever, a transaction that took a lower value and committed
 * later. Below the xmin horizon every transaction has finished, so nothing can appear behind the
 * reader: a late commit makes it wait, never skip.
 *
 * One row lock per stream (`es_streams ... FOR UPDATE`) serialises writers of one stream only; the
 * primary key (stream, revision) and unique (stream, event id) are backstops. Writes go through
 * `es_append`, one round trip per batch (see its comment for the fast and the careful path).
 */
export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  component: 'event-store',
  migrations: [
    {
      version: 1,
      name: 'streams, events, $all index, append and delete functions',
      sql: `
CREATE TABLE es_streams (
  stream_name     text    PRIMARY KEY,
  revision        bigint  NOT NULL DEFAULT -1,     -- last revision, 0-based; -1: nothing written yet
  truncate_before bigint  NOT NULL DEFAULT 0,      -- reads hide revisions below (soft delete, $tb)
  deleted         boolean NOT NULL DEFAULT false,  -- soft-deleted and not written since
  tombstoned      boolean NOT NULL DEFAULT false,  -- hard-deleted: every operation fails
  metadata        jsonb   NOT NULL DEFAULT '{}'
) WITH (fillfactor = 70);  -- room for HOT updates: every append rewrites its stream's row

CREATE TABLE es_events (
  global_position bigint      GENERATED ALWAYS AS IDENTITY,
  tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_name     text        NOT NULL,
  revision        bigint      NOT NULL,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_name, revision),
  UNIQUE (stream_name, event_id)
);
CREATE INDEX es_events_all ON es_events (tx_id, global_position);

-- The expected state comes as a kind ('any' | 'no_stream' | 'stream_exists' | 'revision') and a
-- revision, never as text cast to bigint inside a CASE: with a custom plan the planner folds
-- constants and would evaluate 'any'::bigint.
CREATE FUNCTION es_expected_holds(p_kind text, p_expected bigint, p_revision bigint, p_deleted boolean)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE p_kind
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN p_revision < 0 OR p_deleted
    WHEN 'stream_exists' THEN p_revision >= 0 AND NOT p_deleted
    ELSE p_revision = p_expected
  END
$fn$;

CREATE FUNCTION es_raise_wrong_expected(p_stream text, p_kind text, p_expected bigint, p_revision bigint)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_actual text := CASE WHEN p_revision >= 0 THEN p_revision::text ELSE 'no_stream' END;
BEGIN
  RAISE EXCEPTION USING
    ERRCODE = 'ESWEV',
    MESSAGE = format('%s: expected %s, actual %s', p_stream, CASE p_kind WHEN 'revision' THEN p_expected::text ELSE p_kind END, v_actual),
    DETAIL = v_actual;
END $fn$;

-- The careful path: lock the stream row, then idempotence, then the expected state. Idempotence comes
-- first: a retry after an ambiguous COMMIT succeeds even though its expected revision is now stale.
CREATE FUNCTION es_append_checked(p_stream text, p_kind text, p_expected bigint,
                                  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (next_revision bigint, last_tx text, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_stream es_streams%ROWTYPE;
  v_count  int := coalesce(cardinality(p_ids), 0);
  v_known  int;
BEGIN
  SELECT * INTO v_stream FROM es_streams WHERE stream_name = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    -- A concurrent creator makes this wait for its commit; the lock below then sees its row.
    INSERT INTO es_streams (stream_name) VALUES (p_stream) ON CONFLICT (stream_name) DO NOTHING;
    SELECT * INTO STRICT v_stream FROM es_streams WHERE stream_name = p_stream FOR UPDATE;
  END IF;
  IF v_stream.tombstoned THEN
    RAISE EXCEPTION USING ERRCODE = 'ESDEL', MESSAGE = format('%s: stream is deleted', p_stream);
  END IF;
  IF v_count > 0 THEN
    SELECT count(*) INTO v_known FROM es_events WHERE stream_name = p_stream AND event_id = ANY (p_ids);
    IF v_known = v_count THEN
      RETURN QUERY SELECT e.revision, e.tx_id::text, e.global_position FROM es_events e
        WHERE e.stream_name = p_stream AND e.event_id = ANY (p_ids) ORDER BY e.revision DESC LIMIT 1;
      RETURN;
    ELSIF v_known > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'ESIDC',
        MESSAGE = format('%s: %s of %s event ids are already stored', p_stream, v_known, v_count);
    END IF;
  END IF;
  IF NOT es_expected_holds(p_kind, p_expected, v_stream.revision, v_stream.deleted) THEN
    PERFORM es_raise_wrong_expected(p_stream, p_kind, p_expected, v_stream.revision);
  END IF;
  IF v_count = 0 THEN
    RETURN QUERY SELECT v_stream.revision, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  UPDATE es_streams SET revision = v_stream.revision + v_count, deleted = false WHERE stream_name = p_stream;
  INSERT INTO es_events (stream_name, revision, event_id, event_type, data, metadata)
  SELECT p_stream, v_stream.revision + e.ord, e.id, e.typ, e.dat, e.met
    FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, typ, dat, met, ord);
  RETURN QUERY SELECT v_stream.revision + v_count, pg_current_xact_id()::text, currval('es_events_global_position_seq'::regclass);
END $fn$;

-- The fast path, one round trip and two statements: the UPDATE takes the stream's row lock, checks
-- the expected state against the locked row and advances the revision; the INSERT follows. Anything
-- unusual (new, tombstoned or soft-deleted stream, unmet expected state, a replay whose expected
-- state is stale) takes the careful path. A replay whose expected state still holds fails the
-- unique (stream, event id) constraint here, and the client retries it on the careful path.
CREATE FUNCTION es_append(p_stream text, p_kind text, p_expected bigint,
                          p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (next_revision bigint, last_tx text, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count    int := coalesce(cardinality(p_ids), 0);
  v_revision bigint;
BEGIN
  IF v_count > 0 THEN
    UPDATE es_streams SET revision = revision + v_count
     WHERE stream_name = p_stream AND NOT tombstoned AND NOT deleted
       AND es_expected_holds(p_kind, p_expected, revision, deleted)
    RETURNING revision INTO v_revision;
    IF FOUND THEN
      INSERT INTO es_events (stream_name, revision, event_id, event_type, data, metadata)
      SELECT p_stream, v_revision - v_count + e.ord, e.id, e.typ, e.dat, e.met
        FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, typ, dat, met, ord);
      RETURN QUERY SELECT v_revision, pg_current_xact_id()::text, currval('es_events_global_position_seq'::regclass);
      RETURN;
    END IF;
  END IF;
  RETURN QUERY SELECT * FROM es_append_checked(p_stream, p_kind, p_expected, p_ids, p_types, p_data, p_metadata);
END $fn$;

CREATE FUNCTION es_delete(p_stream text, p_kind text, p_expected bigint, p_tombstone boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_stream es_streams%ROWTYPE;
BEGIN
  -- A tombstone may reserve a name that was never written, so the row may have to be created.
  INSERT INTO es_streams (stream_name) VALUES (p_stream) ON CONFLICT (stream_name) DO NOTHING;
  SELECT * INTO STRICT v_stream FROM es_streams WHERE stream_name = p_stream FOR UPDATE;
  IF v_stream.tombstoned THEN
    RAISE EXCEPTION USING ERRCODE = 'ESDEL', MESSAGE = format('%s: stream is deleted', p_stream);
  END IF;
  IF NOT es_expected_holds(p_kind, p_expected, v_stream.revision, v_stream.deleted) THEN
    PERFORM es_raise_wrong_expected(p_stream, p_kind, p_expected, v_stream.revision);
  END IF;
  IF p_tombstone THEN
    UPDATE es_streams SET tombstoned = true WHERE stream_name = p_stream;
  ELSIF v_stream.revision >= 0 AND NOT v_stream.deleted THEN
    UPDATE es_streams SET deleted = true, truncate_before = v_stream.revision + 1 WHERE stream_name = p_stream;
  END IF;
END $fn$;
`,
    },
  ],
};

/** Checkpoints of catch-up subscriptions; usable on its own (e.g. for KurrentDB subscriptions). */
export const CHECKPOINT_MIGRATIONS: MigrationSet = {
  component: 'checkpoints',
  migrations: [
    {
      version: 1,
      name: 'subscription checkpoints',
      sql: `
CREATE TABLE es_checkpoints (
  subscription_id text        PRIMARY KEY,
  position        text        NOT NULL,  -- opaque, as the store that produced it wrote it
  updated_at      timestamptz NOT NULL DEFAULT now()
);
`,
    },
  ],
};
