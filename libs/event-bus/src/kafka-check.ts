import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSettings } from './kafka-config';

/** Fails with a message naming the brokers when none of them answers: a clear error at start. */
export const assertKafkaReachable = async (brokers: string[], timeoutMs = 10_000): Promise<void> => {
  const admin = new Kafka({
    clientId: 'cocrea-start-check',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3000),
    retry: { retries: 3, initialRetryTime: 300, maxRetryTime: 2000 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new Error(`Kafka at ${brokers.join(',')} is unreachable: ${(error as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/** Creates the topic when it does not exist yet (one partition by default: one total order). */
export const ensureTopic = async (kafka: Kafka, settings: Pick<KafkaSettings, 'topic' | 'partitions'>): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(settings.topic)) {
      await admin.createTopics({
        waitForLeaders: true,
        // One event can be a whole proposal (sections of up to 20,000 characters each): allow 8 MB records.
        topics: [
          {
            topic: settings.topic,
            numPartitions: settings.partitions,
            replicationFactor: 1,
            configEntries: [{ name: 'max.message.bytes', value: String(8 * 1024 * 1024) }],
          },
        ],
      });
    }
  } finally {
    await admin.disconnect();
  }
};
