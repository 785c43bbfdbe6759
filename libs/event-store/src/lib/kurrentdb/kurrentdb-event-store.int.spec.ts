import { createTestDatabase, resolveKurrentDb } from '@fpi/testing';
import { eventStoreContract } from '../../testing/event-store.contract';
import { createEventStorePool } from '../postgres/pool';
import { PostgresCheckpointStore } from '../postgres/postgres-checkpoint-store';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// jest.global-setup.ts ran resolveKurrentDb() before collection and left its answer in the environment.
const skipped = process.env['KURRENTDB_URL'] ? undefined : (process.env['FPI_KURRENTDB_SKIPPED'] ?? 'KURRENTDB_URL is not set');

if (skipped !== undefined) {
  describe('EventStore contract: KurrentDB', () => {
    // Jest prints neither the console nor the test names of a file whose tests are all skipped, so
    // the reason goes straight to stderr: one line, whatever the reporter.
    process.stderr.write(`\nKurrentDB contract suite SKIPPED: ${skipped}\n`);
    it.skip(`SKIPPED (KurrentDB not reachable): ${skipped}`, () => undefined);
  });
} else {
  eventStoreContract('KurrentDB', async () => {
    const kurrent = await resolveKurrentDb();
    if (!('url' in kurrent)) throw new Error(kurrent.skipped);
    // Checkpoints of KurrentDB subscriptions live in PostgreSQL.
    const db = await createTestDatabase('es_kurrent_checkpoints');
    const pool = createEventStorePool({ connectionString: db.url, max: 2 });
    const checkpoints = await PostgresCheckpointStore.create(pool);
    return {
      store: KurrentDbEventStore.fromConnectionString(kurrent.url, { retry: { initialMs: 50, maxMs: 1_000 } }),
      checkpoints,
      dispose: async () => {
        await pool.end();
        await db.drop();
      },
    };
  });
}
