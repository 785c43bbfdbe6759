/**
 * Kinds mirror the platform's HTTP mapping (validation 400, not_found 404, conflict 409, precondition 412,
 * unprocessable 422) without depending on it: the domain library stays free of Nest.
 */
export type EnrollmentErrorKind = 'validation' | 'not_found' | 'conflict' | 'precondition' | 'forbidden' | 'unprocessable';

/** A broken enrolment rule, with a stable `ENROLLMENT.*` code that clients and tests can rely on. */
export class EnrollmentError extends Error {
  constructor(
    readonly code: `ENROLLMENT.${string}`,
    readonly kind: EnrollmentErrorKind,
    message: string,
    /** Never carries a raw ID number or name: details end up in response bodies and logs. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

export const isEnrollmentError = (e: unknown): e is EnrollmentError => e instanceof EnrollmentError;
