import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CLAIM_STATUSES, DEADLINE_BUCKETS, QUEUE_ACTIONS, QUEUE_BENEFITS } from '../queue.vocabulary';

/** Narrowing of the caller's region; the token's region is always applied first. */
export class RegionQuery {
  @ApiPropertyOptional({ example: '330102', description: '6-digit county inside the caller\'s region' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  county?: string;

  @ApiPropertyOptional({ example: '330102001', description: '9-digit township inside the caller\'s region' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  township?: string;
}

export class DueSoonQuery extends RegionQuery {
  @ApiPropertyOptional({ example: 24, description: 'hours ahead that count as "due soon" (1-720, default 24)' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  dueSoonHours?: string;
}

/**
 * Filters of the queue. Lists are comma-separated (`action=assess,approve`); an unknown value is refused
 * with the list of valid ones.
 */
export class ListQueueQuery extends DueSoonQuery {
  @ApiPropertyOptional({ description: `comma-separated: ${QUEUE_ACTIONS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  action?: string;

  @ApiPropertyOptional({ description: `comma-separated: ${CLAIM_STATUSES.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  status?: string;

  @ApiPropertyOptional({ description: `comma-separated, claims with any of them: ${QUEUE_BENEFITS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  benefit?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  fastTrack?: string;

  @ApiPropertyOptional({ description: '"me", "none" (nobody holds an unexpired lease) or a handler id' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  assignee?: string;

  @ApiPropertyOptional({ description: `comma-separated deadline buckets: ${DEADLINE_BUCKETS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  deadline?: string;

  @ApiPropertyOptional({ description: 'rows per page (default PAGE_SIZE_DEFAULT; more than PAGE_SIZE_MAX is refused)' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  pageSize?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}
