import { timelineEntryOf, type TimelineEntry } from '../../timeline/timeline-entry';
import { evolveClaimRow, type ClaimRow, type StreamEvent } from './claim-row';

/**
 * The projection as one pure step: `evolve(row | null, event) -> row | null`, plus the timeline line the
 * event adds. A replayed event returns the same row and no line, so applying a history twice changes
 * nothing the second time.
 */
export interface Projected {
  row: ClaimRow | null;
  entry: TimelineEntry | null;
}

export function projectEvent(before: ClaimRow | null, e: StreamEvent): Projected {
  const row = evolveClaimRow(before, e);
  if (row === before || row === null || e.event === null) return { row, entry: null };
  return { row, entry: timelineEntryOf(before, row, e.event) };
}

/** Folds a (part of a) history onto a row: the row after it, and the lines it added. */
export function projectEvents(start: ClaimRow | null, events: readonly StreamEvent[]): { row: ClaimRow | null; entries: TimelineEntry[] } {
  let row = start;
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    const step = projectEvent(row, e);
    row = step.row;
    if (step.entry) entries.push(step.entry);
  }
  return { row, entries };
}
