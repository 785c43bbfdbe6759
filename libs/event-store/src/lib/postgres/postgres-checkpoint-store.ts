import type { Pool } from 'pg';
import type { AllPosition, CheckpointStore } from '../event-store';
import { runMigrations } from './migrations';
import { CHECKPOINT_MIGRATIONS } from './schema';

/**
 * Subscription checkpoints in PostgreSQL (`es_checkpoints`). Positions are stored as the opaque
 * strings the event store produced, so the same table serves PostgreSQL and KurrentDB subscriptions.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly pool: Pool) {}

  /** Creates the table if needed (for use without {@link PostgresEventStore.migrate}, e.g. next to KurrentDB). */
  static async create(pool: Pool): Promise<PostgresCheckpointStore> {
    await runMigrations(pool, CHECKPOINT_MIGRATIONS);
    return new PostgresCheckpointStore(pool);
  }

  async load(subscriptionId: string): Promise<AllPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM es_checkpoints WHERE subscription_id = $1', [subscriptionId]);
    return rows[0]?.position;
  }

  async store(subscriptionId: string, position: AllPosition): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_checkpoints (subscription_id, position) VALUES ($1, $2)
       ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [subscriptionId, position],
    );
  }
}
