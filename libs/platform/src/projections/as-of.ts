import type { EventStore, RecordedEvent } from '@cocrea/event-store';
import { unanswered } from '../queries/query-error';
import { handles, type Projection } from './projection';
import type { Filter, ReadModelWriter } from './read-models';
import { type Text, t } from '../i18n/text';

/**
 * Read models as they were at an earlier moment of the log. They are not stored: the very projection that
 * builds the live read model is run again over the events up to that moment, into memory, so a document
 * as of then has exactly the shape of the document now.
 */

/** Read models held in memory, with the semantics of the serving read models (JSON copies, creation order). */
export class InMemoryReadModels implements ReadModelWriter {
  private readonly collections = new Map<string, Map<string, string>>();
  private readonly feeds = new Map<string, Set<number>>();

  get<T>(collection: string, id: string): T | undefined {
    const body = this.collections.get(collection)?.get(id);
    return body === undefined ? undefined : (JSON.parse(body) as T);
  }

  put<T>(collection: string, id: string, document: T): void {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    // A Map keeps a replaced key in its place: creation order, as the database's sequence does.
    documents.set(id, JSON.stringify(document));
  }

  update<T>(collection: string, id: string, change: (current: T) => T): void {
    const current = this.get<T>(collection, id);
    if (current !== undefined) this.put(collection, id, change(current));
  }

  delete(collection: string, id: string): void {
    this.collections.get(collection)?.delete(id);
  }

  find<T>(collection: string, filter: Filter = {}): T[] {
    const wanted = Object.entries(filter).filter(([, value]) => value !== undefined);
    const documents = [...(this.collections.get(collection)?.values() ?? [])].map((body) => JSON.parse(body) as Record<string, unknown>);
    // A missing field matches null, as SQL's `json_extract(...) IS NULL` does.
    return documents.filter((document) => wanted.every(([field, value]) => (document[field] ?? null) === value)) as T[];
  }

  appendToFeed(feed: string, position: number): void {
    let positions = this.feeds.get(feed);
    if (!positions) this.feeds.set(feed, (positions = new Set()));
    positions.add(position);
  }

  /** Positions filed under a feed with `after < position <= upTo`, in order. */
  readFeed(feed: string, after = 0, upTo = Number.MAX_SAFE_INTEGER): number[] {
    return [...(this.feeds.get(feed) ?? [])].filter((position) => position > after && position <= upTo).sort((a, b) => a - b);
  }
}

/** The read models a projection makes of these events, applied in the order given (position order). */
export const foldProjection = (projection: Projection, events: Iterable<RecordedEvent>): InMemoryReadModels => {
  const models = new InMemoryReadModels();
  for (const event of events) if (handles(projection, event)) projection.apply(event, models);
  return models;
};

/** One document as a projection makes it from these events, or undefined when they do not create it. */
export const documentAsOf = <T>(projection: Projection, events: Iterable<RecordedEvent>, collection: string, id: string): T | undefined =>
  foldProjection(projection, events).get<T>(collection, id);

/** Events of several sources (a stream, an index of related events) as one list in log order. */
export const inLogOrder = (...sources: ReadonlyArray<readonly RecordedEvent[]>): RecordedEvent[] =>
  sources.flat().sort((a, b) => a.position - b.position);

/** A moment of the log asked for: a position, or a time (milliseconds since the epoch). */
export type AsOf = { position: number } | { time: number };

/** Where in the log a document is as of: the last position it includes, and when that event was recorded. */
export interface LogMoment {
  position: number;
  time: string | null;
}

const POSITION = /^\d+$/;
// A time must say its time zone, so that it means one instant; a bare date means its midnight UTC.
const TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * An ISO-8601 instant as milliseconds since the epoch: a calendar date (its midnight UTC), or a date and time
 * with a time zone. Anything else — a time without zone, a week or ordinal date, a day the calendar does not
 * have — is undefined, so that every time the API accepts means one instant that `Date.parse` reads.
 */
export const parseInstant = (text: unknown): number | undefined => {
  if (typeof text !== 'string' || !TIME.test(text)) return undefined;
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.parse rolls 2017-02-30 over into March: refuse a day the calendar does not have.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
};

/**
 * `asOf` as a query gives it: a position (digits) or an ISO-8601 time. A `+` of a time-zone offset arrives
 * as a space when the client did not encode it (form encoding), so a space before the offset reads as `+`.
 */
export const parseAsOf = (raw: unknown): AsOf | undefined => {
  if (typeof raw !== 'string') return undefined;
  if (POSITION.test(raw)) {
    const position = Number(raw);
    return Number.isSafeInteger(position) ? { position } : undefined;
  }
  const time = parseInstant(raw.replace(/ (\d{2}:?\d{2})$/, '+$1'));
  return time === undefined ? undefined : { time };
};

export const AS_OF_MESSAGE = t`asOf must be a log position (a whole number) or an ISO-8601 time with a time zone, e.g. 2017-05-01T12:00:00Z`;

/**
 * The last event at or before a moment, by binary search over the global log through the port alone
 * (`readAll` from a position, one event), so that it works on every adapter, with gaps in positions or not.
 * Relies on recording times not decreasing along the log: every store records an event no earlier than the one before.
 */
export const lastEventWhere = async (
  store: EventStore,
  isAtOrBefore: (event: RecordedEvent) => boolean,
): Promise<RecordedEvent | undefined> => {
  const eventFrom = async (position: number) => (await store.readAll({ after: position - 1, maxCount: 1 }))[0];
  let found: RecordedEvent | undefined;
  // Invariant: the answer is `found` (at position `low`, none while 0) or an event in (low, high].
  let low = 0;
  let high = await store.headPosition();
  while (low < high) {
    const middle = low + Math.ceil((high - low) / 2);
    const event = await eventFrom(middle);
    if (event && event.position <= high && isAtOrBefore(event)) {
      found = event;
      low = event.position;
    } else {
      high = middle - 1;
    }
  }
  return found;
};

/** Turns what was asked for into a moment of the log: a time becomes the last position recorded at or before it. */
export const resolveAsOf = async (store: EventStore, asked: AsOf | string): Promise<LogMoment> => {
  const asOf = typeof asked === 'string' ? parseAsOf(asked) : asked;
  if (asOf === undefined) return unanswered('invalid', AS_OF_MESSAGE);
  let event: RecordedEvent | undefined;
  if ('position' in asOf) {
    // Beyond the head is the current state: the head.
    const position = Math.min(asOf.position, await store.headPosition());
    if (position > 0) {
      const [exact] = await store.readAll({ after: position - 1, maxCount: 1 });
      event = exact?.position === position ? exact : await lastEventWhere(store, (e) => e.position <= position);
    }
  } else {
    event = await lastEventWhere(store, (e) => Date.parse(e.recordedAt) <= asOf.time);
  }
  return { position: event?.position ?? 0, time: event?.recordedAt ?? null };
};

/** A document as of a moment, with that moment; a 404 when the entity did not exist then. */
export const existedAsOf = <T extends object>(
  document: T | undefined,
  entity: Text,
  id: string,
  moment: LogMoment,
): T & { asOf: LogMoment } => {
  if (document === undefined) return unanswered('not-found', t`${entity} ${id} did not exist at position ${moment.position}`);
  return { ...document, asOf: moment };
};

/** The document one stream's events up to a moment make, through the projection of the live read model. */
export const streamDocumentAsOf = async <T extends object>(
  store: EventStore,
  asOf: AsOf | string,
  source: { streamId: string; projection: Projection; collection: string; entity: Text; id: string },
): Promise<T & { asOf: LogMoment }> => {
  const moment = await resolveAsOf(store, asOf);
  const events = await store.readStream(source.streamId, { toPosition: moment.position });
  return existedAsOf(documentAsOf<T>(source.projection, events, source.collection, source.id), source.entity, source.id, moment);
};

/** Where the events of a past state come from: whole streams, and feeds (indexes of positions) of the read models. */
export interface PastSources {
  streams?: readonly string[];
  feeds?: readonly string[];
}

/** What reading the past takes: the log, and the feeds of read models that have reached the moment asked for. */
export interface PastReader {
  readonly store: EventStore;
  /** The positions of a feed up to `upTo`; undefined when the read models have not reached `upTo` in time. */
  feedUpTo(feed: string, upTo: number): Promise<number[] | undefined>;
}

/**
 * The read models a projection makes of the events of these streams and feeds up to a moment, applied in log
 * order: the past state of a document, built by the very projection that builds it now.
 */
export const pastState = async (
  reader: PastReader,
  projection: Projection,
  moment: LogMoment,
  sources: PastSources,
): Promise<InMemoryReadModels> => {
  const streams = await Promise.all(
    (sources.streams ?? []).map((streamId) => reader.store.readStream(streamId, { toPosition: moment.position })),
  );
  const feeds = await Promise.all(
    (sources.feeds ?? []).map(async (feed) => {
      const positions = await reader.feedUpTo(feed, moment.position);
      if (positions === undefined) return unanswered('behind', t`read models have not reached position ${moment.position} yet; retry`);
      return reader.store.readEventsAt(positions);
    }),
  );
  return foldProjection(projection, inLogOrder(...streams, ...feeds));
};
