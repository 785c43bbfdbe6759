import type { Kafka } from 'kafkajs';

/**
 * Waits until a consumer group has committed, on every partition of a topic, the topic's high watermark,
 * and the watermark stood still for a moment. The claims service commits its policy view's offsets only
 * after the batch is applied, so this is "the policy view has every enrollment event published so far".
 * The still moment covers enrollment's outbox relay, which publishes right after each command's commit.
 */
export function consumerGroupCaughtUp(kafka: Kafka, topic: string, groupId: string, opts: { timeoutMs?: number; settleMs?: number } = {}): { wait: () => Promise<void>; close: () => Promise<void> } {
  const admin = kafka.admin();
  let connected: Promise<void> | null = null;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const settleMs = opts.settleMs ?? 150;
  const highs = async () => (await admin.fetchTopicOffsets(topic)).map((p) => `${p.partition}:${p.high}`).sort().join(',');
  const wait = async () => {
    connected ??= admin.connect();
    await connected;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const before = await highs();
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const positions = (committed?.partitions ?? []).map((p) => `${p.partition}:${p.offset === '-1' ? '0' : p.offset}`).sort().join(',');
      if (positions === before) {
        await new Promise((r) => setTimeout(r, settleMs));
        if ((await highs()) === before) return;
        continue;
      }
      if (Date.now() > deadline) throw new Error(`consumer group ${groupId} did not catch up with ${topic}: committed ${positions}, high ${before}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // The admin connection is the caller's to end: a test that forgot it would keep Jest from exiting.
  const close = async () => {
    if (connected) await admin.disconnect();
  };
  return { wait, close };
}
