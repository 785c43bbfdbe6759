import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYER_TYPES, type Product, type ProgrammeYear } from '@fpi/enrollment-domain';
import { FenOutput } from '../shared/fen.dto';

export class ProgrammeYearResponse {
  @ApiProperty({ example: 2025 }) year!: number;
  @ApiProperty({ example: '2025-01-01' }) startsOn!: string;
  @ApiProperty({ example: '2025-12-31', description: 'Cover of every policy of the year ends on this date' }) endsOn!: string;
}

export class PayerShareResponse {
  @ApiProperty({ enum: PAYER_TYPES }) payer!: string;
  @FenOutput('Share of the premium') amountFen!: string;
}

export class BenefitsResponse {
  @FenOutput('Household death and disability sum insured, split equally among insured members') deathDisabilitySumInsuredFen!: string;
  @FenOutput('Household medical limit, shared') medicalLimitFen!: string;
  @FenOutput('Medical deductible') medicalDeductibleFen!: string;
  @ApiProperty({ description: 'Reimbursement ratio in basis points (8000 = 80 %)' }) medicalReimbursementBp!: number;
  @FenOutput('Hospital allowance per day') hospitalAllowancePerDayFen!: string;
  @ApiProperty() hospitalAllowanceMaxDays!: number;
}

export class CoverStartResponse {
  @ApiProperty({ enum: ['FIXED_DATE', 'AFTER_ENROLMENT'] }) rule!: string;
  @ApiPropertyOptional() date?: string;
  @ApiPropertyOptional() days?: number;
}

export class ProductResponse {
  @ApiProperty() programmeYear!: number;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @FenOutput('Premium per household') premiumFen!: string;
  @ApiProperty({ type: [PayerShareResponse] }) payerShares!: PayerShareResponse[];
  @ApiProperty({ type: BenefitsResponse }) benefits!: BenefitsResponse;
  @ApiProperty({ type: CoverStartResponse }) coverStart!: CoverStartResponse;
  @ApiProperty() issuanceDeadlineDays!: number;
  @ApiProperty() deliveryDeadlineDays!: number;
  @ApiProperty() minMembers!: number;
  @ApiProperty() maxMembers!: number;
  @ApiProperty() minAge!: number;
  @ApiProperty() maxAge!: number;
}

export class ProductListResponse {
  @ApiProperty({ type: [ProductResponse] }) items!: ProductResponse[];
}

export const programmeYearResponse = (y: ProgrammeYear): ProgrammeYearResponse => ({ year: y.year, startsOn: y.startsOn, endsOn: y.endsOn });

export const productResponse = (p: Product): ProductResponse => ({
  programmeYear: p.programmeYear,
  code: p.code,
  name: p.name,
  premiumFen: p.premiumFen.toString(),
  payerShares: p.payerShares.map((s) => ({ payer: s.payer, amountFen: s.amountFen.toString() })),
  benefits: {
    deathDisabilitySumInsuredFen: p.benefits.deathDisabilitySumInsuredFen.toString(),
    medicalLimitFen: p.benefits.medicalLimitFen.toString(),
    medicalDeductibleFen: p.benefits.medicalDeductibleFen.toString(),
    medicalReimbursementBp: p.benefits.medicalReimbursementBp,
    hospitalAllowancePerDayFen: p.benefits.hospitalAllowancePerDayFen.toString(),
    hospitalAllowanceMaxDays: p.benefits.hospitalAllowanceMaxDays,
  },
  coverStart: { ...p.coverStart },
  issuanceDeadlineDays: p.issuanceDeadlineDays,
  deliveryDeadlineDays: p.deliveryDeadlineDays,
  minMembers: p.minMembers,
  maxMembers: p.maxMembers,
  minAge: p.minAge,
  maxAge: p.maxAge,
});
