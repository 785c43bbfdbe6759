import { addDaysToInstant, DAY_IN_MS } from './calendar';

/**
 * Deadlines behind the timely issuance rate (保单及时出单率) and the timely delivery rate (保单限期入户率).
 * The clocks start at the instant the premium is fully paid and the instant the policy is issued.
 */
export const issuanceDueAt = (premiumFullyPaidAt: Date, issuanceDeadlineDays: number): Date => addDaysToInstant(premiumFullyPaidAt, issuanceDeadlineDays);
export const deliveryDueAt = (issuedAt: Date, deliveryDeadlineDays: number): Date => addDaysToInstant(issuedAt, deliveryDeadlineDays);

export type OverdueKind = 'ISSUANCE' | 'DELIVERY';

export interface DeadlineFacts {
  status: string;
  issuanceDueAt: Date | null;
  issuedAt: Date | null;
  deliveryDueAt: Date | null;
  deliveredAt: Date | null;
}

export interface Overdue {
  kind: OverdueKind;
  dueAt: Date;
  overdueMs: number;
  /** Started days late: one second past the deadline is one day late. */
  overdueDays: number;
}

/** The open, overdue step of a policy at `now`, if any. Cancelled and expired policies owe nothing. */
export function overdueOf(p: DeadlineFacts, now: Date): Overdue | null {
  if (p.status === 'CANCELLED' || p.status === 'EXPIRED') return null;
  if (p.issuedAt === null && p.issuanceDueAt !== null && now > p.issuanceDueAt) return late('ISSUANCE', p.issuanceDueAt, now);
  if (p.issuedAt !== null && p.deliveredAt === null && p.deliveryDueAt !== null && now > p.deliveryDueAt) return late('DELIVERY', p.deliveryDueAt, now);
  return null;
}

const late = (kind: OverdueKind, dueAt: Date, now: Date): Overdue => {
  const overdueMs = now.getTime() - dueAt.getTime();
  return { kind, dueAt, overdueMs, overdueDays: Math.ceil(overdueMs / DAY_IN_MS) };
};

/**
 * How one step stands against its deadline, as the three-rates definitions count it: done in time or late,
 * still open and overdue (counts as late), or not yet due (left out of the denominator).
 */
export type Timeliness = 'ON_TIME' | 'LATE' | 'OPEN_OVERDUE' | 'NOT_DUE' | 'NOT_STARTED';

export function timeliness(dueAt: Date | null, doneAt: Date | null, now: Date): Timeliness {
  if (dueAt === null) return 'NOT_STARTED';
  if (doneAt !== null) return doneAt <= dueAt ? 'ON_TIME' : 'LATE';
  return now > dueAt ? 'OPEN_OVERDUE' : 'NOT_DUE';
}
