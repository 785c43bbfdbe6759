import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { resolveKafkaBrokers, uniqueTopic } from '@fpi/testing';
import { ensureTopics } from './kafka';

describe('ensureTopics (real broker)', () => {
  let kafka: Kafka;
  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'kafka-topics-test', brokers: await resolveKafkaBrokers(), logLevel: logLevel.NOTHING });
  });

  const retentionOf = async (topic: string): Promise<string | undefined> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
      return resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
    } finally {
      await admin.disconnect();
    }
  };

  it('creates event topics that keep their history for ever, with the partitions asked for, and is idempotent', async () => {
    const history = uniqueTopic('topics-history');
    const shortLived = uniqueTopic('topics-short');
    await ensureTopics(kafka, [{ topic: history, numPartitions: 2 }, { topic: shortLived, retentionMs: 3_600_000 }]);
    await ensureTopics(kafka, [{ topic: history, numPartitions: 2 }]);
    expect(await retentionOf(history)).toBe('-1');
    expect(await retentionOf(shortLived)).toBe('3600000');
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [meta] = (await admin.fetchTopicMetadata({ topics: [history] })).topics;
      expect(meta?.partitions).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  }, 30_000);
});
