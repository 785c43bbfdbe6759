import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';

export class RegisterReferrerRequest {
  @ApiProperty({ example: '李某', description: 'The referrer (推荐人), usually village family-planning staff' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/, { message: 'phone must be 5-20 digits' })
  phone?: string;

  @ApiProperty({ type: [String], example: ['449901001001'], description: '12-digit codes of the villages the referrer serves' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^\d{12}$/, { each: true, message: 'each village code must be 12 digits' })
  villageCodes!: string[];
}
