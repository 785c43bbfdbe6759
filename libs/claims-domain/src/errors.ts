/**
 * Broken rules are thrown as ClaimError: a stable `MODULE.CODE` code and a kind that the HTTP layer maps
 * to a status by shape (platform's `isCodedError`), so this library needs nothing from Nest. Outcomes that
 * others must see (a rejected claim) are events, never errors.
 */
export type ClaimErrorKind = 'validation' | 'not_found' | 'conflict' | 'precondition' | 'forbidden' | 'unprocessable';

/** Every code the decider can throw, with its kind. A code, once published, keeps its meaning. */
export const CLAIM_ERRORS = {
  // The command itself is malformed.
  'CLAIM.INVALID_COMMAND': 'validation',
  'CLAIM.INVALID_TIME': 'validation',
  'CLAIM.INVALID_ID_NUMBER': 'validation',
  'CLAIM.INVALID_REGION_CODE': 'validation',
  'CLAIM.UNKNOWN_BENEFIT': 'validation',
  'CLAIM.UNKNOWN_DOCUMENT': 'validation',
  'CLAIM.UNKNOWN_CODE': 'validation',
  'CLAIM.ACCIDENT_IN_FUTURE': 'validation',
  'CLAIM.AMOUNT_NOT_POSITIVE': 'validation',
  'CLAIM.AMOUNT_NEGATIVE': 'validation',
  'CLAIM.OTHER_PAYERS_ABOVE_COST': 'validation',
  'CLAIM.INVALID_DISABILITY_GRADE': 'validation',
  'CLAIM.INVALID_ALLOWANCE_DAYS': 'validation',
  'CLAIM.ASSESSMENT_INPUT_MISSING': 'validation',
  'CLAIM.BENEFIT_NOT_CLAIMED': 'validation',
  'CLAIM.INVALID_COVERAGE': 'validation',
  // The claim or the thing named does not exist.
  'CLAIM.NOT_FOUND': 'not_found',
  'CLAIM.PAYMENT_NOT_FOUND': 'not_found',
  // The command contradicts what already happened.
  'CLAIM.ALREADY_REPORTED': 'conflict',
  'CLAIM.ALREADY_REGISTERED': 'conflict',
  'CLAIM.DOCUMENTS_ALREADY_REQUESTED': 'conflict',
  'CLAIM.DOCUMENTS_ALREADY_COMPLETE': 'conflict',
  'CLAIM.ALREADY_DECIDED': 'conflict',
  'CLAIM.REJECTED': 'conflict',
  'CLAIM.CLOSED': 'conflict',
  'CLAIM.WITHDRAWN': 'conflict',
  'CLAIM.ALREADY_PAID': 'conflict',
  'CLAIM.PAYMENT_ALREADY_SCHEDULED': 'conflict',
  'CLAIM.PAYMENT_ALREADY_MADE': 'conflict',
  'CLAIM.PAYMENT_ID_REUSED': 'conflict',
  'CLAIM.REJECTION_NOTICE_ALREADY_SENT': 'conflict',
  'CLAIM.FOLLOW_UP_ALREADY_COMPLETED': 'conflict',
  'CLAIM.COVERAGE_MISMATCH': 'conflict',
  // The claim is not yet at the step the command needs.
  'CLAIM.NOT_REGISTERED': 'precondition',
  'CLAIM.DOCUMENTS_INCOMPLETE': 'precondition',
  'CLAIM.NO_DOCUMENTS_MISSING': 'precondition',
  'CLAIM.NOT_ASSESSED': 'precondition',
  'CLAIM.ALREADY_ASSESSED': 'precondition',
  'CLAIM.NOT_APPROVED': 'precondition',
  'CLAIM.PAYMENT_NOT_SCHEDULED': 'precondition',
  'CLAIM.NOT_PAID': 'precondition',
  'CLAIM.NOT_REJECTED': 'precondition',
  'CLAIM.NOT_REOPENABLE': 'precondition',
  'CLAIM.FOLLOW_UP_PENDING': 'precondition',
  'CLAIM.NOT_CLOSABLE': 'precondition',
  'CLAIM.REJECTION_NOTICE_NOT_SENT': 'precondition',
  'CLAIM.DEADLINE_NOT_DUE': 'precondition',
  // Who may do it.
  'CLAIM.FOUR_EYES_REQUIRED': 'forbidden',
  // Well-formed, but the facts do not allow it.
  'CLAIM.UNKNOWN_MEMBER': 'unprocessable',
  'CLAIM.BENEFIT_NOT_IN_PRODUCT': 'unprocessable',
  'CLAIM.AMOUNT_ABOVE_ASSESSMENT': 'unprocessable',
  'CLAIM.AMOUNT_ABOVE_SUM_INSURED': 'unprocessable',
  'CLAIM.AMOUNT_BELOW_PAID': 'unprocessable',
} as const satisfies Record<string, ClaimErrorKind>;

export type ClaimErrorCode = keyof typeof CLAIM_ERRORS;

export class ClaimError extends Error {
  readonly kind: ClaimErrorKind;

  constructor(
    readonly code: ClaimErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, string | number | boolean | null>>,
  ) {
    super(message);
    this.name = 'ClaimError';
    this.kind = CLAIM_ERRORS[code];
  }
}

export const isClaimError = (e: unknown): e is ClaimError => e instanceof ClaimError;

/** Throws unless `condition` holds; reads like the rule at the call site. */
export function ensure(condition: boolean, code: ClaimErrorCode, message: string, details?: ClaimError['details']): asserts condition {
  if (!condition) throw new ClaimError(code, message, details);
}
