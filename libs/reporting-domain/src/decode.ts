import { validateClaimEventV1, validateEnrollmentEvent, type ClaimEventV1, type HouseholdEvent, type PolicyEvent } from '@fpi/contracts';
import { UndecodableEventError } from './errors';

/** The source streams the projections read. */
export type SourceStream = 'claims' | 'enrollment';

interface Meta {
  /** Kafka key and aggregate id: claim id, policy id or household id. */
  aggregateId: string;
  /** The aggregate's revision (claims: 0-based sequence; enrollment: 1-based revision). */
  revision: number;
  eventId: string;
  occurredAt: string;
}

/** An event the projections understand, tagged with the aggregate it belongs to. */
export type ProjectionEvent =
  | (Meta & { aggregate: 'claim'; event: ClaimEventV1 })
  | (Meta & { aggregate: 'policy'; event: PolicyEvent })
  /** Household events are validated and acknowledged; policy events already carry what the figures need. */
  | (Meta & { aggregate: 'household'; event: HouseholdEvent });

const MAX_PROBLEMS = 5;

/**
 * The contracts check instants by pattern only, which lets `2021-02-30T00:00:00Z` through; JavaScript would
 * roll it over to 2 March and PostgreSQL would refuse it. Either way it is not a time, so it is refused here.
 */
function realInstant(value: string | null): boolean {
  if (value === null) return true;
  const t = Date.parse(value);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === value.slice(0, 19);
}

function requireInstants(what: string, values: Record<string, string | null>): void {
  const bad = Object.entries(values).filter(([, v]) => !realInstant(v)).map(([k]) => k);
  if (bad.length > 0) throw new UndecodableEventError(`${what}: not a real instant: ${bad.join(', ')}`);
}

/**
 * Checks a parsed message against the published contract of its stream. Anything that fails (unknown type,
 * unknown version, a missing field, a raw ID number where a masked one belongs) can never be projected and
 * is thrown as undecodable, which the consumer dead-letters at once.
 */
export function toProjectionEvent(stream: SourceStream, value: unknown): ProjectionEvent {
  if (stream === 'claims') {
    const check = validateClaimEventV1(value);
    if (!check.valid) throw new UndecodableEventError(`not a claim event v1: ${check.errors.slice(0, MAX_PROBLEMS).join('; ')}`);
    const e = value as ClaimEventV1;
    requireInstants('claim event', { occurredAt: e.occurredAt });
    return { aggregate: 'claim', aggregateId: e.claimId, revision: e.sequence, eventId: e.eventId, occurredAt: e.occurredAt, event: e };
  }
  const check = validateEnrollmentEvent(value);
  if (!check.ok) {
    throw new UndecodableEventError(`not an enrollment event v1: ${check.problems.slice(0, MAX_PROBLEMS).map((p) => `${p.path} ${p.problem}`).join('; ')}`);
  }
  const e = check.event;
  const meta: Meta = { aggregateId: e.aggregateId, revision: e.revision, eventId: e.eventId, occurredAt: e.occurredAt };
  if (e.aggregateType === 'policy') {
    const pe = e as PolicyEvent;
    // The envelope and the snapshot must name the same policy, or the row would be filed under the wrong key.
    if (pe.data.policy.policyId !== e.aggregateId) throw new UndecodableEventError('policy event whose aggregateId differs from data.policy.policyId');
    requireInstants('policy event', { occurredAt: e.occurredAt, ...pe.data.policy.timestamps });
    return { ...meta, aggregate: 'policy', event: pe };
  }
  return { ...meta, aggregate: 'household', event: e as HouseholdEvent };
}
