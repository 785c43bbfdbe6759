import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, POLICY_STATUSES } from '@fpi/enrollment-domain';
import { RegionResponse } from '../../households/household.response';
import { PageInfo } from '../../shared/pagination';

export class OverduePolicy {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) policyNumber!: string | null;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() programmeYear!: number;
  @ApiProperty({ enum: ['ISSUANCE', 'DELIVERY'], description: 'The step that is late' }) kind!: string;
  @ApiProperty({ enum: POLICY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Deadline that passed' }) dueAt!: string;
  @ApiProperty({ description: 'How late, in seconds, at asOf' }) overdueSeconds!: number;
  @ApiProperty({ description: 'How late in started days (one second late is one day)' }) overdueDays!: number;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Referrer the enrolment is attributed to' }) referrerId!: string | null;
  @ApiProperty({ type: RegionResponse }) region!: RegionResponse;
}

export class OverduePageResponse extends PageInfo {
  @ApiProperty({ description: 'The instant lateness was measured at' }) asOf!: string;
  @ApiProperty({ type: [OverduePolicy], description: 'Most overdue first' }) items!: OverduePolicy[];
}

export class OverdueGroup {
  @ApiProperty({ enum: ['ISSUANCE', 'DELIVERY'] }) kind!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) referrerId!: string | null;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Lateness of the most overdue policy of the group, started days' }) maxOverdueDays!: number;
  @ApiProperty() oldestDueAt!: string;
}

export class OverdueSummaryResponse {
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [OverdueGroup], description: 'Late work by kind, channel and referrer, largest group first' }) groups!: OverdueGroup[];
}
