/**
 * Kinds mirror the platform's HTTP mapping (validation 400, not_found 404, unprocessable 422) without
 * depending on it: the domain library stays free of Nest, and the platform's filter recognises the shape.
 */
export type ReportingErrorKind = 'validation' | 'not_found' | 'unprocessable';

/** A refused report request or an unreadable event, with a stable `REPORTING.*` code. */
export class ReportingError extends Error {
  constructor(
    readonly code: `REPORTING.${string}`,
    readonly kind: ReportingErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ReportingError';
  }
}

/**
 * An event that can never be projected (wrong shape, unknown version). The app turns it into the
 * messaging library's poison error so that it is dead-lettered at once instead of retried.
 */
export class UndecodableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableEventError';
  }
}
