import { CommitObserver, EventStore, SqliteEventStore, loadEventStoreDbAdapter, loadPostgresAdapter } from '@cocrea/event-store';
import { AppConfig, dataFile } from './config';

export const EVENTS_FILE = 'events.db';

/** Opens the configured event store; a configured server that cannot be reached fails the start, naming it. */
export const openEventStore = async (config: AppConfig, options: { onCommit?: CommitObserver } = {}): Promise<EventStore> => {
  const store = config.eventStore;
  switch (store.kind) {
    case 'sqlite':
      return new SqliteEventStore({ filename: dataFile(config, EVENTS_FILE), synchronous: config.sqliteSynchronous, ...options });
    case 'postgres': {
      const { PostgresEventStore } = await loadPostgresAdapter();
      return PostgresEventStore.open({ connectionString: store.url, schema: store.schema, ...options });
    }
    case 'eventstoredb': {
      const { EventStoreDbEventStore } = await loadEventStoreDbAdapter();
      try {
        await Promise.race([
          EventStoreDbEventStore.endOfAll(store.url),
          new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref()),
        ]);
      } catch (error) {
        throw new Error(`EventStoreDB at ${store.url} is unreachable: ${(error as Error).message}`);
      }
      return new EventStoreDbEventStore({ connectionString: store.url });
    }
  }
};
