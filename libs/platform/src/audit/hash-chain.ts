import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Scalar details only, so the canonical form survives a round trip through the database unchanged. */
export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

/** What a caller records. */
export interface AuditEntryInput {
  /** The principal's `sub` (or `anonymous`). */
  readonly actor: string;
  readonly role: string;
  /** Region the actor was limited to; null for every region. */
  readonly region: string | null;
  /** Stable name of what was done, e.g. `POST /claims/:claimId/approve` or `read:personal-data GET /households/:id`. */
  readonly action: string;
  /** What it was done to (masked), e.g. the concrete path. */
  readonly target: string | null;
  /** Why, when the caller had to say (unmasking personal data). */
  readonly reason: string | null;
  readonly correlationId: string | null;
  /** `ok`, or the error code the request ended with. */
  readonly outcome: string;
  readonly detail: AuditDetail | null;
}

/** An entry as hashed: the input plus its position and time. */
export interface AuditEntry extends AuditEntryInput {
  readonly seq: number;
  /** ISO-8601 instant with milliseconds. */
  readonly at: string;
}

/** A stored entry with its link (`prevHash`) and its own hash. */
export interface AuditRecord extends AuditEntry {
  readonly prevHash: string;
  readonly hash: string;
}

/** The fields of an entry that its hash covers, in one place so writer and verifier cannot disagree. */
export const hashedFields = (e: AuditEntry): AuditEntry => ({
  seq: e.seq,
  at: e.at,
  actor: e.actor,
  role: e.role,
  region: e.region,
  action: e.action,
  target: e.target,
  reason: e.reason,
  correlationId: e.correlationId,
  outcome: e.outcome,
  detail: e.detail,
});

/** `SHA-256(prev_hash || canonical(entry))`, hex; `prev_hash` is the previous entry's hex hash as text. */
export const chainHash = (prevHash: string, entry: AuditEntry): string =>
  createHash('sha256').update(prevHash, 'utf8').update(canonicalJson(hashedFields(entry)), 'utf8').digest('hex');

/** Builds the next record of a chain whose head is (`prevSeq`, `prevHash`). */
export function nextRecord(prev: { seq: number; hash: string }, input: AuditEntryInput, at: Date): AuditRecord {
  const entry: AuditEntry = { ...input, seq: prev.seq + 1, at: at.toISOString() };
  return { ...hashedFields(entry), prevHash: prev.hash, hash: chainHash(prev.hash, entry) };
}

/** How the chain was found broken. */
export type ChainBreakKind =
  /** The entry's content no longer matches its own hash: it was edited. */
  | 'edited'
  /** The entry is intact but the one before it was rewritten with a recomputed hash. */
  | 'rewritten'
  /** Entries are missing at this position (deleted). */
  | 'missing'
  /** The entry is intact in itself but sits in the wrong place (moved or renumbered). */
  | 'misplaced'
  /** The head row disagrees with the last entry (entries after it were deleted, or it was rewritten). */
  | 'head-mismatch';

/** The first place where the chain stops being trustworthy. */
export interface ChainBreak {
  /** Sequence number of the first altered entry. */
  readonly seq: number;
  readonly kind: ChainBreakKind;
  readonly message: string;
}

/** Outcome of a verification; `firstBreak` is set when `ok` is false. */
export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly firstBreak?: ChainBreak;
}

/** A `(seq, hash)` pair copied out of the database earlier (a log line, a report, a ticket). */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Checks a chain one record at a time (records in ascending `seq`, as stored), so a long trail can be
 * streamed instead of loaded. Stops at the first break, which is where trust ends.
 *
 * What it can tell apart, and why: an entry whose content fails its own hash was edited; an intact entry
 * whose `prev_hash` differs from its predecessor's hash proves the predecessor was rewritten (its original
 * hash is still recorded in the successor); a gap in `seq` is a deletion. Someone who rewrites an entry and
 * every entry after it, head row included, is caught only against an anchor kept outside the database.
 */
export class ChainVerifier {
  private prev: ChainAnchor = { seq: 0, hash: GENESIS_HASH };
  private checked = 0;
  private broken?: ChainBreak;

  constructor(private readonly anchor?: ChainAnchor) {}

  /** Feeds the next record; returns the break if this record reveals one. */
  push(record: AuditRecord): ChainBreak | undefined {
    if (this.broken) return this.broken;
    const expectedSeq = this.prev.seq + 1;
    const selfConsistent = chainHash(record.prevHash, record) === record.hash;
    const linked = record.prevHash === this.prev.hash;
    if (record.seq > expectedSeq && selfConsistent && !linked) {
      return this.fail(expectedSeq, 'missing', `entries ${expectedSeq}..${record.seq - 1} are missing (deleted)`);
    }
    if (record.seq !== expectedSeq) return this.fail(Math.min(record.seq, expectedSeq), 'misplaced', `expected entry ${expectedSeq}, found ${record.seq}`);
    if (!selfConsistent) {
      return linked
        ? this.fail(record.seq, 'edited', `entry ${record.seq} does not match its hash (edited)`)
        : this.fail(record.seq, 'misplaced', `entry ${record.seq} was moved, renumbered or replaced`);
    }
    if (!linked) return this.fail(this.prev.seq, 'rewritten', `entry ${this.prev.seq} was rewritten: entry ${record.seq} recorded a different hash for it`);
    if (this.anchor && record.seq === this.anchor.seq && record.hash !== this.anchor.hash) {
      return this.fail(record.seq, 'rewritten', `entry ${record.seq} differs from the anchored hash: the trail was rewritten at or before it`);
    }
    this.prev = { seq: record.seq, hash: record.hash };
    this.checked += 1;
    return undefined;
  }

  /** The verdict; `head` is the stored head row, which catches deletion of the newest entries. */
  result(head?: ChainAnchor): ChainVerification {
    if (!this.broken && head) {
      if (head.seq > this.prev.seq) this.fail(this.prev.seq + 1, 'missing', `the head counts ${head.seq} entries but the trail ends at ${this.prev.seq} (newest entries deleted)`);
      else if (head.seq < this.prev.seq || head.hash !== this.prev.hash) this.fail(this.prev.seq, 'head-mismatch', `the head (${head.seq}) does not match the last entry (${this.prev.seq})`);
    }
    if (!this.broken && this.anchor && this.anchor.seq > this.prev.seq) {
      this.fail(this.prev.seq + 1, 'missing', `the anchor names entry ${this.anchor.seq} but the trail ends at ${this.prev.seq}`);
    }
    return { ok: !this.broken, checked: this.checked, lastSeq: this.prev.seq, lastHash: this.prev.hash, ...(this.broken ? { firstBreak: this.broken } : {}) };
  }

  private fail(seq: number, kind: ChainBreakKind, message: string): ChainBreak {
    this.broken = { seq, kind, message };
    return this.broken;
  }
}

/** Verifies an in-memory chain; see ChainVerifier. */
export function verifyChain(records: Iterable<AuditRecord>, opts: { head?: ChainAnchor; anchor?: ChainAnchor } = {}): ChainVerification {
  const v = new ChainVerifier(opts.anchor);
  for (const r of records) if (v.push(r)) break;
  return v.result(opts.head);
}
