export type Filter = Record<string, string | number | boolean | null>;

/** What queries read: documents by id or by top-level fields, and the positions filed under a feed. */
export interface ReadModelReader {
  get<T>(collection: string, id: string): T | undefined;
  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter?: Filter): T[];
  /** Positions filed under a feed with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(feed: string, after: number, upTo: number, limit: number): number[];
}

/** DI token of the serving read models, as a `ReadModelReader`: what controllers, queries and the live layer read. */
export const READ_MODELS = Symbol('READ_MODELS');

/**
 * What a projection may do to the read models while it applies an event. To change a document, either build
 * a new one (`{ ...current, field }`) or change the one `get` returned and `put` it back — never change a
 * document without putting it back: inside a transaction `get` returns the very object the transaction keeps
 * until it commits, so an unsaved change would show in later reads of the same batch but never be written.
 */
export interface ReadModelWriter {
  get<T>(collection: string, id: string): T | undefined;
  put<T>(collection: string, id: string, document: T): void;
  /** Replaces a document with `change(current)`; does nothing when there is none. */
  update<T>(collection: string, id: string, change: (current: T) => T): void;
  delete(collection: string, id: string): void;
  find<T>(collection: string, filter?: Filter): T[];
  /**
   * Files the event at a log position under a feed (the events of a room, the ballots of a consultation). A feed
   * is an index of positions: the events stay in the log, which `EventStore.readEventsAt` reads them back from.
   */
  appendToFeed(feed: string, position: number): void;
}

/** A row of `dump()`: a document, or a position filed under a feed (collection `feed:<name>`, id the position, no body). */
export interface ReadModelRow {
  collection: string;
  id: string;
  body: string;
}

/**
 * The read models as the projection runner keeps them: changed in transactions together with the checkpoint
 * of each projection, emptied to be rebuilt from the log. The serving read models and a rebuild's are both one.
 */
export interface ReadModelStore extends ReadModelWriter, ReadModelReader {
  /** Runs `work` in one transaction; if it throws, nothing of it is written. */
  transaction<T>(work: () => T): T;
  /** The last log position a projection applied (0: none). */
  checkpoint(projection: string): number;
  saveCheckpoint(projection: string, position: number): void;
  /** Empties every read model and checkpoint. */
  reset(): void;
  /** Indexes the fields `find` filters these collections on (see `Projection.indexes`). */
  defineIndexes(indexes: readonly DocumentIndex[]): void;
  /** Every document, then every feed's positions, ordered: for comparing a rebuild with the live read models. */
  dump(): ReadModelRow[];
  close(): void;
}

/** DI token of the serving read models, as a `ReadModelStore`: what the projection runner applies the log to. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

/** Top-level fields of one collection's documents that `find` filters on together; an index serves them. */
export interface DocumentIndex {
  collection: string;
  fields: readonly string[];
}
