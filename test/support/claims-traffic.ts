import { randomUUID } from 'node:crypto';
import { maskIdNumber, residentIdCheckCharacter, type PolicyEvent } from '@fpi/contracts';

/**
 * Claims traffic without the enrollment service: households whose policies are in force from 2025-01-01 to
 * 2026-12-31, published to the enrollment topic as enrollment would, and the documents an allowance claim
 * needs. Used by the claims benchmark and the kill-recovery test.
 */
export const COUNTY = '110105';

/** A format-valid resident ID number with a 19th-century birth date (never a living person's). */
export function syntheticId(n: number): string {
  const body = `${COUNTY}18${String(10 + (n % 80)).padStart(2, '0')}0${1 + (n % 9)}1${n % 10}${String(100 + (n % 900)).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

export interface Household {
  policyId: string;
  householdId: string;
  members: { memberId: string; idNumber: string }[];
}

export function household(n: number): Household {
  return { policyId: randomUUID(), householdId: randomUUID(), members: Array.from({ length: 4 }, (_, i) => ({ memberId: randomUUID(), idNumber: syntheticId(n * 4 + i) })) };
}

export function policyInForce(h: Household): PolicyEvent {
  const township = `${COUNTY}001`;
  return {
    eventId: randomUUID(),
    type: 'PolicyInForce',
    version: 1,
    aggregateType: 'policy',
    aggregateId: h.policyId,
    revision: 1,
    occurredAt: '2024-12-31T16:00:00.000Z',
    actor: 'system',
    data: {
      policy: {
        policyId: h.policyId, policyNumber: `PN-${h.policyId.slice(0, 8)}`, householdId: h.householdId, programmeYear: 2025, productCode: 'STD-60',
        status: 'IN_FORCE', channel: 'COUNTER', referrerId: null, region: { countyCode: COUNTY, townshipCode: township, villageCode: `${township}001` },
        householdStatus: 'ONE_CHILD', vulnerable: false, householdMemberCount: 4, insuredPersons: 4, premiumFen: '6000', paidFen: '6000',
        payerShares: [{ payer: 'HOUSEHOLD', amountFen: '6000', paidFen: '6000' }], coverStartsOn: '2025-01-01', coverEndsOn: '2026-12-31',
        coverage: { deathDisabilitySumInsuredFen: '10000000', medicalLimitFen: '1000000', medicalDeductibleFen: '10000', medicalReimbursementBp: 9000, hospitalAllowancePerDayFen: '5000', hospitalAllowanceMaxDays: 30 },
        insuredMembers: h.members.map((m) => ({ memberId: m.memberId, relationship: 'HEAD', idNumberMasked: maskIdNumber(m.idNumber), sex: 'MALE', ageAtCoverStart: 30, deathDisabilitySumInsuredFen: '2500000' })),
        issuanceDeadlineDays: 3, deliveryDeadlineDays: 15,
        timestamps: { appliedAt: '2024-12-01T00:00:00.000Z', premiumFullyPaidAt: null, issuanceDueAt: null, issuedAt: null, deliveryDueAt: null, deliveredAt: null, inForceAt: null, expiredAt: null, cancelledAt: null },
        renewedFromPolicyId: null, renewedToPolicyId: null,
      },
    },
  } as PolicyEvent;
}

export const ALLOWANCE_DOCUMENTS = ['claim_form', 'id_document', 'accident_proof', 'bank_account', 'medical_records', 'discharge_summary'];
