import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeadlineBucket, QueueAction } from './queue.vocabulary';
import { DEADLINE_BUCKETS, QUEUE_ACTIONS } from './queue.vocabulary';
import { fenText, isoColumn, isoOf } from './shared/sql';

/** Columns every queue read selects (instants as ISO text, see `isoColumn`). */
export const QUEUE_ITEM_COLUMNS = `q.claim_id, q.revision, q.status, q.action, q.fast_track, q.fast_track_reasons, q.benefits, q.region_code,
  q.county_code, q.township_code, q.village_code, q.deadline_kind, q.deadline_cycle, ${isoColumn('q.due_at')}, q.deadline_paused, q.remaining_ms, q.queue_rank,
  ${isoColumn('q.reported_at')}, ${isoColumn('q.last_step_at')}, q.last_actor_id, q.last_actor_role, q.claimed_fen, q.assessed_fen, q.approved_fen, q.paid_fen,
  q.breach_count, q.reopen_count, q.assignee, ${isoColumn('q.lease_expires_at')}, ${isoColumn('q.lease_taken_at')}`;

export interface QueueItemRow {
  claim_id: string;
  revision: string;
  status: string;
  action: QueueAction | null;
  fast_track: boolean;
  fast_track_reasons: string[];
  benefits: string[];
  region_code: string;
  county_code: string;
  township_code: string | null;
  village_code: string | null;
  deadline_kind: string | null;
  deadline_cycle: number | null;
  due_at: string | null;
  deadline_paused: boolean;
  remaining_ms: string | null;
  queue_rank: string;
  reported_at: string;
  last_step_at: string;
  last_actor_id: string;
  last_actor_role: string;
  claimed_fen: string | null;
  assessed_fen: string | null;
  approved_fen: string | null;
  paid_fen: string;
  breach_count: number;
  reopen_count: number;
  assignee: string | null;
  lease_expires_at: string | null;
  lease_taken_at: string | null;
}

export class RegionView {
  @ApiProperty({ example: '330102', description: 'the region the claim is scoped by: the household\'s county (before registration, the accident\'s)' }) code!: string;
  @ApiProperty({ example: '330102' }) countyCode!: string;
  @ApiPropertyOptional({ example: '330102001', nullable: true, description: 'from the policy\'s village, when it names one' }) townshipCode!: string | null;
  @ApiPropertyOptional({ example: '330102001001', nullable: true }) villageCode!: string | null;
}

export class DeadlineView {
  @ApiProperty({ example: 'fast_track_decision' }) kind!: string;
  @ApiProperty() cycle!: number;
  @ApiPropertyOptional({ nullable: true, description: 'null while the clock is paused' }) dueAt!: string | null;
  @ApiProperty() paused!: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'running time left, while paused' }) remainingMs!: number | null;
  @ApiProperty({ enum: DEADLINE_BUCKETS, description: 'relative to the time of the answer' }) bucket!: DeadlineBucket;
}

export class AssignmentView {
  @ApiProperty() handlerId!: string;
  @ApiProperty() takenAt!: string;
  @ApiProperty() leaseExpiresAt!: string;
}

export class AmountsView {
  @ApiPropertyOptional({ nullable: true, example: '800000', description: 'fen, decimal string' }) claimedFen!: string | null;
  @ApiPropertyOptional({ nullable: true }) assessedFen!: string | null;
  @ApiPropertyOptional({ nullable: true }) approvedFen!: string | null;
  @ApiProperty() paidFen!: string;
}

export class QueueItem {
  @ApiProperty() claimId!: string;
  @ApiProperty({ description: 'last claim-stream revision the read model has applied' }) revision!: number;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ enum: QUEUE_ACTIONS, nullable: true }) action!: QueueAction | null;
  @ApiProperty() fastTrack!: boolean;
  @ApiProperty({ type: [String] }) fastTrackReasons!: string[];
  @ApiProperty({ type: [String] }) benefits!: string[];
  @ApiProperty({ type: RegionView }) region!: RegionView;
  @ApiPropertyOptional({ type: DeadlineView, nullable: true }) deadline!: DeadlineView | null;
  @ApiProperty() reportedAt!: string;
  @ApiProperty({ description: 'when someone last took a step on the claim' }) lastStepAt!: string;
  @ApiProperty() lastActor!: { id: string; role: string };
  @ApiProperty({ type: AmountsView }) amounts!: AmountsView;
  @ApiProperty() breachCount!: number;
  @ApiProperty() reopenCount!: number;
  @ApiPropertyOptional({ type: AssignmentView, nullable: true, description: 'null when nobody holds an unexpired lease' }) assignment!: AssignmentView | null;
}

const msOfInstant = (value: Date | string): number => (typeof value === 'string' ? Date.parse(value) : value.getTime());

export function bucketOf(row: { due_at: Date | string | null; deadline_paused: boolean }, now: Date, dueSoonMs: number): DeadlineBucket {
  if (row.due_at === null) return row.deadline_paused ? 'paused' : 'none';
  const due = msOfInstant(row.due_at);
  if (due < now.getTime()) return 'overdue';
  return due < now.getTime() + dueSoonMs ? 'due_soon' : 'on_time';
}

/** A queue row as the API shows it; a lease that has expired by `now` is shown as no assignment. */
export function queueItemOf(row: QueueItemRow, now: Date, dueSoonMs: number): QueueItem {
  const leaseActive = row.assignee !== null && row.lease_expires_at !== null && msOfInstant(row.lease_expires_at) > now.getTime();
  return {
    claimId: row.claim_id,
    revision: Number(row.revision),
    status: row.status,
    action: row.action,
    fastTrack: row.fast_track,
    fastTrackReasons: row.fast_track_reasons,
    benefits: row.benefits,
    region: { code: row.region_code, countyCode: row.county_code, townshipCode: row.township_code, villageCode: row.village_code },
    deadline:
      row.deadline_kind === null
        ? null
        : {
            kind: row.deadline_kind,
            cycle: row.deadline_cycle ?? 0,
            dueAt: isoOf(row.due_at),
            paused: row.deadline_paused,
            remainingMs: row.remaining_ms === null ? null : Number(row.remaining_ms),
            bucket: bucketOf(row, now, dueSoonMs),
          },
    reportedAt: isoOf(row.reported_at) as string,
    lastStepAt: isoOf(row.last_step_at) as string,
    lastActor: { id: row.last_actor_id, role: row.last_actor_role },
    amounts: { claimedFen: fenText(row.claimed_fen), assessedFen: fenText(row.assessed_fen), approvedFen: fenText(row.approved_fen), paidFen: fenText(row.paid_fen) as string },
    breachCount: row.breach_count,
    reopenCount: row.reopen_count,
    assignment: leaseActive
      ? { handlerId: row.assignee as string, takenAt: isoOf(row.lease_taken_at) as string, leaseExpiresAt: isoOf(row.lease_expires_at) as string }
      : null,
  };
}
