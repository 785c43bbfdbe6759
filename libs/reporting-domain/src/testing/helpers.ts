import type { ClaimEventV1, PolicyEvent } from '@fpi/contracts';
import type { ClaimFact } from '../claim-facts';
import { toProjectionEvent, type ProjectionEvent } from '../decode';
import type { PolicyFact } from '../policy-facts';
import { claimFactsProjection, policyFactsProjection, project } from '../projection';

/** Contract events as the consumer sees them: validated by the same decoder. */
export const asProjectionEvents = (events: readonly (ClaimEventV1 | PolicyEvent)[]): ProjectionEvent[] =>
  events.map((e) => toProjectionEvent('eventId' in e && 'claimId' in e ? 'claims' : 'enrollment', JSON.parse(JSON.stringify(e))));

export const policyRows = (events: readonly ProjectionEvent[]): PolicyFact[] => [...project(policyFactsProjection, events).values()];
export const claimRows = (events: readonly ProjectionEvent[]): ClaimFact[] => [...project(claimFactsProjection, events).values()];

/** Projects the events once and twice in a row; the tests assert both give the same rows (idempotence). */
export function projectTwice(events: readonly ProjectionEvent[]): { once: { policies: PolicyFact[]; claims: ClaimFact[] }; twice: { policies: PolicyFact[]; claims: ClaimFact[] } } {
  const doubled = [...events, ...events];
  return {
    once: { policies: policyRows(events), claims: claimRows(events) },
    twice: { policies: policyRows(doubled), claims: claimRows(doubled) },
  };
}
