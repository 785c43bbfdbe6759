import type { Pool } from 'pg';
import type { Generation } from './generations';
import { groupIdOf } from './projection-runner';
import type { ProjectionSettings } from './tokens';
import type { TopicOffsets } from './topic-offsets';

export interface PartitionLag {
  partition: number;
  /** Offset the next message will get (Kafka's high watermark); null while the broker does not answer. */
  highWatermark: string | null;
  /** Offset after the last message applied or dead-lettered, as stored with the rows. */
  appliedOffset: string;
  /** Messages published but not yet applied: high watermark minus applied offset. */
  lag: string | null;
  eventsApplied: string;
  lastEventAt: string | null;
  lastAppliedAt: string | null;
  /** Offset of the first message this generation received from the partition (null: none yet). */
  firstOffset: string | null;
}

/** A partition whose first events were deleted from the topic (retention) before this generation read them. */
export interface MissingHistory {
  topic: string;
  partition: number;
  /** The generation has read (or can read) nothing below this offset. */
  firstOffset: string;
}

export interface TopicLag {
  topic: string;
  lag: string | null;
  partitions: PartitionLag[];
}

export interface GenerationLag {
  generation: string;
  status: Generation['status'];
  consumerGroup: string;
  /** Every partition of both topics applied up to its high watermark. */
  caughtUp: boolean;
  lag: string | null;
  /** Time (from the event) of the newest event applied. */
  lastEventAt: string | null;
  /** Wall-clock time of the last batch applied. */
  lastAppliedAt: string | null;
  topics: TopicLag[];
  /**
   * False when some partition's first events were gone before this generation read them: its figures lack
   * them for good, whatever its lag says (`missingHistory` names the partitions). Null when that cannot be
   * told: the broker does not answer, or a position from before first offsets were recorded while the topic
   * no longer starts at 0.
   */
  historyComplete: boolean | null;
  missingHistory: MissingHistory[];
  kafkaError?: string;
}

interface CheckpointRow {
  topic: string;
  partition: number;
  next_offset: string;
  events_applied: string;
  last_event_at: Date | null;
  applied_at: Date | null;
  first_offset: string | null;
}

const max = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/** How far a generation's tables are behind the topics, per partition. */
export async function lagOf(pool: Pool, offsets: TopicOffsets, settings: ProjectionSettings, g: Generation): Promise<GenerationLag> {
  const topicNames = [settings.enrollmentTopic, settings.claimsTopic];
  const { rows } = await pool.query<CheckpointRow>(`SELECT * FROM ${g.schema}.checkpoints`);
  let kafkaError: string | undefined;
  const topics: TopicLag[] = [];
  const missingHistory: MissingHistory[] = [];
  let historyUnknown = false;
  let lastEventAt: string | null = null;
  let lastAppliedAt: string | null = null;
  for (const r of rows) {
    lastEventAt = max(lastEventAt, r.last_event_at?.toISOString() ?? null);
    lastAppliedAt = max(lastAppliedAt, r.applied_at?.toISOString() ?? null);
  }
  for (const topic of topicNames) {
    const stored = new Map(rows.filter((r) => r.topic === topic).map((r) => [r.partition, r]));
    let marks: { partition: number; low: bigint; high: bigint }[] | null = null;
    try {
      marks = await offsets.watermarks(topic);
    } catch (e) {
      kafkaError = (e as Error).message;
    }
    const partitionIds = [...new Set([...(marks ?? []).map((m) => m.partition), ...stored.keys()])].sort((a, b) => a - b);
    const partitions = partitionIds.map((partition): PartitionLag => {
      const cp = stored.get(partition);
      const mark = marks?.find((m) => m.partition === partition);
      const applied = BigInt(cp?.next_offset ?? '0');
      // Below the low watermark there is nothing left to read (retention): lag counts what can still be applied.
      const effective = mark && mark.low > applied ? mark.low : applied;
      const lag = mark ? (mark.high > effective ? mark.high - effective : 0n) : null;
      // Where the generation started reading, or, before it read anything, where it would start now. A
      // position recorded before first offsets were (null) is complete only if the topic still starts at 0.
      const start = cp?.first_offset != null ? BigInt(cp.first_offset) : cp === undefined ? mark?.low : mark && mark.low === 0n ? 0n : undefined;
      if (start === undefined) historyUnknown = true;
      else if (start > 0n) missingHistory.push({ topic, partition, firstOffset: start.toString() });
      return {
        partition,
        highWatermark: mark ? mark.high.toString() : null,
        appliedOffset: applied.toString(),
        lag: lag === null ? null : lag.toString(),
        eventsApplied: cp?.events_applied ?? '0',
        lastEventAt: cp?.last_event_at?.toISOString() ?? null,
        lastAppliedAt: cp?.applied_at?.toISOString() ?? null,
        firstOffset: cp?.first_offset ?? null,
      };
    });
    const known = partitions.every((p) => p.lag !== null) && marks !== null;
    topics.push({ topic, lag: known ? partitions.reduce((a, p) => a + BigInt(p.lag as string), 0n).toString() : null, partitions });
  }
  const allKnown = topics.every((t) => t.lag !== null);
  const total = allKnown ? topics.reduce((a, t) => a + BigInt(t.lag as string), 0n) : null;
  return {
    generation: g.schema,
    status: g.status,
    consumerGroup: groupIdOf(settings, g),
    caughtUp: total === 0n,
    lag: total === null ? null : total.toString(),
    lastEventAt,
    lastAppliedAt,
    topics,
    historyComplete: missingHistory.length > 0 ? false : historyUnknown || !allKnown ? null : true,
    missingHistory,
    ...(kafkaError ? { kafkaError } : {}),
  };
}
