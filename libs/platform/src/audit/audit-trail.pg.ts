import type { Pool } from 'pg';
import { systemClock, type Clock } from '../clock/clock';
import { canonicalJson } from './canonical-json';
import type { AuditTrail } from './audit-trail';
import { ChainVerifier, GENESIS_HASH, nextRecord, type AuditDetail, type AuditEntryInput, type AuditRecord, type ChainAnchor, type ChainVerification } from './hash-chain';
import { runMigration, withTransaction } from './pg-support';

/**
 * Idempotent schema of the audit trail (PostgreSQL >= 14 for CREATE OR REPLACE TRIGGER).
 *
 * Triggers make the log append-only for every role that cannot disable triggers (UPDATE, DELETE and
 * TRUNCATE raise), and tie inserts to the head row: an entry must continue the current head, and the head
 * may only advance onto an entry that exists with that hash. Database grants should still withhold UPDATE,
 * DELETE and TRIGGER from the service's role; a superuser can bypass both, which is what the hash chain
 * and its verifier are for.
 */
export const AUDIT_MIGRATION: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS security_audit_log (
     seq bigint PRIMARY KEY CHECK (seq > 0),
     at timestamptz NOT NULL,
     actor text NOT NULL,
     role text NOT NULL,
     region text NULL,
     action text NOT NULL,
     target text NULL,
     reason text NULL,
     correlation_id text NULL,
     outcome text NOT NULL,
     detail text NULL,
     prev_hash char(64) NOT NULL,
     hash char(64) NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS security_audit_head (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     seq bigint NOT NULL,
     hash char(64) NOT NULL
   )`,
  `INSERT INTO security_audit_head (id, seq, hash) VALUES (true, 0, '${GENESIS_HASH}') ON CONFLICT (id) DO NOTHING`,
  `CREATE OR REPLACE FUNCTION security_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'security_audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
   END $$`,
  // An entry continues the head, or (inside a group-commit batch, before the head is advanced once for
  // the batch) the entry just before it, which the same statement inserted: row-level BEFORE triggers see
  // the rows an INSERT processed before the current one.
  `CREATE OR REPLACE FUNCTION security_audit_continue_head() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE h security_audit_head%ROWTYPE; expected char(64);
   BEGIN
     SELECT * INTO h FROM security_audit_head WHERE id;
     IF NEW.seq = h.seq + 1 THEN
       expected := h.hash;
     ELSIF NEW.seq > h.seq + 1 THEN
       SELECT hash INTO expected FROM security_audit_log WHERE seq = NEW.seq - 1;
     END IF;
     IF expected IS NULL OR NEW.prev_hash <> expected THEN
       RAISE EXCEPTION 'audit entry % does not continue the head (%)', NEW.seq, h.seq USING ERRCODE = 'integrity_constraint_violation';
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE OR REPLACE FUNCTION security_audit_advance_head() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'UPDATE' THEN
       RAISE EXCEPTION 'security_audit_head: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
     END IF;
     IF NEW.seq <= OLD.seq OR NOT EXISTS (SELECT 1 FROM security_audit_log WHERE seq = NEW.seq AND hash = NEW.hash) THEN
       RAISE EXCEPTION 'security_audit_head may only advance onto an entry just appended' USING ERRCODE = 'integrity_constraint_violation';
     END IF;
     RETURN NEW;
   END $$`,
  // A batch in one round trip: when the head is still the one the caller computed the batch's hashes
  // from, insert the batch and advance the head (separate statements, so the triggers above check both);
  // otherwise write nothing and answer the current head, from which the caller computes them again.
  `CREATE OR REPLACE FUNCTION security_audit_append(
       expected_seq bigint, expected_hash char(64), seqs bigint[], ats timestamptz[], actors text[], roles text[], regions text[], actions text[],
       targets text[], reasons text[], correlation_ids text[], outcomes text[], details text[], prev_hashes text[], hashes text[])
     RETURNS TABLE (appended boolean, head_seq bigint, head_hash char(64)) LANGUAGE plpgsql AS $$
   DECLARE h security_audit_head%ROWTYPE;
   BEGIN
     SELECT * INTO h FROM security_audit_head WHERE id FOR UPDATE;
     IF h.seq <> expected_seq OR h.hash <> expected_hash THEN
       RETURN QUERY SELECT false, h.seq, h.hash;
       RETURN;
     END IF;
     INSERT INTO security_audit_log (seq, at, actor, role, region, action, target, reason, correlation_id, outcome, detail, prev_hash, hash)
       SELECT * FROM unnest(seqs, ats, actors, roles, regions, actions, targets, reasons, correlation_ids, outcomes, details, prev_hashes, hashes);
     UPDATE security_audit_head SET seq = seqs[array_length(seqs, 1)], hash = hashes[array_length(hashes, 1)] WHERE id;
     RETURN QUERY SELECT true, seqs[array_length(seqs, 1)], hashes[array_length(hashes, 1)]::char(64);
   END $$`,
  `CREATE OR REPLACE TRIGGER security_audit_log_append_only BEFORE UPDATE OR DELETE ON security_audit_log
     FOR EACH ROW EXECUTE FUNCTION security_audit_refuse()`,
  `CREATE OR REPLACE TRIGGER security_audit_log_no_truncate BEFORE TRUNCATE ON security_audit_log
     FOR EACH STATEMENT EXECUTE FUNCTION security_audit_refuse()`,
  `CREATE OR REPLACE TRIGGER security_audit_log_continue_head BEFORE INSERT ON security_audit_log
     FOR EACH ROW EXECUTE FUNCTION security_audit_continue_head()`,
  `CREATE OR REPLACE TRIGGER security_audit_head_advance BEFORE UPDATE OR DELETE ON security_audit_head
     FOR EACH ROW EXECUTE FUNCTION security_audit_advance_head()`,
  `CREATE OR REPLACE TRIGGER security_audit_head_no_truncate BEFORE TRUNCATE ON security_audit_head
     FOR EACH STATEMENT EXECUTE FUNCTION security_audit_refuse()`,
];

/** Creates the audit tables and triggers if missing; safe at every start of every replica. */
export const migrateAuditTrail = (pool: Pool): Promise<void> => runMigration(pool, AUDIT_MIGRATION);

interface Row {
  seq: string;
  at: Date;
  actor: string;
  role: string;
  region: string | null;
  action: string;
  target: string | null;
  reason: string | null;
  correlation_id: string | null;
  outcome: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, at, actor, role, region, action, target, reason, correlation_id, outcome, detail, prev_hash, hash';

const toRecord = (r: Row): AuditRecord => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  actor: r.actor,
  role: r.role,
  region: r.region,
  action: r.action,
  target: r.target,
  reason: r.reason,
  correlationId: r.correlation_id,
  outcome: r.outcome,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as AuditDetail),
  prevHash: r.prev_hash,
  hash: r.hash,
});

const BATCH = 1000;
/** Most entries one group commit writes; more wait for the next (bounds the statement's size). */
const MAX_GROUP_COMMIT = 500;

interface PendingEntry {
  readonly input: AuditEntryInput;
  /** When the entry was handed in: its time in the chain. */
  readonly at: Date;
  readonly resolve: (record: AuditRecord) => void;
  readonly reject: (error: unknown) => void;
}

/** The audit trail in PostgreSQL (tables `security_audit_log` and `security_audit_head`). */
export class PostgresAuditTrail implements AuditTrail {
  constructor(private readonly pool: Pool, private readonly clock: Clock = systemClock) {}

  /** Entries waiting for the next group commit, in arrival order. */
  private pending: PendingEntry[] = [];
  private flushing = false;
  /** The head as this process last wrote or saw it: the batch's hashes are computed from it. */
  private knownHead?: ChainAnchor;

  /**
   * Resolves once the entry is committed (durable), as part of a group commit: entries arriving while one
   * batch is being written go together into the next, which takes the head row lock once, inserts them in
   * one statement and advances the head once. The chain and its guarantees are those of one-by-one
   * appends; what changes is that the lock (held across the commit's WAL flush) is taken per batch rather
   * than per entry, which made every command of the service queue behind every other.
   */
  append(input: AuditEntryInput): Promise<AuditRecord> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, at: this.clock.now(), resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_GROUP_COMMIT);
        try {
          const records = await this.writeBatch(batch);
          batch.forEach((p, i) => p.resolve(records[i] as AuditRecord));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          // One entry must not take its batch-mates down with it: retry each alone.
          for (const p of batch) await this.writeBatch([p]).then(([r]) => p.resolve(r as AuditRecord), p.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One round trip in the common case: the batch is chained onto the head this process knows and handed
   * to `security_audit_append`, which writes it only if that is still the head (under the head row lock).
   * When another process moved the head, the answer carries the current one and the batch is chained onto
   * that; if the head keeps moving, the batch takes the head row lock in a transaction of its own.
   */
  private async writeBatch(batch: readonly PendingEntry[]): Promise<AuditRecord[]> {
    let head = this.knownHead ?? (await this.head());
    for (let attempt = 0; attempt < 3; attempt++) {
      const records = this.chain(head, batch);
      const column = (pick: (r: AuditRecord) => unknown) => records.map(pick);
      const { rows } = await this.pool.query<{ appended: boolean; head_seq: string; head_hash: string }>(
        `SELECT appended, head_seq, head_hash FROM security_audit_append($1, $2, $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])`,
        [head.seq, head.hash, ...this.columns(column)],
      );
      const answer = rows[0];
      if (answer === undefined) throw new Error('security_audit_append answered nothing');
      if (answer.appended) {
        this.knownHead = { seq: Number(answer.head_seq), hash: answer.head_hash };
        return records;
      }
      head = { seq: Number(answer.head_seq), hash: answer.head_hash };
    }
    return this.writeBatchLocked(batch);
  }

  /** The batch chained onto the head under its row lock, in a transaction: always continues the head. */
  private writeBatchLocked(batch: readonly PendingEntry[]): Promise<AuditRecord[]> {
    return withTransaction(this.pool, async (client) => {
      // The head row lock is the serialisation point across processes: each batch sees the previous
      // entry's hash and the chain cannot fork.
      const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM security_audit_head WHERE id FOR UPDATE');
      if (rows.length === 0) throw new Error('security_audit_head is empty: run migrateAuditTrail first');
      const records = this.chain({ seq: Number(rows[0].seq), hash: rows[0].hash }, batch);
      const column = (pick: (r: AuditRecord) => unknown) => records.map(pick);
      // unnest keeps the arrays' order, so the rows reach the continue-the-head trigger in chain order.
      await client.query(
        `INSERT INTO security_audit_log (${COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])`,
        this.columns(column),
      );
      const last = records[records.length - 1] as AuditRecord;
      await client.query('UPDATE security_audit_head SET seq = $1, hash = $2 WHERE id', [last.seq, last.hash]);
      this.knownHead = { seq: last.seq, hash: last.hash };
      return records;
    });
  }

  private chain(head: ChainAnchor, batch: readonly PendingEntry[]): AuditRecord[] {
    let prev = head;
    return batch.map((p) => (prev = nextRecord(prev, p.input, p.at)));
  }

  /** The thirteen columns of a batch, as arrays in chain order. */
  private columns(column: (pick: (r: AuditRecord) => unknown) => unknown[]): unknown[][] {
    return [
      column((r) => r.seq), column((r) => new Date(r.at)), column((r) => r.actor), column((r) => r.role), column((r) => r.region),
      column((r) => r.action), column((r) => r.target), column((r) => r.reason), column((r) => r.correlationId), column((r) => r.outcome),
      column((r) => (r.detail === null ? null : canonicalJson(r.detail))), column((r) => r.prevHash), column((r) => r.hash),
    ];
  }

  async head(): Promise<ChainAnchor> {
    const { rows } = await this.pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM security_audit_head WHERE id');
    return rows.length === 0 ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /** Streams the log in batches; entries appended while it runs (beyond the head read first) are left for next time. */
  async verify(opts: { anchor?: ChainAnchor } = {}): Promise<ChainVerification> {
    const head = await this.head();
    const verifier = new ChainVerifier(opts.anchor);
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<Row>(
        `SELECT ${COLUMNS} FROM security_audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${BATCH}`,
        [after, head.seq],
      );
      for (const row of rows) if (verifier.push(toRecord(row))) return verifier.result();
      if (rows.length < BATCH) break;
      after = Number(rows[rows.length - 1].seq);
    }
    return verifier.result(head);
  }

  /** Entries in order, for supervisors' views and exports (they carry no personal data beyond masked targets). */
  async list(opts: { afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM security_audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      opts.afterSeq ?? 0,
      Math.min(opts.limit ?? 100, BATCH),
    ]);
    return rows.map(toRecord);
  }
}
