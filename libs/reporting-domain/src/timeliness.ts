/**
 * How one step (issuance, delivery) stands against its deadline at an instant, as the project defines the
 * three rates: done by the deadline is on time, done after it is late, still open after it counts as late
 * too (otherwise the slowest offices would look best), and an open step whose deadline has not come yet
 * is left out of the denominator. A step that is done counts even if its deadline is still ahead: the
 * outcome is already known. Something done after `asOf` was still open at `asOf`.
 */
export type Timeliness = 'on_time' | 'late' | 'open_overdue' | 'not_due' | 'not_started';

export function timeliness(dueAt: string | null, doneAt: string | null, asOf: Date): Timeliness {
  if (dueAt === null) return 'not_started';
  const due = Date.parse(dueAt);
  const now = asOf.getTime();
  if (doneAt !== null && Date.parse(doneAt) <= now) return Date.parse(doneAt) <= due ? 'on_time' : 'late';
  return now > due ? 'open_overdue' : 'not_due';
}

/** Counted in the rate's denominator. */
export const isCounted = (t: Timeliness): boolean => t === 'on_time' || t === 'late' || t === 'open_overdue';

/** Counted in the numerator. */
export const isTimely = (t: Timeliness): boolean => t === 'on_time';

export interface TimelinessTally {
  onTime: number;
  late: number;
  openOverdue: number;
  notDue: number;
}

export const emptyTally = (): TimelinessTally => ({ onTime: 0, late: 0, openOverdue: 0, notDue: 0 });

export function tally(into: TimelinessTally, t: Timeliness): TimelinessTally {
  switch (t) {
    case 'on_time':
      into.onTime++;
      break;
    case 'late':
      into.late++;
      break;
    case 'open_overdue':
      into.openOverdue++;
      break;
    case 'not_due':
      into.notDue++;
      break;
    case 'not_started':
      break;
    default: {
      const never: never = t;
      throw new Error(`unknown timeliness ${String(never)}`);
    }
  }
  return into;
}
