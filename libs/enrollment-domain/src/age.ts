import type { CalendarDate } from './calendar';

/**
 * Age in completed years (周岁) on `on`. Someone born on 29 February completes a year on 1 March in common
 * years, the usual reading of Chinese civil practice.
 */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  // Whole calendar dates (YYYY-MM-DD) compare as strings from the month on: "MM-DD" before the birthday's
  // "MM-DD" means the year is not yet complete. No splitting: a batch computes this for every person twice.
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (on.slice(5) < birthDate.slice(5)) age -= 1;
  return age;
}
