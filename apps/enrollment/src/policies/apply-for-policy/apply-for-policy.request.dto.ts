import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CHANNELS, type Channel } from '@fpi/enrollment-domain';

export class ApplyForPolicyRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId!: string;

  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  programmeYear!: number;

  @ApiProperty({ example: 'STD-60' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'productCode must be an upper-case product code' })
  productCode!: string;

  @ApiProperty({ enum: CHANNELS, description: '柜面 COUNTER, 推荐人 REFERRER, 掌上门店 MOBILE_STOREFRONT, 政府赠保 GOVERNMENT_GIFTED' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with the REFERRER channel; must serve the household\'s village' })
  @IsOptional()
  @IsUUID()
  referrerId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Members to insure (default: everyone in the household)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  insuredMemberIds?: string[];
}
