import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CHANNELS, type Channel, type OverdueKind } from '@fpi/enrollment-domain';
import { DecimalInteger, PageQuery } from '../../shared/pagination';

export class OverdueFilter extends PageQuery {
  @ApiPropertyOptional({ enum: ['ISSUANCE', 'DELIVERY'], description: 'Default: both' }) @IsOptional() @IsIn(['ISSUANCE', 'DELIVERY']) kind?: OverdueKind;
  @ApiPropertyOptional({ example: '449901' }) @IsOptional() @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' }) countyCode?: string;
  @ApiPropertyOptional({ example: '449901001' }) @IsOptional() @Matches(/^\d{9}$/, { message: 'townshipCode must be 9 digits' }) townshipCode?: string;
  @ApiPropertyOptional({ example: '449901001001' }) @IsOptional() @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' }) villageCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() referrerId?: string;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiPropertyOptional({ example: 2025 }) @IsOptional() @DecimalInteger() @IsInt() @Min(2000) @Max(2100) programmeYear?: number;
}
