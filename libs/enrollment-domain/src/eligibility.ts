import { ageOn } from './age';
import type { CalendarDate } from './calendar';
import { EnrollmentError } from './errors';
import type { Product } from './product';

export interface InsurablePerson {
  /** Where the person sits in the request, for error messages (e.g. `insuredMemberIds[2]`). */
  field: string;
  birthDate: CalendarDate;
}

/** Insured members must number within the product's limits and each be of insurable age when cover starts. */
export function checkInsurable(product: Product, coverStartsOn: CalendarDate, people: readonly InsurablePerson[]): number[] {
  if (people.length < product.minMembers || people.length > product.maxMembers) {
    throw new EnrollmentError('ENROLLMENT.MEMBER_COUNT_OUT_OF_RANGE', 'unprocessable', `${product.code} insures ${product.minMembers} to ${product.maxMembers} members, got ${people.length}`, {
      minMembers: product.minMembers,
      maxMembers: product.maxMembers,
      count: people.length,
    });
  }
  return people.map((p) => {
    const age = ageOn(p.birthDate, coverStartsOn);
    if (age < product.minAge || age > product.maxAge) {
      throw new EnrollmentError('ENROLLMENT.AGE_OUT_OF_RANGE', 'unprocessable', `${p.field} is ${age} when cover starts on ${coverStartsOn}; ${product.code} insures ages ${product.minAge} to ${product.maxAge}`, {
        field: p.field,
        age,
        minAge: product.minAge,
        maxAge: product.maxAge,
      });
    }
    return age;
  });
}
