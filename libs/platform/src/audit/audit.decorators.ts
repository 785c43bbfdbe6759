import { SetMetadata } from '@nestjs/common';

/** Metadata key written by `@AuditRead`. */
export const AUDIT_READ_METADATA = 'fpi:audit:read';

/** Kinds of reads that must be audited. */
export type AuditReadKind = 'personal-data';

/**
 * Marks a GET route whose response carries personal data: each call is recorded in the audit trail
 * (commands, i.e. every unsafe method, are recorded without marking).
 */
export const AuditRead = (kind: AuditReadKind) => SetMetadata(AUDIT_READ_METADATA, kind);
