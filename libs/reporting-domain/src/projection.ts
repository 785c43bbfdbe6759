import { evolveClaimFact, type ClaimFact } from './claim-facts';
import type { ProjectionEvent } from './decode';
import { evolvePolicyFact, type PolicyFact } from './policy-facts';

/** A pure projection: which row an event belongs to, and how it changes that row. */
export interface Projection<R> {
  readonly name: string;
  /** The row key of an event this projection handles, or undefined for events it ignores. */
  keyOf(e: ProjectionEvent): string | undefined;
  evolve(row: R | null, e: ProjectionEvent): R | null;
}

export const policyFactsProjection: Projection<PolicyFact> = {
  name: 'policy_facts',
  keyOf: (e) => (e.aggregate === 'policy' ? e.aggregateId : undefined),
  evolve: (row, e) => (e.aggregate === 'policy' ? evolvePolicyFact(row, e.event) : row),
};

export const claimFactsProjection: Projection<ClaimFact> = {
  name: 'claim_facts',
  keyOf: (e) => (e.aggregate === 'claim' ? e.aggregateId : undefined),
  evolve: (row, e) => (e.aggregate === 'claim' ? evolveClaimFact(row, e.event) : row),
};

/**
 * Folds events into rows already loaded (`rows` maps key -> current row, null when absent) and returns the
 * keys whose row changed. Used by the database writer for one batch and by tests for whole streams, so
 * both apply exactly the same rules.
 */
export function foldInto<R>(projection: Projection<R>, rows: Map<string, R | null>, events: Iterable<ProjectionEvent>): Set<string> {
  const changed = new Set<string>();
  for (const e of events) {
    const key = projection.keyOf(e);
    if (key === undefined) continue;
    const before = rows.has(key) ? (rows.get(key) as R | null) : null;
    const after = projection.evolve(before, e);
    if (after !== before) {
      rows.set(key, after);
      changed.add(key);
    }
  }
  return changed;
}

/** All rows a stream of events produces, from nothing. */
export function project<R>(projection: Projection<R>, events: Iterable<ProjectionEvent>): Map<string, R> {
  const rows = new Map<string, R | null>();
  foldInto(projection, rows, events);
  return new Map([...rows].filter((entry): entry is [string, R] => entry[1] !== null));
}
