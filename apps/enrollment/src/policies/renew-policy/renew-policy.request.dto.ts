import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CHANNELS, type Channel } from '@fpi/enrollment-domain';

export class RenewPolicyRequest {
  @ApiProperty({ example: 'STD-60', description: 'Product of the next programme year' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, { message: 'productCode must be an upper-case product code' })
  productCode!: string;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Default: the renewed policy\'s channel' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the renewed policy\'s referrer' })
  @IsOptional()
  @IsUUID()
  referrerId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Default: the members insured under the renewed policy' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  insuredMemberIds?: string[];
}
