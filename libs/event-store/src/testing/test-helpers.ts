import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '@fpi/testing';
import { ALL_START, type EventData, type EventStore, type RecordedEvent, type StreamFilter } from '../lib/event-store';

/** Helpers shared by this library's own tests (not exported from the package). */

export const uniq = (): string => randomBytes(5).toString('hex');
export const ev = (type = 'Tested', data: EventData['data'] = {}): EventData & { id: string } => ({ id: randomUUID(), type, data });
export const revisions = (events: readonly RecordedEvent[]): bigint[] => events.map((e) => e.revision);
export const ids = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.id);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The error an operation fails with; fails the test when it succeeds. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** Every event of the matching streams in `$all`, once at least `expected` are visible. */
export async function readAllOf(store: EventStore, filter: StreamFilter, expected: number, pageSize = 200): Promise<RecordedEvent[]> {
  return eventually(async () => {
    const out: RecordedEvent[] = [];
    let from = ALL_START;
    for (;;) {
      const page = await store.readAll({ fromPosition: from, maxCount: pageSize, filter });
      out.push(...page.events);
      if (page.events.length < pageSize) break;
      from = page.nextPosition;
    }
    return out.length >= expected ? out : undefined;
  }, `${expected} events in $all`);
}

export async function waitFor(seen: readonly unknown[], count: number, what: string, timeoutMs = 20_000): Promise<void> {
  await eventually(async () => (seen.length >= count ? true : undefined), `${what}: ${count} events (have ${seen.length})`, timeoutMs, 20);
}
