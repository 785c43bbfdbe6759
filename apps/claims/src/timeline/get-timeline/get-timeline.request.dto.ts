import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class GetTimelineQuery {
  @ApiPropertyOptional({ example: '2025-03-05T00:00:00Z', description: 'the claim as it stood at this instant (ISO-8601 with a zone)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;
}
