import { deadlinesOf, minFen, netPaidFen, sumFen, type ClaimPolicy, type ExistingClaim, type Fen } from '@fpi/claims-domain';
import type { DeadlineKind } from '@fpi/contracts';
import { claimRegion } from '../shared/claim-view';

/** One row of `claims_summaries`: what the claim list shows and filters on. */
export interface SummaryRow {
  claimId: string;
  regionCode: string;
  householdId: string;
  policyId: string | null;
  status: string;
  benefits: string[];
  claimedFen: Fen | null;
  assessedFen: Fen | null;
  approvedFen: Fen | null;
  paidFen: Fen;
  fastTrack: boolean;
  reportedAt: string;
  updatedAt: string;
  revision: bigint;
}

/** One row of `claim_deadlines`: the earliest deadline not yet recorded as breached (null: nothing pending). */
export interface DeadlineRow {
  claimId: string;
  regionCode: string;
  deadline: DeadlineKind | null;
  cycle: number | null;
  dueAt: string | null;
  revision: bigint;
}

/**
 * One row of `claims_medical_ledger`: how much of the household's shared medical limit this claim holds,
 * and how much of its claimant's death/disability share.
 */
export interface LedgerRow {
  claimId: string;
  policyId: string;
  householdId: string;
  committedFen: Fen;
  memberId: string;
  shareCommittedFen: Fen;
  revision: bigint;
}

export function summaryRowOf(claim: ExistingClaim, revision: bigint, at: string): SummaryRow {
  return {
    claimId: claim.claimId,
    regionCode: claimRegion(claim),
    householdId: claim.report.householdId,
    policyId: claim.coverage?.policyId ?? null,
    status: claim.status,
    benefits: [...claim.report.benefits],
    claimedFen: claim.report.claimedAmountFen,
    assessedFen: claim.assessment?.totalFen ?? null,
    approvedFen: claim.approval?.approvedFen ?? null,
    paidFen: netPaidFen(claim),
    fastTrack: claim.fastTrack !== null,
    reportedAt: claim.steps.reportedAt,
    updatedAt: at,
    revision,
  };
}

/**
 * The scheduler's work item: deadlines whose clock runs (or stopped late) and that no breach event records
 * yet; the earliest of them. A recorded breach drops out, so a claim that stays overdue is not rescanned.
 */
export function deadlineRowOf(claim: ExistingClaim, revision: bigint, policy: ClaimPolicy): DeadlineRow {
  const recorded = (kind: DeadlineKind, cycle: number) => claim.breaches.some((b) => b.deadline === kind && b.cycle === cycle);
  const pending = deadlinesOf(claim, policy.deadlines)
    .filter((d) => d.dueAt !== null && !recorded(d.kind, d.cycle))
    .filter((d) => d.stoppedAt === null || Date.parse(d.stoppedAt) > Date.parse(d.dueAt as string))
    .sort((a, b) => Date.parse(a.dueAt as string) - Date.parse(b.dueAt as string));
  const first = pending[0];
  return {
    claimId: claim.claimId,
    regionCode: claimRegion(claim),
    deadline: first?.kind ?? null,
    cycle: first?.cycle ?? null,
    dueAt: first?.dueAt ?? null,
    revision,
  };
}

/**
 * What the claim holds of the shared medical limit and of its claimant's death/disability share: the
 * medical line, and the death and disability lines, of its assessment (reserved from the moment it is
 * assessed, so two claims cannot both be assessed against the same remainder), each capped by the approved
 * amount once approved; nothing once rejected, withdrawn or reopened (a reopening clears the assessment).
 * Null before the claim has coverage (nothing to hold).
 */
export function ledgerRowOf(claim: ExistingClaim, revision: bigint): LedgerRow | null {
  if (claim.coverage === null) return null;
  const lines = claim.assessment?.lines ?? [];
  const medical = sumFen(lines.filter((l) => l.benefit === 'medical').map((l) => l.amountFen));
  const share = sumFen(lines.filter((l) => l.benefit === 'death' || l.benefit === 'disability').map((l) => l.amountFen));
  const released = claim.status === 'rejected' || claim.status === 'withdrawn' || claim.closure?.outcome === 'rejected';
  const held = (amount: Fen): Fen => (released ? 0n : claim.approval ? minFen(amount, claim.approval.approvedFen) : amount);
  return {
    claimId: claim.claimId,
    policyId: claim.coverage.policyId,
    householdId: claim.report.householdId,
    committedFen: held(medical),
    memberId: claim.report.claimant.memberId,
    shareCommittedFen: held(share),
    revision,
  };
}
