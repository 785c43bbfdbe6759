import { createTestDatabase } from '@fpi/testing';
import { eventStoreContract } from '../../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

eventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase('es_contract');
  const store = await PostgresEventStore.connect({ connectionString: db.url, polling: { minPollMs: 2, maxPollMs: 50 } });
  return { store, checkpoints: store.checkpointStore(), dispose: () => db.drop() };
});
