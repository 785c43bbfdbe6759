import { Injectable } from '@nestjs/common';
import { maskIdNumber, type ClaimBenefit } from '@fpi/contracts';
import { toInstant, type CoverageSnapshot, type ExistingClaim, type Fen } from '@fpi/claims-domain';
import { ApiError, type RegionScope } from '@fpi/platform';
import type { Queryable } from '../infrastructure/sql';
import { coverageSnapshotOf, pickPolicy, reportProblem } from './policy-record';
import { PolicyViewRepository } from './policy-view.repository';

/** What a report asks for, as far as the policy view can check it. */
export interface ReportedClaim {
  readonly claimId: string;
  readonly householdId: string;
  readonly memberId: string;
  readonly idNumber: string;
  readonly accidentAt: string;
  readonly benefits: readonly ClaimBenefit[];
  readonly claimedAmountFen: Fen | null;
}

/** Answers coverage questions from the local policy view: the facts the decider records with its decision. */
@Injectable()
export class CoverageService {
  constructor(private readonly policies: PolicyViewRepository) {}

  /**
   * Checks a report against the household's policies before anything is written (see `reportProblem`).
   * A household the caller's region does not cover answers like an unknown one would to a search: 404.
   */
  async checkReport(report: ReportedClaim, scope: RegionScope): Promise<void> {
    const withHeld = await this.policies.policiesWithHeld(report.householdId, report.claimId);
    const records = withHeld.map((r) => r.policy);
    if (records.length > 0 && !records.some((r) => scope.covers(r.regionCode))) {
      throw new ApiError('not_found', 'CLAIM.HOUSEHOLD_NOT_FOUND', 'No such household.');
    }
    let accidentAt: string;
    try {
      accidentAt = toInstant(report.accidentAt, 'accident.occurredAt');
    } catch {
      return; // the decider answers a malformed time with its own code
    }
    const held = new Map(withHeld.map((r) => [r.policy.policyId, r.held]));
    const problem = reportProblem(
      records,
      {
        accidentAt,
        memberId: report.memberId,
        idNumberMasked: maskIdNumber(report.idNumber.toUpperCase()),
        benefits: report.benefits,
        claimedAmountFen: report.claimedAmountFen,
      },
      (policyId) => held.get(policyId)?.medicalFen ?? 0n,
      (policyId) => held.get(policyId)?.memberSharesHeld ?? [],
    );
    if (problem) throw problem;
  }

  /** The coverage a registration records: the household's policy for the accident date, or null if none is known. */
  async forRegistration(claim: ExistingClaim): Promise<CoverageSnapshot | null> {
    const records = await this.policies.policiesOfHousehold(claim.report.householdId);
    const policy = pickPolicy(records, claim.report.accident.occurredAt);
    if (policy === null) return null;
    const held = await this.policies.heldByOtherClaims(policy.policyId, claim.claimId);
    return coverageSnapshotOf(policy, held.medicalFen, held.memberSharesHeld);
  }

  /**
   * The coverage an assessment decides on: the registered policy as the view knows it now, with what is
   * left of the household's medical limit and what the member's other claims hold of their share. Call inside {@link PolicyViewRepository.withPolicyLock} with
   * its client, so the remainder cannot change before the assessment is appended and recorded.
   */
  async forAssessment(claim: ExistingClaim, client: Queryable): Promise<CoverageSnapshot | null> {
    const registered = claim.coverage;
    if (registered === null) return null;
    const policy = await this.policies.policy(registered.policyId, client);
    const held = await this.policies.heldByOtherClaims(registered.policyId, claim.claimId, client);
    if (policy) return coverageSnapshotOf(policy, held.medicalFen, held.memberSharesHeld);
    // The view lost the policy (a rebuild in progress): decide on the registered terms, with today's remainders.
    const remaining = registered.medicalLimitFen - held.medicalFen;
    const insured = new Set(registered.insuredMemberIds);
    return {
      ...registered,
      medicalRemainingFen: remaining > 0n ? remaining : 0n,
      memberSharesHeld: held.memberSharesHeld.filter((h) => insured.has(h.memberId)),
    };
  }

  withPolicyLock<T>(policyId: string, work: (client: Queryable) => Promise<T>): Promise<T> {
    return this.policies.withPolicyLock(policyId, work);
  }
}
