import type { AuditEntryInput, AuditRecord, ChainAnchor, ChainVerification } from './hash-chain';

/** Port for the tamper-evident audit trail; the PostgreSQL adapter is `PostgresAuditTrail`. */
export interface AuditTrail {
  /** Appends one entry after the current head; appends are serialised so the chain stays linear. */
  append(input: AuditEntryInput): Promise<AuditRecord>;
  /** Recomputes the whole chain and names the first altered entry, if any. */
  verify(opts?: { anchor?: ChainAnchor }): Promise<ChainVerification>;
  /** The newest `(seq, hash)`: copy it somewhere else now and then, to anchor later verifications. */
  head(): Promise<ChainAnchor>;
}

/** Injection token of the AuditTrail port. */
export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
