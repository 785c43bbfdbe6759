import type { Admin, Kafka } from 'kafkajs';

export interface PartitionWatermarks {
  partition: number;
  low: bigint;
  high: bigint;
}

/**
 * High watermarks per partition, from one long-lived admin client (connecting per request would cost a
 * metadata round trip each time). A failure drops the client so that the next call reconnects.
 */
export class TopicOffsets {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  private async ready(): Promise<Admin> {
    if (this.admin) return this.admin;
    this.connecting ??= (async () => {
      const a = this.kafka.admin();
      try {
        await a.connect();
        this.admin = a;
        return a;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  async watermarks(topic: string): Promise<PartitionWatermarks[]> {
    const admin = await this.ready();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
    } catch (e) {
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    const a = this.admin;
    this.admin = undefined;
    await a?.disconnect().catch(() => undefined);
  }
}
