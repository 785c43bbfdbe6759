import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANCELLATION_REASONS,
  CHANNELS,
  DELIVERY_METHODS,
  HOUSEHOLD_STATUSES,
  isVulnerableStatus,
  PAYER_TYPES,
  paidByPayer,
  paidFenOf,
  POLICY_STATUSES,
  RELATIONSHIPS,
  timeliness,
} from '@fpi/enrollment-domain';
import { RegionResponse } from '../households/household.response';
import { BenefitsResponse } from '../programmes/product.response';
import { FenOutput } from '../shared/fen.dto';
import { PageInfo } from '../shared/pagination';
import type { PolicyRecord } from './policy.record';

const TIMELINESS = ['ON_TIME', 'LATE', 'OPEN_OVERDUE', 'NOT_DUE', 'NOT_STARTED'];

export class PolicyPayerShareResponse {
  @ApiProperty({ enum: PAYER_TYPES }) payer!: string;
  @FenOutput('Share of the premium') amountFen!: string;
  @FenOutput('Paid so far by this payer') paidFen!: string;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ enum: PAYER_TYPES }) payer!: string;
  @FenOutput('Amount') amountFen!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() paidAt!: string;
  @ApiProperty() recordedBy!: string;
}

export class InsuredMemberResponse {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ example: '4499**********0013' }) idNumberMasked!: string;
  @ApiProperty({ enum: ['MALE', 'FEMALE'] }) sex!: string;
  @ApiProperty() ageAtCoverStart!: number;
  @FenOutput('This member\'s equal share of the household death and disability sum insured') deathDisabilitySumInsuredFen!: string;
}

export class PolicyTimelineResponse {
  @ApiProperty() appliedAt!: string;
  @ApiProperty() appliedBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) premiumFullyPaidAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Issuance deadline (出单时限)' }) issuanceDueAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) issuedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) issuedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Delivery deadline (入户时限)' }) deliveryDueAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) inForceAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) expiredAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelledBy!: string | null;
  @ApiProperty({ enum: TIMELINESS, description: 'Issuance against its deadline, as the timely issuance rate counts it' }) issuanceTimeliness!: string;
  @ApiProperty({ enum: TIMELINESS, description: 'Delivery against its deadline, as the timely delivery rate counts it' }) deliveryTimeliness!: string;
}

export class DeliveryResponse {
  @ApiProperty({ enum: DELIVERY_METHODS }) method!: string;
  @ApiProperty() receiverName!: string;
  @ApiProperty() proofReference!: string;
}

export class CancellationResponse {
  @ApiProperty({ enum: CANCELLATION_REASONS }) reason!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
}

export class PolicyResponse {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) policyNumber!: string | null;
  @ApiProperty({ description: 'Also the ETag; send it as If-Match with a transition' }) revision!: number;
  @ApiProperty({ enum: POLICY_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() programmeYear!: number;
  @ApiProperty() productCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) referrerId!: string | null;
  @ApiProperty({ type: RegionResponse }) region!: RegionResponse;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES, description: 'Household status when the policy was applied for' }) householdStatus!: string;
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty() householdMemberCount!: number;
  @FenOutput('Premium') premiumFen!: string;
  @FenOutput('Paid so far') paidFen!: string;
  @FenOutput('Still owed') outstandingFen!: string;
  @ApiProperty({ type: [PolicyPayerShareResponse] }) payerShares!: PolicyPayerShareResponse[];
  @ApiProperty({ type: [PaymentResponse] }) payments!: PaymentResponse[];
  @ApiProperty({ example: '2025-03-01' }) coverStartsOn!: string;
  @ApiProperty({ example: '2025-12-31' }) coverEndsOn!: string;
  @ApiProperty({ type: BenefitsResponse }) coverage!: BenefitsResponse;
  @ApiProperty({ type: [InsuredMemberResponse] }) insuredMembers!: InsuredMemberResponse[];
  @ApiProperty({ type: PolicyTimelineResponse }) timeline!: PolicyTimelineResponse;
  @ApiPropertyOptional({ nullable: true, type: DeliveryResponse }) delivery!: DeliveryResponse | null;
  @ApiPropertyOptional({ nullable: true, type: CancellationResponse }) cancellation!: CancellationResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String }) renewedFromPolicyId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) renewedToPolicyId!: string | null;
}

export class PolicySummary {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) policyNumber!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: POLICY_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() programmeYear!: number;
  @ApiProperty() productCode!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) referrerId!: string | null;
  @ApiProperty({ type: RegionResponse }) region!: RegionResponse;
  @FenOutput('Premium') premiumFen!: string;
  @FenOutput('Paid so far') paidFen!: string;
  @ApiProperty() appliedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) issuedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt!: string | null;
}

export class PolicyPageResponse extends PageInfo {
  @ApiProperty({ type: [PolicySummary] }) items!: PolicySummary[];
}

export class PolicyHistoryEntry {
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'PolicyIssued' }) change!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ format: 'uuid', description: 'Id of the integration event published for this change' }) eventId!: string;
}

export class PolicyHistoryResponse {
  @ApiProperty({ type: [PolicyHistoryEntry] }) items!: PolicyHistoryEntry[];
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function policyResponse(r: PolicyRecord, now: Date): PolicyResponse {
  const p = r.policy;
  const paid = paidFenOf(p);
  return {
    policyId: p.policyId,
    policyNumber: p.policyNumber,
    revision: p.revision,
    status: p.status,
    householdId: p.householdId,
    programmeYear: p.programmeYear,
    productCode: p.productCode,
    channel: p.channel,
    referrerId: p.referrerId,
    region: { ...r.region },
    householdStatus: r.householdStatus,
    vulnerable: isVulnerableStatus(r.householdStatus),
    householdMemberCount: r.householdMemberCount,
    premiumFen: p.premiumFen.toString(),
    paidFen: paid.toString(),
    outstandingFen: (p.premiumFen - paid).toString(),
    payerShares: p.payerShares.map((s) => ({ payer: s.payer, amountFen: s.amountFen.toString(), paidFen: paidByPayer(p, s.payer).toString() })),
    payments: p.payments.map((x) => ({ paymentId: x.paymentId, payer: x.payer, amountFen: x.amountFen.toString(), reference: x.reference, paidAt: x.paidAt.toISOString(), recordedBy: x.recordedBy })),
    coverStartsOn: p.coverStartsOn,
    coverEndsOn: p.coverEndsOn,
    coverage: {
      deathDisabilitySumInsuredFen: r.benefits.deathDisabilitySumInsuredFen.toString(),
      medicalLimitFen: r.benefits.medicalLimitFen.toString(),
      medicalDeductibleFen: r.benefits.medicalDeductibleFen.toString(),
      medicalReimbursementBp: r.benefits.medicalReimbursementBp,
      hospitalAllowancePerDayFen: r.benefits.hospitalAllowancePerDayFen.toString(),
      hospitalAllowanceMaxDays: r.benefits.hospitalAllowanceMaxDays,
    },
    insuredMembers: r.insuredMembers.map((m) => ({
      memberId: m.memberId,
      relationship: m.relationship,
      idNumberMasked: m.idNumberMasked,
      sex: m.sex,
      ageAtCoverStart: m.ageAtCoverStart,
      deathDisabilitySumInsuredFen: m.deathDisabilityShareFen.toString(),
    })),
    timeline: {
      appliedAt: p.appliedAt.toISOString(),
      appliedBy: p.appliedBy,
      premiumFullyPaidAt: iso(p.premiumFullyPaidAt),
      issuanceDueAt: iso(p.issuanceDueAt),
      issuedAt: iso(p.issuedAt),
      issuedBy: p.issuedBy,
      deliveryDueAt: iso(p.deliveryDueAt),
      deliveredAt: iso(p.delivery?.deliveredAt),
      deliveredBy: p.delivery?.deliveredBy ?? null,
      inForceAt: iso(p.inForceAt),
      expiredAt: iso(p.expiredAt),
      cancelledAt: iso(p.cancellation?.cancelledAt),
      cancelledBy: p.cancellation?.cancelledBy ?? null,
      issuanceTimeliness: timeliness(p.issuanceDueAt, p.issuedAt, now),
      deliveryTimeliness: timeliness(p.deliveryDueAt, p.delivery?.deliveredAt ?? null, now),
    },
    delivery: p.delivery ? { method: p.delivery.method, receiverName: p.delivery.receiverName, proofReference: p.delivery.proofReference } : null,
    cancellation: p.cancellation ? { reason: p.cancellation.reason, note: p.cancellation.note } : null,
    renewedFromPolicyId: p.renewedFromPolicyId,
    renewedToPolicyId: p.renewal?.renewedToPolicyId ?? null,
  };
}
