import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { QUEUE_ACTIONS } from '../queue.vocabulary';

export class NextClaimRequest {
  @ApiPropertyOptional({ example: '330102', description: 'take only from this county (inside the caller\'s region)' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  county?: string;

  @ApiPropertyOptional({ example: '330102001' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  township?: string;

  @ApiPropertyOptional({ enum: QUEUE_ACTIONS, isArray: true, description: 'take only claims waiting for one of these actions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(QUEUE_ACTIONS.length)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  actions?: string[];
}

export class ReassignClaimRequest {
  @ApiProperty({ example: 'handler-7', description: 'the handler (token subject) who is to hold the claim' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,128}$/, { message: 'handlerId must be 1-128 letters, digits or . _ : @ -' })
  handlerId!: string;

  @ApiPropertyOptional({ example: 60, description: 'lease length in minutes (default: the standard lease; at most the configured maximum)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  minutes?: number;
}
