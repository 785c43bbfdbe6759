import { InMemoryEventStore } from './in-memory/in-memory-event-store';
import { handleCommand } from './decider';
import { jsonEventCodec } from './codec';
import { WrongExpectedVersionError } from './errors';
import type { EventStore } from './event-store';
import { claimDecider, ClaimError, type ClaimCommand, type ClaimEvent } from '../testing/sample-claim-decider';

const codec = jsonEventCodec<ClaimEvent>({ types: ['ClaimReported', 'ClaimApproved', 'ClaimNoted'] });
const report: ClaimCommand = { type: 'ReportClaim', data: { claimId: 'c-1', claimedFen: 500_00n } };
const approve = (approvedFen: bigint): ClaimCommand => ({ type: 'ApproveClaim', data: { approvedFen }, metadata: { actor: 'u-1' } });
const noDelay = { retryDelayMs: () => 0 };

/** Delegates to a real in-memory store, with a hook before each append. */
function interceptAppends(inner: EventStore, before: (call: number) => Promise<void>, after: (call: number) => Promise<void> = async () => undefined): EventStore & { calls: number } {
  const proxy = Object.create(inner) as EventStore & { calls: number };
  proxy.calls = 0;
  proxy.appendToStream = async (...args) => {
    const call = ++proxy.calls;
    await before(call);
    const result = await inner.appendToStream(...args);
    await after(call);
    return result;
  };
  return proxy;
}

describe('handleCommand', () => {
  it('loads, folds, decides and appends with the loaded revision; bigint survives the store', async () => {
    const store = new InMemoryEventStore();
    const first = await handleCommand(store, 'claim-c-1', claimDecider, report, { codec, ...noDelay });
    expect(first).toMatchObject({ nextExpectedRevision: 0n, state: { status: 'Reported', claimedFen: 500_00n } });
    const second = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), { codec, metadata: { correlationId: 'k-1' } });
    expect(second.nextExpectedRevision).toBe(1n);
    expect(second.events).toEqual([{ type: 'ClaimApproved', data: { claimId: 'c-1', approvedFen: 400_00n, approvedBy: 'u-1' } }]);
    const stored = await store.readStream('claim-c-1');
    expect(stored[1]?.data).toEqual({ claimId: 'c-1', approvedFen: { $bigint: '40000' }, approvedBy: 'u-1' });
    expect(stored[1]?.metadata).toEqual({ correlationId: 'k-1' });
  });

  it('returns without writing when the decider decides nothing (a repeated command)', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, 'claim-c-1', claimDecider, report);
    const again = await handleCommand(store, 'claim-c-1', claimDecider, report);
    expect(again).toMatchObject({ nextExpectedRevision: 0n, events: [] });
    expect(await store.readStream('claim-c-1')).toHaveLength(1);
  });

  it('retries from a fresh load when another writer moved the stream in between', async () => {
    const inner = new InMemoryEventStore();
    await handleCommand(inner, 'claim-c-1', claimDecider, report);
    const store = interceptAppends(inner, async (call) => {
      // A concurrent writer lands between our load and our append, once.
      if (call === 1) await inner.appendToStream('claim-c-1', [{ type: 'ClaimNoted', data: { note: 'by another writer' } }]);
    });
    const result = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), noDelay);
    expect(store.calls).toBe(2);
    expect(result.nextExpectedRevision).toBe(2n);
    expect((await inner.readStream('claim-c-1')).map((e) => e.type)).toEqual(['ClaimReported', 'ClaimNoted', 'ClaimApproved']);
  });

  it('gives up after maxAttempts conflicts with the last WrongExpectedVersionError', async () => {
    const inner = new InMemoryEventStore();
    await handleCommand(inner, 'claim-c-1', claimDecider, report);
    const store = interceptAppends(inner, async () => {
      await inner.appendToStream('claim-c-1', [{ type: 'ClaimNoted', data: { note: 'always first' } }]);
    });
    await expect(handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), { maxAttempts: 3, ...noDelay })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(store.calls).toBe(3);
  });

  it('lets domain errors through without retrying', async () => {
    const store = interceptAppends(new InMemoryEventStore(), async () => undefined);
    await expect(handleCommand(store, 'claim-c-1', claimDecider, approve(1n))).rejects.toBeInstanceOf(ClaimError);
    expect(store.calls).toBe(0);
  });

  it('writes a retried command once when the first attempt committed but its answer was lost', async () => {
    const inner = new InMemoryEventStore();
    const lostAnswer = interceptAppends(
      inner,
      async () => undefined,
      async (call) => {
        if (call === 1) throw new Error('Connection terminated unexpectedly');
      },
    );
    // A decider that is not idempotent: only the derived event ids prevent a second write.
    const eager = { ...claimDecider, decide: () => [{ type: 'ClaimReported' as const, data: { claimId: 'c-1', claimedFen: 1n } }] };
    await expect(handleCommand(lostAnswer, 'claim-c-1', eager, report, { idempotencyKey: 'req-7' })).rejects.toThrow(/terminated/);
    const retried = await handleCommand(lostAnswer, 'claim-c-1', eager, report, { idempotencyKey: 'req-7' });
    expect(retried).toMatchObject({ nextExpectedRevision: 0n, events: [] });
    expect(await inner.readStream('claim-c-1')).toHaveLength(1);

    // Without the key the same retry writes a duplicate: this is what the key is for.
    await handleCommand(inner, 'claim-c-1', eager, report);
    expect(await inner.readStream('claim-c-1')).toHaveLength(2);
  });

  describe('with a state the caller already holds', () => {
    /** Counts stream reads, so a test can tell a decision on the known state from one on a fresh load. */
    function countReads(inner: EventStore): EventStore & { reads: number } {
      const proxy = Object.create(inner) as EventStore & { reads: number };
      proxy.reads = 0;
      proxy.readStream = async (...args) => {
        proxy.reads += 1;
        return inner.readStream(...args);
      };
      return proxy;
    }

    it('decides on the known state without reading the stream when it is current', async () => {
      const store = countReads(new InMemoryEventStore());
      const first = await handleCommand(store, 'claim-c-1', claimDecider, report);
      const result = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), { knownState: { state: first.state, revision: first.nextExpectedRevision } });
      expect(store.reads).toBe(1); // the first command's load only
      expect(result).toMatchObject({ nextExpectedRevision: 1n, state: { status: 'Approved', approvedFen: 400_00n } });
    });

    it('reads the stream and decides again when the known state was stale (another writer appended)', async () => {
      const inner = new InMemoryEventStore();
      const first = await handleCommand(inner, 'claim-c-1', claimDecider, report);
      await inner.appendToStream('claim-c-1', [{ type: 'ClaimNoted', data: { note: 'by another instance' } }]);
      const store = countReads(inner);
      // Stale and a single attempt allowed: the stale state costs no attempt.
      const result = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), { maxAttempts: 1, knownState: { state: first.state, revision: first.nextExpectedRevision } });
      expect(store.reads).toBe(1);
      expect(result.nextExpectedRevision).toBe(2n);
      expect((await inner.readStream('claim-c-1')).map((e) => e.type)).toEqual(['ClaimReported', 'ClaimNoted', 'ClaimApproved']);
    });

    it('answers a refusal only from the stream as stored', async () => {
      const inner = new InMemoryEventStore();
      await handleCommand(inner, 'claim-c-1', claimDecider, report);
      const store = countReads(inner);
      // The known state says "no claim yet", on which approving is refused; the stream holds a claim.
      const result = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), { knownState: { state: claimDecider.initialState(), revision: 'no_stream' } });
      expect(store.reads).toBe(1);
      expect(result.nextExpectedRevision).toBe(1n);
      // A refusal that the stream confirms still propagates.
      await expect(handleCommand(store, 'claim-c-1', claimDecider, approve(900_00n), { knownState: { state: result.state, revision: result.nextExpectedRevision } })).rejects.toBeInstanceOf(ClaimError);
      expect(store.reads).toBe(2);
    });

    it('answers a no-op only from the stream as stored', async () => {
      const inner = new InMemoryEventStore();
      const first = await handleCommand(inner, 'claim-c-1', claimDecider, report);
      const store = countReads(inner);
      const again = await handleCommand(store, 'claim-c-1', claimDecider, report, { knownState: { state: first.state, revision: first.nextExpectedRevision } });
      expect(store.reads).toBe(1);
      expect(again).toMatchObject({ nextExpectedRevision: 0n, events: [] });
      expect(await inner.readStream('claim-c-1')).toHaveLength(1);
    });
  });

  it('appends through the caller\'s append when given one, with the decision behind it, and retries its conflicts', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, 'claim-c-1', claimDecider, report);
    const seen: { expected: unknown; decided: unknown; after: unknown }[] = [];
    let conflictOnce = true;
    const result = await handleCommand(store, 'claim-c-1', claimDecider, approve(400_00n), {
      ...noDelay,
      append: async ({ streamName, events, expectedState, decided, stateAfter }) => {
        seen.push({ expected: expectedState, decided: decided.map((e) => e.type), after: (stateAfter as { status: string }).status });
        if (conflictOnce) {
          conflictOnce = false;
          throw new WrongExpectedVersionError(streamName, expectedState, 5n);
        }
        return store.appendToStream(streamName, events, { expectedState });
      },
    });
    expect(seen).toEqual([
      { expected: 0n, decided: ['ClaimApproved'], after: 'Approved' },
      { expected: 0n, decided: ['ClaimApproved'], after: 'Approved' },
    ]);
    expect(result.nextExpectedRevision).toBe(1n);
    expect((await store.readStream('claim-c-1')).map((e) => e.type)).toEqual(['ClaimReported', 'ClaimApproved']);
  });
});
