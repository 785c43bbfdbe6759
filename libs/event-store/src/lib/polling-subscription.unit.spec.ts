import { InMemoryCheckpointStore, InMemoryEventStore } from './in-memory/in-memory-event-store';
import type { RecordedEvent } from './event-store';
import { ev, waitFor } from '../testing/test-helpers';

const fast = { minPollMs: 1, maxPollMs: 10, retry: { initialMs: 1, maxMs: 10 } };

describe('polling subscription', () => {
  it('stops on a handler error, rejects done with it, and keeps the checkpoint before the failed event', async () => {
    const store = new InMemoryEventStore(fast);
    const checkpoints = new InMemoryCheckpointStore();
    for (let i = 0; i < 5; i++) await store.appendToStream('s-1', [ev('E', { i })]);
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ subscriptionId: 'p', checkpoints }, (e) => {
      if (e.data['i'] === 3) throw new Error('poison');
      seen.push(e);
    });
    await expect(sub.done).rejects.toThrow('poison');
    expect(seen.map((e) => e.data['i'])).toEqual([0, 1, 2]);
    expect(await checkpoints.load('p')).toBe(seen[2]?.position);
    await sub.stop();
  });

  it("starts at the end when asked to and no checkpoint exists, and retries failing checkpoint writes", async () => {
    const store = new InMemoryEventStore(fast);
    await store.appendToStream('s-1', [ev('Old')]);
    let failures = 2;
    const inner = new InMemoryCheckpointStore();
    const flaky = {
      load: (id: string) => inner.load(id),
      store: async (id: string, p: string) => {
        if (failures-- > 0) throw new Error('checkpoint table unavailable');
        await inner.store(id, p);
      },
    };
    const seen: RecordedEvent[] = [];
    const retries: unknown[] = [];
    store.subscribeToAll({ subscriptionId: 'e', checkpoints: flaky, from: 'end', onRetry: (e) => retries.push(e) }, (e) => {
      seen.push(e);
    });
    await new Promise((r) => setTimeout(r, 20));
    await store.appendToStream('s-1', [ev('New')]);
    await waitFor(seen, 1, 'new event');
    await store.close();
    expect(seen.map((e) => e.type)).toEqual(['New']);
    expect(retries.length).toBeGreaterThan(0);
    expect(await inner.load('e')).toBe(seen[0]?.position);
  });
});
