import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { fenText, isoOf } from '../queue/shared/sql';
import { DEADLINE_MOMENTS, type DetailValue, type TimelineEntry } from './timeline-entry';

/** Columns every timeline read selects. */
export const ENTRY_COLUMNS = `t.claim_id, t.revision, t.event_type, t.at, t.actor_id, t.actor_role, t.step_ms, t.deadline_state, t.deadline_kind,
  t.due_at, t.reason_codes, t.flags, t.fast_track, t.status_after, t.cycle, t.amount_fen, t.detail`;

/** A line as a row, or as the JSON object the single-round-trip query builds (instants then come as text). */
export interface EntryRow {
  claim_id: string;
  revision: string | number;
  event_type: string;
  at: Date | string;
  actor_id: string;
  actor_role: string;
  step_ms: string | number | null;
  deadline_state: string;
  deadline_kind: string | null;
  due_at: Date | string | null;
  reason_codes: string[];
  flags: string[];
  fast_track: boolean;
  status_after: string;
  cycle: number;
  amount_fen: string | null;
  detail: Record<string, DetailValue>;
}

export class DeadlineAtStepView {
  @ApiProperty({ enum: DEADLINE_MOMENTS }) state!: string;
  @ApiPropertyOptional({ nullable: true }) kind!: string | null;
  @ApiPropertyOptional({ nullable: true }) dueAt!: string | null;
}

export class TimelineEntryView {
  @ApiProperty() claimId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'ClaimAssessed' }) type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: { id: 'handler-7', role: 'handler' } }) actor!: { id: string; role: string };
  @ApiPropertyOptional({ nullable: true, description: 'ms since the previous step; null for the report and for breach records' }) stepMs!: number | null;
  @ApiProperty({ type: DeadlineAtStepView }) deadline!: DeadlineAtStepView;
  @ApiProperty({ type: [String] }) reasonCodes!: string[];
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty() fastTrack!: boolean;
  @ApiProperty() statusAfter!: string;
  @ApiProperty() cycle!: number;
  @ApiPropertyOptional({ nullable: true, description: 'fen, decimal string' }) amountFen!: string | null;
  @ApiProperty({ description: 'event facts without personal data' }) detail!: Record<string, DetailValue>;
}

export function entryViewOfRow(r: EntryRow): TimelineEntryView {
  return {
    claimId: r.claim_id,
    revision: Number(r.revision),
    type: r.event_type,
    at: isoOf(r.at) as string,
    actor: { id: r.actor_id, role: r.actor_role },
    stepMs: r.step_ms === null ? null : Number(r.step_ms),
    deadline: { state: r.deadline_state, kind: r.deadline_kind, dueAt: isoOf(r.due_at) },
    reasonCodes: r.reason_codes,
    flags: r.flags,
    fastTrack: r.fast_track,
    statusAfter: r.status_after,
    cycle: r.cycle,
    amountFen: fenText(r.amount_fen),
    detail: r.detail,
  };
}

/** The same view of a line computed on the fly (the `asOf` fold). */
export function entryViewOf(e: TimelineEntry): TimelineEntryView {
  return {
    claimId: e.claimId,
    revision: e.revision,
    type: e.type,
    at: e.at,
    actor: { id: e.actorId, role: e.actorRole },
    stepMs: e.stepMs,
    deadline: { ...e.deadline },
    reasonCodes: e.reasonCodes,
    flags: e.flags,
    fastTrack: e.fastTrack,
    statusAfter: e.statusAfter,
    cycle: e.cycle,
    amountFen: e.amountFen === null ? null : e.amountFen.toString(),
    detail: e.detail,
  };
}

/** Export columns, in order; every cell is free of personal data by construction. */
export const EXPORT_HEADER = [
  'claimId', 'revision', 'type', 'at', 'actorId', 'actorRole', 'stepMs', 'deadlineState', 'deadlineKind', 'dueAt',
  'reasonCodes', 'flags', 'fastTrack', 'statusAfter', 'cycle', 'amountFen',
] as const;

export const exportCells = (v: TimelineEntryView): (string | number | boolean | null)[] => [
  v.claimId, v.revision, v.type, v.at, v.actor.id, v.actor.role, v.stepMs, v.deadline.state, v.deadline.kind, v.deadline.dueAt,
  v.reasonCodes.join('|'), v.flags.join('|'), v.fastTrack, v.statusAfter, v.cycle, v.amountFen,
];
