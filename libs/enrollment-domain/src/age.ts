import type { CalendarDate } from './calendar';

/**
 * Age in completed years (周岁) on `on`. Someone born on 29 February completes a year on 1 March in common
 * years, the usual reading of Chinese civil practice.
 */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}
