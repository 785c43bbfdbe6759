import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CHANNELS, POLICY_STATUSES, type Channel, type PolicyStatus } from '@fpi/enrollment-domain';
import { DecimalInteger, PageQuery } from '../../shared/pagination';

export class ListPoliciesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() householdId?: string;
  @ApiPropertyOptional({ example: '449901' }) @IsOptional() @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' }) countyCode?: string;
  @ApiPropertyOptional({ example: '449901001' }) @IsOptional() @Matches(/^\d{9}$/, { message: 'townshipCode must be 9 digits' }) townshipCode?: string;
  @ApiPropertyOptional({ example: '449901001001' }) @IsOptional() @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' }) villageCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() referrerId?: string;
  @ApiPropertyOptional({ enum: POLICY_STATUSES }) @IsOptional() @IsIn(POLICY_STATUSES) status?: PolicyStatus;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiPropertyOptional({ example: 2025 }) @IsOptional() @DecimalInteger() @IsInt() @Min(2000) @Max(2100) programmeYear?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'policyNumber must be 4-40 letters, digits or -' }) policyNumber?: string;
}

/** Searching by a person's ID number goes in a body, never a URL, which proxies and access logs record. */
export class SearchPoliciesRequest extends ListPoliciesQuery {
  @ApiPropertyOptional({ description: 'Resident ID number of an insured member; matched through its keyed hash, never by scanning numbers' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  memberIdNumber?: string;
}
