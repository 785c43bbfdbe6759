import { deadlinesOf, netPaidFen, nextDeadline, type ClaimPolicy, type ClaimState, type ExistingClaim } from '@fpi/claims-domain';
import { maskName, maskPhone, redactText } from '@fpi/contracts';
import { ApiError, type RegionScope } from '@fpi/platform';

/** A JSON value in an answer. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Plain data with bigint fen as decimal strings (the JSON form of money everywhere in this API). */
export function jsonSafe(value: unknown): Json {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return null;
}

/** The region a claim belongs to: the household's county once registered, the accident's before. */
export const claimRegion = (claim: ExistingClaim): string => claim.coverage?.regionCode ?? claim.report.accident.regionCode;

/**
 * The most specific region a claim is known to lie in, for access checks: the household's village once
 * registration recorded it (so county, township and village tokens all see it by prefix), otherwise the
 * county. The queue scopes township tokens by the same rule.
 */
export const claimAccessRegion = (claim: ExistingClaim): string => claim.coverage?.villageCode ?? claimRegion(claim);

const NOT_FOUND_MESSAGE = 'No such claim.';

/**
 * The one answer for a claim that does not exist and for a claim outside the caller's region (OWASP API1):
 * the same status, code and message, so the answer never confirms that someone else's claim exists.
 */
export const claimNotFound = (): ApiError => new ApiError('not_found', 'CLAIM.NOT_FOUND', NOT_FOUND_MESSAGE);

/** The claim if it exists and lies in the caller's scope; otherwise the not-found answer. */
export function visibleClaim(state: ClaimState, scope: RegionScope): ExistingClaim {
  if (state.status === 'empty' || !scope.covers(claimAccessRegion(state))) throw claimNotFound();
  return state;
}

export const etagOf = (revision: bigint): string => `"${revision}"`;

/**
 * The claim as the API shows it: the whole file, amounts as strings, with its clocks. The reporter's name
 * and phone are masked, and free text has anything shaped like an ID number, phone or account masked,
 * unless the caller may unmask and said why. Masking is by field, never over the whole document: a
 * blanket text redaction would also "mask" ids that happen to contain a long run of digits.
 */
export function claimView(claim: ExistingClaim, revision: bigint, policy: ClaimPolicy, opts: { unmasked: boolean }): Json {
  const { report, coverage } = claim;
  const free = (text: string): string => (opts.unmasked ? text : redactText(text));
  const note = <T extends { note: string } | null>(v: T): T => (v === null ? v : { ...v, note: free(v.note) });
  return jsonSafe({
    claimId: claim.claimId,
    revision: Number(revision),
    status: claim.status,
    cycle: claim.cycle,
    regionCode: claimRegion(claim),
    householdId: report.householdId,
    claimant: report.claimant,
    accident: { ...report.accident, place: free(report.accident.place), description: free(report.accident.description) },
    benefits: report.benefits,
    channel: report.channel,
    reporter: opts.unmasked
      ? report.reporter
      : { relation: report.reporter.relation, name: maskName(report.reporter.name), phone: report.reporter.phone === null ? null : maskPhone(report.reporter.phone) },
    reportedLate: report.reportedLate,
    policy: coverage && {
      policyId: coverage.policyId,
      policyNumber: coverage.policyNumber,
      status: coverage.status,
      coverStart: coverage.coverStart,
      coverEnd: coverage.coverEnd,
      householdVulnerable: coverage.householdVulnerable,
    },
    amounts: {
      claimedFen: report.claimedAmountFen,
      assessedFen: claim.assessment?.totalFen ?? null,
      approvedFen: claim.approval?.approvedFen ?? null,
      paidFen: netPaidFen(claim),
    },
    documents: claim.documents,
    fastTrack: claim.fastTrack,
    assessment: claim.assessment,
    approval: claim.approval,
    rejection: note(claim.rejection),
    payments: claim.payments,
    followUp: claim.followUp,
    withdrawal: claim.withdrawal,
    closure: claim.closure,
    reopenings: claim.reopenings,
    deadlineBreaches: claim.breaches,
    nextDeadline: nextDeadline(claim, policy.deadlines),
    deadlines: deadlinesOf(claim, policy.deadlines).map((d) => ({ kind: d.kind, cycle: d.cycle, dueAt: d.dueAt, paused: d.paused, stoppedAt: d.stoppedAt })),
    steps: claim.steps,
  });
}
