import { eventStoreContract } from '../../testing/event-store.contract';
import { InMemoryCheckpointStore, InMemoryEventStore } from './in-memory-event-store';

eventStoreContract('in-memory', async () => ({
  store: new InMemoryEventStore({ minPollMs: 1, maxPollMs: 20, retry: { initialMs: 5, maxMs: 50 } }),
  checkpoints: new InMemoryCheckpointStore(),
}));
