import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Pool } from 'pg';
import type { ReadinessProbe } from './health';

export class PostgresProbe implements ReadinessProbe {
  readonly name = 'postgres';
  constructor(private readonly query: () => Promise<unknown>) {}
  static fromPool(pool: Pool): PostgresProbe {
    return new PostgresProbe(() => pool.query('SELECT 1'));
  }
  async check(): Promise<void> {
    await this.query();
  }
}

/**
 * Asks the broker for its metadata with one short attempt. The admin client is recreated after a failure
 * because kafkajs keeps a dead connection's state around after the broker went away.
 */
export class KafkaProbe implements ReadinessProbe {
  readonly name = 'kafka';
  private admin?: Admin;
  constructor(private readonly brokers: string[], private readonly clientId: string) {}

  async check(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = new Kafka({
          clientId: `${this.clientId}-health`,
          brokers: this.brokers,
          logLevel: logLevel.NOTHING,
          connectionTimeout: 1000,
          requestTimeout: 2000,
          retry: { retries: 0 },
        }).admin();
        await this.admin.connect();
      }
      const { brokers } = await this.admin.describeCluster();
      if (brokers.length === 0) throw new Error('the cluster reports no brokers');
    } catch (e) {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      throw new Error(`kafka at ${this.brokers.join(',')} is unreachable: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
