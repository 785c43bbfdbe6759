import { EnrollmentError } from '@fpi/enrollment-domain';

/**
 * The database's unique indexes are the last word on the "only once" rules, for the race between two
 * requests that both passed the friendly pre-check. Each index maps to the domain code the pre-check uses.
 */
const byConstraint: Record<string, () => EnrollmentError> = {
  households_head_uq: () => new EnrollmentError('ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED', 'conflict', 'a household with this head is already registered'),
  policies_household_year_uq: () => new EnrollmentError('ENROLLMENT.HOUSEHOLD_ALREADY_ENROLLED', 'conflict', 'the household already has a policy for this programme year'),
  policy_members_person_year_uq: () => new EnrollmentError('ENROLLMENT.PERSON_ALREADY_INSURED', 'conflict', 'a member is already insured in this programme year'),
  policies_number_uq: () => new EnrollmentError('ENROLLMENT.POLICY_NUMBER_TAKEN', 'conflict', 'another policy already has this policy number'),
  household_members_person_uq: () => new EnrollmentError('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD', 'conflict', 'the person is already listed in the household'),
  programme_years_pkey: () => new EnrollmentError('ENROLLMENT.PROGRAMME_YEAR_EXISTS', 'conflict', 'the programme year already exists'),
  products_pkey: () => new EnrollmentError('ENROLLMENT.PRODUCT_EXISTS', 'conflict', 'a product with this code already exists in the programme year'),
  premium_payments_policy_id_payer_reference_key: () => new EnrollmentError('ENROLLMENT.DUPLICATE_PAYMENT_REFERENCE', 'conflict', 'a payment with this payer and reference was already recorded'),
};

/** The domain error for a unique violation (SQLSTATE 23505) on a known index, else undefined. */
export function domainErrorForUniqueViolation(e: unknown): EnrollmentError | undefined {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err.driverError?.code ?? err.code;
  const constraint = err.driverError?.constraint ?? err.constraint;
  if (code !== '23505' || !constraint) return undefined;
  return byConstraint[constraint]?.();
}
