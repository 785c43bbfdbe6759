import type { Benefits, HouseholdStatus, Policy, Region, Relationship } from '@fpi/enrollment-domain';

export interface InsuredMember {
  memberId: string;
  relationship: Relationship;
  idNumberMasked: string;
  idNumberHash: string;
  sex: 'MALE' | 'FEMALE';
  birthYear: number;
  ageAtCoverStart: number;
  deathDisabilityShareFen: bigint;
}

/** A policy's state (the domain's `Policy`) with what was fixed when it was applied for. */
export interface PolicyRecord {
  policy: Policy;
  region: Region;
  householdStatus: HouseholdStatus;
  householdMemberCount: number;
  /** The product's benefits; products are immutable once created, so these never change under a policy. */
  benefits: Benefits;
  insuredMembers: InsuredMember[];
  giftedBatchId?: string | null;
}
