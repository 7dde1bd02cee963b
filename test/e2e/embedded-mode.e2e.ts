import type { AppConfig } from '@cocrea/platform';

// Each server client is itself, but notes when it is first loaded (a mock's factory runs on the first require).
const mockLoaded: string[] = [];
jest.mock('pg', () => (mockLoaded.push('pg'), jest.requireActual('pg')));
jest.mock('kafkajs', () => (mockLoaded.push('kafkajs'), jest.requireActual('kafkajs')));
jest.mock('@eventstore/db-client', () => (mockLoaded.push('@eventstore/db-client'), jest.requireActual('@eventstore/db-client')));

// Imported in the tests, not above: what the app loads is under test, so it must load after the notes are ready.
const harness = () => import('../support/app-harness.js');

/** An embedded node pays for none of the server clients: each loads only in the mode that needs it. */
describe('which server clients a node loads', () => {
  let config: AppConfig;
  let dataDir: () => Promise<void>;

  beforeEach(async () => {
    const unbooted = new (await harness()).TestApp();
    config = unbooted.config;
    dataDir = () => unbooted.stop();
  });
  afterEach(() => dataDir());

  it('boots and serves an embedded node (SQLite, in-process bus) without the PostgreSQL, EventStoreDB or Kafka client', async () => {
    const app = await (await harness()).TestApp.start();
    try {
      expect((await app.get('/health')).status).toBe(200);
      expect(mockLoaded).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('loads the PostgreSQL client for a PostgreSQL store, and names an unreachable server', async () => {
    const { openEventStore } = await import('../../libs/platform/src/event-store.factory.js');
    const url = 'postgres://cocrea@127.0.0.1:1/events';

    await expect(openEventStore({ ...config, eventStore: { kind: 'postgres', url, schema: 'cocrea' } })).rejects.toThrow(url);
    expect(mockLoaded).toContain('pg');
  });

  it('loads the EventStoreDB client for an EventStoreDB store, and names an unreachable server', async () => {
    const { openEventStore } = await import('../../libs/platform/src/event-store.factory.js');
    const url = 'esdb://127.0.0.1:1?tls=false';

    await expect(openEventStore({ ...config, eventStore: { kind: 'eventstoredb', url } })).rejects.toThrow(
      `EventStoreDB at ${url} is unreachable`,
    );
    expect(mockLoaded).toContain('@eventstore/db-client');
  });

  it('loads the Kafka client for a Kafka bus, and names unreachable brokers', async () => {
    const { NestFactory } = await import('@nestjs/core');
    const { PlatformModule } = await import('../../libs/platform/src/platform.module.js');
    const eventBus: AppConfig['eventBus'] = {
      kind: 'kafka',
      brokers: ['127.0.0.1:1'],
      topic: 'cocrea.events',
      partitions: 1,
      nodeId: 'n1',
      relay: true,
    };

    const starting = NestFactory.createApplicationContext(PlatformModule.forRoot({ ...config, eventBus }), {
      abortOnError: false,
      logger: false,
    });

    await expect(starting).rejects.toThrow('Kafka at 127.0.0.1:1 is unreachable');
    expect(mockLoaded).toContain('kafkajs');
  });
});
