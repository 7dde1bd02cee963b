import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { RecordedEvent, SqliteEventStore, Subscription } from '@cocrea/event-store';
import { KafkaSettings } from '@cocrea/event-bus';
import { KafkaEventFeed, KafkaRelay, SESSION_TIMEOUT_MS } from '@cocrea/event-bus/kafka';
import { TEST_KAFKA_BROKERS, kafka, startKafka } from '../support/kafka-broker';

/** The Kafka relay and feed against a real broker: every position delivered once, in order, whatever happens. */
describe('the Kafka event feed (real broker)', () => {
  let dir: string;
  let store: SqliteEventStore;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(() => startKafka(), 240_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cocrea-kafka-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.db'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (nodeId: string, topic: string): KafkaSettings => ({ brokers: TEST_KAFKA_BROKERS, topic, partitions: 1, nodeId });

  const appendMany = async (count: number, streams = 7) => {
    await Promise.all(
      Array.from({ length: count }, (_, i) => store.appendToStream(`thing-${i % streams}`, [{ type: 'Happened', data: { i } }])),
    );
  };

  const relay = async (topic: string, checkpoint = join(dir, 'relay.checkpoint')) => {
    const started = new KafkaRelay(store, settings('relay', topic), checkpoint);
    await started.start();
    stops.push(() => started.stop());
    return started;
  };

  const follow = (nodeId: string, topic: string) => {
    const received: RecordedEvent[] = [];
    const feed = new KafkaEventFeed(store, settings(nodeId, topic));
    const subscription: Subscription = feed.subscribeToAll(0, (events) => {
      received.push(...events);
    });
    stops.push(() => subscription.stop());
    return received;
  };

  const until = async (condition: () => boolean, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const positions = (events: RecordedEvent[]) => events.map((e) => e.position);
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('delivers every position once and in order to every node, the ones before it joined included', async () => {
    const topic = `cocrea.test.${randomUUID()}`;
    await appendMany(150);
    await relay(topic);
    const nodeA = follow(`a-${randomUUID()}`, topic);
    await appendMany(150);
    const nodeB = follow(`b-${randomUUID()}`, topic);
    await appendMany(100);
    await until(() => nodeA.length >= 400 && nodeB.length >= 400, 'both nodes at position 400');
    expect(positions(nodeA)).toEqual(oneTo(400));
    expect(positions(nodeB)).toEqual(oneTo(400));
    expect(nodeA.map((e) => e.hash)).toEqual((await store.readAll({ maxCount: 1000 })).map((e) => e.hash));
  });

  it('drops what a restarted relay publishes again, and fills from the store what the topic skipped', async () => {
    const topic = `cocrea.test.${randomUUID()}`;
    const checkpoint = join(dir, 'relay.checkpoint');
    // The topic starts at position 51: positions 1..50 were never published (the node must fill them from the store).
    await appendMany(50);
    writeFileSync(checkpoint, '50');
    const first = await relay(topic, checkpoint);
    await appendMany(100);
    await until(() => first.position === 150, 'the relay at 150');
    await first.stop();
    // A crash before the checkpoint was written: the next relay publishes 101..150 a second time.
    writeFileSync(checkpoint, '100');
    await relay(topic, checkpoint);
    await appendMany(50);
    const node = follow(`n-${randomUUID()}`, topic);
    await until(() => node.length >= 200, 'the node at 200');
    await new Promise((r) => setTimeout(r, 300));
    expect(positions(node)).toEqual(oneTo(200));
  });

  it('keeps accepting appends while the broker is down, and the same relay publishes them once it is back', async () => {
    const topic = `cocrea.test.${randomUUID()}`;
    const running = await relay(topic);
    const nodeId = `n-${randomUUID()}`;
    const node = follow(nodeId, topic);
    await appendMany(10);
    await until(() => node.length >= 10, 'the node at 10');
    kafka('stop');
    try {
      await appendMany(20);
      expect(await store.headPosition()).toBe(30);
      await new Promise((r) => setTimeout(r, 500));
      expect(running.position).toBe(10);
    } finally {
      startKafka();
    }
    // The node does not wait for Kafka: it reads the store when the topic is silent. The relay catches up too.
    await until(() => node.length >= 30, 'the node at 30', 90_000);
    await until(() => running.position === 30, 'the relay at 30 after the broker returned', 90_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(positions(node)).toEqual(oneTo(30));

    // Stopped, the feed leaves nothing behind: no consumer of its own, nor one kafkajs restarted after the outage.
    // A consumer stopped in the middle of joining the group (the broker that just came back is slow to answer) may
    // be left in it by the coordinator with no one heartbeating for it, until the session times out; a consumer
    // still running would heartbeat and stay for good. So: none within the session timeout, and none 3 s later.
    for (const stop of stops.splice(0).reverse()) await stop();
    const admin = new Kafka({ clientId: 'test', brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const members = async () => (await admin.describeGroups([`cocrea-node-${nodeId}`])).groups[0].members;
      const stoppedAt = Date.now();
      while ((await members()).length > 0 && Date.now() - stoppedAt < SESSION_TIMEOUT_MS + 5000)
        await new Promise((r) => setTimeout(r, 250));
      expect(await members()).toEqual([]);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await members()).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it('relays a burst of large events to a topic with the default record limit, in order', async () => {
    const topic = `cocrea.test.${randomUUID()}`;
    const big = 'x'.repeat(40_000);
    // A topic made elsewhere with Kafka's default limit of 1 MB per record batch.
    const admin = new Kafka({ clientId: 'test', brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1048576' }] }],
    });
    await admin.disconnect();
    // 250 events of 40 kB arriving together: one subscription batch of 10 MB.
    await Promise.all(
      Array.from({ length: 250 }, (_, i) => store.appendToStream(`big-${i % 3}`, [{ type: 'Drafted', data: { i, text: big } }])),
    );
    await relay(topic);
    const node = follow(`n-${randomUUID()}`, topic);
    await until(() => node.length >= 250, 'the node at 250');
    expect(positions(node)).toEqual(oneTo(250));
  });
});
