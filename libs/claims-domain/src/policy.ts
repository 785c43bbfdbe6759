import type { ClaimBenefit, ClaimDocument, FastTrackReason } from '@fpi/contracts';
import type { Fen } from './money';

/** Statutory clocks in calendar days (PRC Insurance Law). */
export interface DeadlinePolicy {
  /** Art. 23: decide within 30 days of the claim and its documents (clock paused while documents are awaited). */
  decisionDays: number;
  /** Art. 25: when the amount cannot be fixed within 60 days, pay the determined part first. */
  advancePaymentDays: number;
  /** Art. 24: send the rejection notice within 3 days of the decision. */
  rejectionNoticeDays: number;
  /** Art. 23: pay within 10 days of agreeing the amount. */
  paymentDays: number;
}

export const STATUTORY_DEADLINES: DeadlinePolicy = { decisionDays: 30, advancePaymentDays: 60, rejectionNoticeDays: 3, paymentDays: 10 };

/** Green channel (绿色快速通道) criteria and the tighter targets a fast-tracked claim is held to. */
export interface FastTrackPolicy {
  /** Medical-only claims whose claimed amount is below the threshold and whose invoices are in. */
  smallMedical: { enabled: boolean; claimedBelowFen: Fen };
  /** Accidental death with the death certificate in. */
  accidentalDeath: { enabled: boolean };
  /** Households marked vulnerable (特扶, 计生特殊家庭, 低保/脱贫). */
  vulnerableHousehold: { enabled: boolean };
  targets: { decisionDays: number; paymentDays: number | null };
}

/** The programme's configurable claim rules (per programme year). */
export interface ClaimPolicy {
  /** The contract's reporting window after an accident; a later report is recorded as late, not refused. */
  reportingWindowHours: number;
  /** Approvals strictly above this amount need an approver other than the assessor (four eyes). */
  fourEyesAboveFen: Fen;
  /** Unanswered follow-up calls after which the follow-up is complete as "unreachable". */
  followUpMaxAttempts: number;
  deadlines: DeadlinePolicy;
  fastTrack: FastTrackPolicy;
}

export const defaultClaimPolicy: ClaimPolicy = {
  reportingWindowHours: 48,
  fourEyesAboveFen: 1_000_000n, // 10,000 yuan, about three average payouts
  followUpMaxAttempts: 3,
  deadlines: STATUTORY_DEADLINES,
  fastTrack: {
    smallMedical: { enabled: true, claimedBelowFen: 500_000n }, // 5,000 yuan
    accidentalDeath: { enabled: true },
    vulnerableHousehold: { enabled: true },
    targets: { decisionDays: 3, paymentDays: 3 },
  },
};

/** What the fast-track rules look at. */
export interface FastTrackFacts {
  benefits: readonly ClaimBenefit[];
  claimedAmountFen: Fen | null;
  documentsReceived: readonly ClaimDocument[];
  householdVulnerable: boolean;
}

/** The green-channel criteria the claim meets (empty: none). Pure; evaluated at registration and when documents complete. */
export function fastTrackReasons(facts: FastTrackFacts, policy: FastTrackPolicy): FastTrackReason[] {
  const reasons: FastTrackReason[] = [];
  const { smallMedical, accidentalDeath, vulnerableHousehold } = policy;
  if (
    smallMedical.enabled &&
    facts.benefits.length > 0 &&
    facts.benefits.every((b) => b === 'medical') &&
    facts.claimedAmountFen !== null &&
    facts.claimedAmountFen < smallMedical.claimedBelowFen &&
    facts.documentsReceived.includes('medical_invoice')
  ) {
    reasons.push('SMALL_MEDICAL');
  }
  if (accidentalDeath.enabled && facts.benefits.includes('death') && facts.documentsReceived.includes('death_certificate')) {
    reasons.push('ACCIDENTAL_DEATH');
  }
  if (vulnerableHousehold.enabled && facts.householdVulnerable) reasons.push('VULNERABLE_HOUSEHOLD');
  return reasons;
}
