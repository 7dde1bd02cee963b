import type { RecordedEvent } from '@cocrea/event-store';
import type { ReadModelReader } from '../projections/read-models';

let position = 0;

/** An event as the log records it, at the next position of the log: what the specs of rooms route. */
export const recorded = (streamId: string, type: string, data: Record<string, unknown> = {}): RecordedEvent => ({
  id: `e${++position}`,
  streamId,
  type,
  data,
  metadata: { actorId: 'ana' },
  revision: 1,
  position,
  recordedAt: '2020-01-01T00:00:00.000Z',
  hash: 'h',
});

/** Read models holding these documents, by collection and id: what a room's `refusal`, `present` and message read. */
export const readModelsWith = (documents: Record<string, Record<string, unknown>>): ReadModelReader => ({
  get: <T>(collection: string, id: string) => documents[collection]?.[id] as T | undefined,
  find: <T>(collection: string) => Object.values(documents[collection] ?? {}) as T[],
  readFeed: () => [],
});
