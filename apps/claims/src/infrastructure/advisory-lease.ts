import { Client } from 'pg';

/**
 * Leadership by a session-level PostgreSQL advisory lock on a connection of its own: held while that
 * connection lives, released by PostgreSQL when the process or the connection dies, so a crashed leader
 * never blocks a successor. Advisory locks are per database, so each test database has its own leader.
 */
export class AdvisoryLease {
  private client?: Client;
  private lost = false;

  constructor(
    private readonly connectionString: string,
    private readonly name: string,
  ) {}

  /** True while the lock is held on a live connection. */
  get held(): boolean {
    return this.client !== undefined && !this.lost;
  }

  /** Tries once; true when this instance now holds the lease. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    await this.release();
    const client = new Client({ connectionString: this.connectionString, application_name: `lease:${this.name}`, keepAlive: true });
    // A dropped connection releases the lock server-side; mark the lease lost so the holder stops.
    client.on('error', () => {
      this.lost = true;
    });
    client.on('end', () => {
      this.lost = true;
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [this.name]);
      if (rows[0]?.ok) {
        this.client = client;
        this.lost = false;
        return true;
      }
    } catch {
      // Not reachable now: report "not held"; the caller retries later.
    }
    await client.end().catch(() => undefined);
    return false;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.lost = false;
    await client?.end().catch(() => undefined);
  }
}
