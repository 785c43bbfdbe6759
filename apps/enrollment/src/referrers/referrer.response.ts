import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageInfo } from '../shared/pagination';
import type { ReferrerRecord } from './referrer.repository';

export class ReferrerResponse {
  @ApiProperty({ format: 'uuid' }) referrerId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ type: [String], example: ['449901001001'] }) villageCodes!: string[];
  @ApiProperty() createdAt!: string;
}

export class ReferrerPageResponse extends PageInfo {
  @ApiProperty({ type: [ReferrerResponse] }) items!: ReferrerResponse[];
}

export const referrerResponse = (r: ReferrerRecord): ReferrerResponse => ({ referrerId: r.referrerId, name: r.name, phone: r.phone, villageCodes: r.villageCodes, createdAt: r.createdAt.toISOString() });
