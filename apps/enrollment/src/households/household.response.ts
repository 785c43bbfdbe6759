import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HOUSEHOLD_STATUSES, isVulnerableStatus, RELATIONSHIPS } from '@fpi/enrollment-domain';
import { PageInfo } from '../shared/pagination';
import type { HouseholdRecord } from './household.record';

export class RegionResponse {
  @ApiProperty({ example: '449901' }) countyCode!: string;
  @ApiProperty({ example: '449901001' }) townshipCode!: string;
  @ApiProperty({ example: '449901001001' }) villageCode!: string;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid', description: 'Stable member id; events and claims use it instead of the ID number' }) memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ example: '4499**********0013', description: 'Resident ID number, masked; the full number never leaves the service' }) idNumberMasked!: string;
  @ApiProperty({ example: '1970-05-01' }) birthDate!: string;
  @ApiProperty({ enum: ['MALE', 'FEMALE'] }) sex!: string;
}

export class HouseholdResponse {
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty({ description: 'Also the ETag; send it as If-Match to change the household' }) revision!: number;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) familyPlanningStatus!: string;
  @ApiProperty({ description: 'SPECIAL_SUPPORT, SPECIAL_FAMILY or LOW_INCOME' }) vulnerable!: boolean;
  @ApiProperty({ type: RegionResponse }) region!: RegionResponse;
  @ApiPropertyOptional({ nullable: true, type: String }) address!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ type: [MemberResponse] }) members!: MemberResponse[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class HouseholdSummary {
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) familyPlanningStatus!: string;
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty({ type: RegionResponse }) region!: RegionResponse;
  @ApiProperty() memberCount!: number;
  @ApiProperty() headName!: string;
  @ApiProperty() createdAt!: string;
}

export class HouseholdPageResponse extends PageInfo {
  @ApiProperty({ type: [HouseholdSummary] }) items!: HouseholdSummary[];
}

export const householdResponse = (h: HouseholdRecord): HouseholdResponse => ({
  householdId: h.householdId,
  revision: h.revision,
  familyPlanningStatus: h.familyPlanningStatus,
  vulnerable: isVulnerableStatus(h.familyPlanningStatus),
  region: { ...h.region },
  address: h.address,
  phone: h.phone,
  members: h.members.map((m) => ({ memberId: m.memberId, name: m.name, relationship: m.relationship, idNumberMasked: m.idNumberMasked, birthDate: m.birthDate, sex: m.sex })),
  createdAt: h.createdAt.toISOString(),
  createdBy: h.createdBy,
  updatedAt: h.updatedAt.toISOString(),
  updatedBy: h.updatedBy,
});
