import { eventually } from '@fpi/testing';
import { IdempotencyConflictError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../lib/errors';
import { ALL_START, type CheckpointStore, type EventData, type EventStore, type RecordedEvent, type StreamFilter, type Subscription } from '../lib/event-store';
import { ev, ids, readAllOf, rejection, revisions, uniq, waitFor } from './test-helpers';

/** What the contract suite runs against. */
export interface ContractSubject {
  readonly store: EventStore;
  /** Checkpoint storage for the subscription cases. */
  readonly checkpoints: CheckpointStore;
  /** Releases whatever `setup` created besides the store (the store is closed by the suite). */
  dispose?(): Promise<void>;
}

/** Collects what a subscription delivers for streams with the given prefix. */
function collect(store: EventStore, checkpoints: CheckpointStore, prefix: string, filter?: StreamFilter, subscriptionId = `sub-${uniq()}`): { seen: RecordedEvent[]; sub: Subscription } {
  const seen: RecordedEvent[] = [];
  const sub = store.subscribeToAll({ subscriptionId, checkpoints, ...(filter ? { filter } : {}) }, (e) => {
    if (e.streamName.startsWith(prefix)) seen.push(e);
  });
  return { seen, sub };
}

/**
 * The EventStore contract: EventStoreDB semantics every adapter must keep. Call it from a spec file
 * with a factory for the adapter under test. Tests use fresh stream names, so the store may be
 * shared with other tests.
 */
export function eventStoreContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const store = (): EventStore => (subject as ContractSubject).store;
    const checkpoints = (): CheckpointStore => (subject as ContractSubject).checkpoints;

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.store.close();
      await subject?.dispose?.();
    });

    it('appends with no_stream and reads forwards and backwards from a revision with a limit', async () => {
      const s = `claim-${uniq()}`;
      const batch = [ev('A', { n: 0 }), ev('B', { n: 1 }), ev('C', { n: 2 }), ev('D', { n: 3 }), ev('E', { n: 4 })];
      const result = await store().appendToStream(s, batch, { expectedState: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(4n);

      const all = await store().readStream(s);
      expect(revisions(all)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(ids(all)).toEqual(batch.map((e) => e.id));
      expect(all.map((e) => [e.type, e.data, e.streamName])).toEqual(batch.map((e) => [e.type, e.data, s]));
      expect(revisions(await store().readStream(s, { fromRevision: 2n }))).toEqual([2n, 3n, 4n]);
      expect(revisions(await store().readStream(s, { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
      expect(revisions(await store().readStream(s, { direction: 'backwards' }))).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(revisions(await store().readStream(s, { direction: 'backwards', fromRevision: 3n, maxCount: 2 }))).toEqual([3n, 2n]);
      expect(await store().readStream(s, { fromRevision: 5n })).toEqual([]);
      expect(await rejection(store().readStream(`claim-${uniq()}`))).toBeInstanceOf(StreamNotFoundError);
    });

    it('checks each expected state and reports the actual revision when it does not hold', async () => {
      const s = `claim-${uniq()}`;
      const e1 = (await rejection(store().appendToStream(s, [ev()], { expectedState: 'stream_exists' }))) as WrongExpectedVersionError;
      expect(e1).toBeInstanceOf(WrongExpectedVersionError);
      expect(e1.actualRevision).toBe('no_stream');
      const e2 = (await rejection(store().appendToStream(s, [ev()], { expectedState: 0n }))) as WrongExpectedVersionError;
      expect(e2.actualRevision).toBe('no_stream');

      expect((await store().appendToStream(s, [ev()], { expectedState: 'no_stream' })).nextExpectedRevision).toBe(0n);
      const e3 = (await rejection(store().appendToStream(s, [ev()], { expectedState: 'no_stream' }))) as WrongExpectedVersionError;
      expect(e3).toBeInstanceOf(WrongExpectedVersionError);
      expect(e3.actualRevision).toBe(0n);
      expect((await store().appendToStream(s, [ev()], { expectedState: 'stream_exists' })).nextExpectedRevision).toBe(1n);
      expect((await store().appendToStream(s, [ev(), ev()], { expectedState: 1n })).nextExpectedRevision).toBe(3n);
      expect((await store().appendToStream(s, [ev()], { expectedState: 'any' })).nextExpectedRevision).toBe(4n);
      expect(revisions(await store().readStream(s))).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    it('lets 20 concurrent `any` appends to one stream all succeed, with contiguous revisions', async () => {
      const s = `claim-${uniq()}`;
      const batches = Array.from({ length: 20 }, () => [ev()]);
      const results = await Promise.allSettled(batches.map((b) => store().appendToStream(s, b, { expectedState: 'any' })));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const revs = results.map((r) => (r as PromiseFulfilledResult<{ nextExpectedRevision: bigint }>).value.nextExpectedRevision);
      expect([...revs].sort((a, b) => (a < b ? -1 : 1))).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
      const read = await store().readStream(s);
      expect(revisions(read)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
      expect(new Set(ids(read))).toEqual(new Set(batches.map((b) => b[0]?.id)));
    });

    it('raises WrongExpectedVersion with the actual revision for a stale exact revision, and writes nothing', async () => {
      const s = `claim-${uniq()}`;
      await store().appendToStream(s, [ev(), ev(), ev()], { expectedState: 'no_stream' });
      const stale = [ev(), ev()];
      const error = (await rejection(store().appendToStream(s, stale, { expectedState: 0n }))) as WrongExpectedVersionError;
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error.streamName).toBe(s);
      expect(error.expectedState).toBe(0n);
      expect(error.actualRevision).toBe(2n);
      expect(error.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
      const read = await store().readStream(s);
      expect(revisions(read)).toEqual([0n, 1n, 2n]);
      expect(ids(read).filter((id) => stale.some((e) => e.id === id))).toEqual([]);
    });

    it('treats a replayed append as success that writes nothing, and a partial overlap of ids as an error', async () => {
      const s = `claim-${uniq()}`;
      const first = [ev(), ev()];
      expect((await store().appendToStream(s, first, { expectedState: 'no_stream' })).nextExpectedRevision).toBe(1n);
      // The retry of an append whose answer was lost: same ids, same expected state.
      expect((await store().appendToStream(s, first, { expectedState: 'no_stream' })).nextExpectedRevision).toBe(1n);
      expect(revisions(await store().readStream(s))).toEqual([0n, 1n]);

      const second = [ev()];
      expect((await store().appendToStream(s, second, { expectedState: 1n })).nextExpectedRevision).toBe(2n);
      expect((await store().appendToStream(s, second, { expectedState: 1n })).nextExpectedRevision).toBe(2n);

      const overlap = [first[1] as EventData, ev()];
      const error = await rejection(store().appendToStream(s, overlap, { expectedState: 0n }));
      expect(error instanceof IdempotencyConflictError || error instanceof WrongExpectedVersionError).toBe(true);
      const read = await store().readStream(s);
      expect(ids(read)).toEqual([...first, ...second].map((e) => e.id));
    });

    it('refuses reads and appends on a tombstoned stream', async () => {
      const s = `claim-${uniq()}`;
      await store().appendToStream(s, [ev(), ev()]);
      await store().tombstoneStream(s);
      expect(await rejection(store().readStream(s))).toBeInstanceOf(StreamDeletedError);
      expect(await rejection(store().readStream(s, { direction: 'backwards' }))).toBeInstanceOf(StreamDeletedError);
      expect(await rejection(store().appendToStream(s, [ev()]))).toBeInstanceOf(StreamDeletedError);
      expect(await rejection(store().appendToStream(s, [ev()], { expectedState: 'no_stream' }))).toBeInstanceOf(StreamDeletedError);
    });

    it('hides a soft-deleted stream until the next append, which continues at the next revision', async () => {
      const s = `claim-${uniq()}`;
      await store().appendToStream(s, [ev(), ev(), ev()]);
      await store().deleteStream(s);
      expect(await rejection(store().readStream(s))).toBeInstanceOf(StreamNotFoundError);
      const later = [ev(), ev()];
      expect((await store().appendToStream(s, later, { expectedState: 'any' })).nextExpectedRevision).toBe(4n);
      const read = await store().readStream(s);
      expect(revisions(read)).toEqual([3n, 4n]);
      expect(ids(read)).toEqual(later.map((e) => e.id));
    });

    it('keeps stream metadata, and honours maxCount on reads', async () => {
      const s = `claim-${uniq()}`;
      expect(await store().getStreamMetadata(s)).toEqual({});
      await store().setStreamMetadata(s, { maxCount: 2, custom: { owner: 'claims', tier: 3 } });
      expect(await store().getStreamMetadata(s)).toEqual({ maxCount: 2, custom: { owner: 'claims', tier: 3 } });
      await store().appendToStream(s, [ev(), ev(), ev(), ev()]);
      expect(revisions(await store().readStream(s))).toEqual([2n, 3n]);
      await store().setStreamMetadata(s, { custom: { owner: 'reporting' } });
      expect(await store().getStreamMetadata(s)).toEqual({ custom: { owner: 'reporting' } });
      expect(revisions(await store().readStream(s))).toEqual([0n, 1n, 2n, 3n]);
    });

    it('reads $all: every committed event once, in a stable order, resumable from any position', async () => {
      const category = `all${uniq()}`;
      const appended: string[] = [];
      for (let i = 0; i < 9; i++) {
        const e = ev('Seen', { i });
        await store().appendToStream(`${category}-${i % 3}`, [e]);
        appended.push(e.id);
      }
      const whole = await readAllOf(store(), { category }, 9, 1000);
      const paged = await readAllOf(store(), { category }, 9, 2);
      expect(ids(whole)).toEqual(appended);
      expect(ids(paged)).toEqual(appended);
      for (const e of whole) expect(e.position).toEqual(expect.any(String));

      // Unfiltered, the same events appear exactly once and in the same relative order.
      const mine = new Set(appended);
      const unfiltered = await eventually(async () => {
        const out: RecordedEvent[] = [];
        let from = ALL_START;
        for (;;) {
          const page = await store().readAll({ fromPosition: from, maxCount: 1000 });
          out.push(...page.events.filter((e) => mine.has(e.id)));
          if (page.events.length < 1000) break;
          from = page.nextPosition;
        }
        return out.length >= 9 ? out : undefined;
      }, 'unfiltered $all');
      expect(ids(unfiltered)).toEqual(appended);
    });

    it('delivers every committed event once to a $all subscription, in $all order, then tails live', async () => {
      const category = `sub${uniq()}`;
      for (let i = 0; i < 5; i++) await store().appendToStream(`${category}-${i}`, [ev()]);
      const { seen, sub } = collect(store(), checkpoints(), `${category}-`);
      try {
        await waitFor(seen, 5, 'catch-up');
        // Live tail under concurrent writers.
        await Promise.all(Array.from({ length: 10 }, (_, i) => store().appendToStream(`${category}-${i % 4}`, [ev(), ev()])));
        await waitFor(seen, 25, 'live tail');
        const all = await readAllOf(store(), { category }, 25);
        expect(new Set(ids(seen)).size).toBe(25);
        expect(ids(seen)).toEqual(ids(all));
      } finally {
        await sub.stop();
      }
      expect(seen).toHaveLength(25);
    });

    it('delivers a category (claim-* style) to its subscription only, once each, in a stable order', async () => {
      const category = `cat${uniq()}`;
      const other = `oth${uniq()}`;
      const { seen, sub } = collect(store(), checkpoints(), '', { category });
      try {
        await Promise.all(
          Array.from({ length: 12 }, (_, i) => store().appendToStream(i % 3 === 0 ? `${other}-${i}` : `${category}-${i % 2}`, [ev(), ev()])),
        );
        await waitFor(seen, 16, 'category events');
        const all = await readAllOf(store(), { category }, 16);
        expect(seen.every((e) => e.streamName.startsWith(`${category}-`))).toBe(true);
        expect(new Set(ids(seen)).size).toBe(16);
        expect(ids(seen)).toEqual(ids(all));
      } finally {
        await sub.stop();
      }
      expect(seen).toHaveLength(16);
    });

    it('resumes a stopped subscription after its durable checkpoint', async () => {
      const category = `ckp${uniq()}`;
      const subscriptionId = `resume-${uniq()}`;
      for (let i = 0; i < 5; i++) await store().appendToStream(`${category}-a`, [ev('Before', { i })]);
      const first = collect(store(), checkpoints(), '', { category }, subscriptionId);
      await waitFor(first.seen, 5, 'first run');
      await first.sub.stop();
      expect(await checkpoints().load(subscriptionId)).toEqual(expect.any(String));

      for (let i = 0; i < 5; i++) await store().appendToStream(`${category}-b`, [ev('After', { i })]);
      const second = collect(store(), checkpoints(), '', { category }, subscriptionId);
      try {
        await waitFor(second.seen, 5, 'second run');
        await new Promise((r) => setTimeout(r, 100));
        expect(second.seen.map((e) => e.type)).toEqual(['After', 'After', 'After', 'After', 'After']);
      } finally {
        await second.sub.stop();
      }
    });
  });
}
