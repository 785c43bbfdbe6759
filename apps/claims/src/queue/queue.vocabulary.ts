import type { ClaimStatus } from '@fpi/claims-domain';
import { CLAIM_BENEFITS } from '@fpi/contracts';

/**
 * What a claim waits for, derived from its status only (never stored separately from the events), so a
 * rebuild gives the same queue. Some actions wait on someone outside the insurer (`receive_documents`:
 * the family; `record_payment`: the bank); they stay in the queue because their clocks keep running.
 */
export const QUEUE_ACTIONS = [
  'register',
  'request_documents',
  'receive_documents',
  'assess',
  'approve',
  'schedule_payment',
  'record_payment',
  'follow_up',
  'send_rejection_notice',
  'close',
] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/**
 * Actions only someone holding `claims:approve` can take: a handler asking for work never receives them.
 * The predicate of the index `queue_claims_county_unassigned_work` repeats this list (see its migration).
 */
export const APPROVER_ACTIONS: readonly QueueAction[] = ['approve'];

/** Statuses a queue filter may name: every status of an existing claim. */
export const CLAIM_STATUSES = [
  'reported',
  'registered',
  'awaiting_documents',
  'documents_complete',
  'assessed',
  'approved',
  'payment_scheduled',
  'paid',
  'followed_up',
  'rejected',
  'closed',
  'withdrawn',
] as const satisfies readonly Exclude<ClaimStatus, 'empty'>[];

export const QUEUE_BENEFITS = CLAIM_BENEFITS;

/**
 * Where a claim stands against its next deadline at query time. `paused`: the decision clocks stopped
 * while documents are awaited; `none`: no clock runs yet (reported, not registered).
 */
export const DEADLINE_BUCKETS = ['overdue', 'due_soon', 'on_time', 'paused', 'none'] as const;
export type DeadlineBucket = (typeof DEADLINE_BUCKETS)[number];

/** Answer code for an unknown or foreign claim: the same 404 either way (OWASP API1). */
export const CLAIM_NOT_FOUND = { code: 'CLAIM.NOT_FOUND', message: 'No such claim.' } as const;
