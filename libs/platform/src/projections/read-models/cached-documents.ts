import type { ReadModelFile } from './read-model-file';

/** A document as the current transaction sees it; written to the database once, when the transaction commits. */
interface CachedDocument {
  /** undefined: no such document. */
  document: unknown;
  dirty: boolean;
  /** Whether the database holds a row for it; undefined when that is not known (a put without a get before it). */
  stored: boolean | undefined;
  /** The stored row must go first: the document was deleted since the last write (and maybe put again). */
  deleted: boolean;
  /** The creation order of a document created since the last write (or put again after its deletion). */
  seq?: number;
}

export interface CachedDocumentsOptions {
  /**
   * The file started empty and never let a document go from this cache: a document missing from the cache is
   * in no row either, so a rebuild never asks the database for documents it is creating.
   */
  holdsAll: boolean;
  /** Writes each collection's documents in key order, as the primary key's index keeps them: a rebuild writes many. */
  inKeyOrder: boolean;
}

/**
 * Documents read and written through memory, by collection and id, written back to the file when flushed.
 * Projections read the same few documents over and over (a consultation's tally on every vote): each is
 * parsed once and written once instead of once per event. The serving read models keep one for a
 * transaction, a rebuild keeps one across its transactions.
 */
export class CachedDocuments {
  private readonly collections = new Map<string, Map<string, CachedDocument>>();
  private last?: { collection: string; documents: Map<string, CachedDocument> };
  /** Documents held, written or not. */
  size = 0;
  /** Whether a flush wrote any document to the file. */
  wrote = false;

  constructor(
    private readonly file: ReadModelFile,
    private readonly options: CachedDocumentsOptions,
  ) {}

  /** Whether every document of the file is here (see CachedDocumentsOptions). */
  get holdsAll(): boolean {
    return this.options.holdsAll;
  }

  get<T>(collection: string, id: string): T | undefined {
    return this.cached(collection, id).document as T | undefined;
  }

  put<T>(collection: string, id: string, document: T): void {
    const documents = this.documentsOf(collection);
    const entry = documents.get(id);
    if (entry) {
      if (entry.document === undefined) entry.seq ??= this.file.nextSeq();
      entry.document = document;
      entry.dirty = true;
    } else {
      documents.set(id, {
        document,
        dirty: true,
        stored: this.options.holdsAll ? false : undefined,
        deleted: false,
        seq: this.file.nextSeq(),
      });
      this.size++;
    }
  }

  delete(collection: string, id: string): void {
    const documents = this.documentsOf(collection);
    const entry = documents.get(id);
    if (entry) {
      entry.document = undefined;
      entry.dirty = true;
      entry.deleted = true;
      entry.seq = undefined;
    } else {
      documents.set(id, { document: undefined, dirty: true, stored: this.options.holdsAll ? false : undefined, deleted: true });
      this.size++;
    }
  }

  /**
   * Writes what changed (in one collection, or in all) to the file; the cache keeps the documents. A document
   * the file does not hold yet is inserted (many rows a statement), one it holds is updated in place, and one
   * that may or may not be there is upserted.
   */
  flush(collection?: string): void {
    this.write(collection, () => true);
  }

  /** Writes what changed of the documents the file may hold a row for, and leaves the new ones to `unwrittenRows`. */
  flushStored(): void {
    this.write(undefined, (entry) => entry.stored !== false);
  }

  /**
   * The documents changed and not written, by collection and id in key order, as rows to insert (flattened:
   * collection, id, seq, body, then the next one's), serialized a chunk of at least `chunk` values at a time.
   * The last chunk, maybe empty, is always given.
   */
  *unwrittenRows(chunk: number): Generator<unknown[]> {
    let rows: unknown[] = [];
    for (const name of [...this.collections.keys()].sort()) {
      const documents = this.collections.get(name)!;
      for (const id of [...documents.keys()].sort()) {
        const { document, seq, dirty } = documents.get(id)!;
        if (dirty && document !== undefined) rows.push(name, id, seq, JSON.stringify(document));
        if (rows.length >= chunk) {
          yield rows;
          rows = [];
        }
      }
    }
    yield rows;
  }

  private write(collection: string | undefined, only: (entry: CachedDocument) => boolean): void {
    const inserts: unknown[] = [];
    const collections = collection === undefined ? [...this.collections.keys()].sort() : [collection];
    for (const name of collections) {
      const documents = this.collections.get(name);
      if (!documents) continue;
      // In key order, as the primary key's index keeps them.
      const ids = this.options.inKeyOrder ? [...documents.keys()].sort() : documents.keys();
      for (const id of ids) {
        const entry = documents.get(id)!;
        if (!entry.dirty || !only(entry)) continue;
        if (entry.deleted && entry.stored !== false) {
          this.file.delete(name, id);
          entry.stored = false;
        }
        if (entry.document !== undefined) {
          this.wrote = true;
          const body = JSON.stringify(entry.document);
          if (entry.stored === true) this.file.update(name, id, body);
          else if (entry.stored === false) inserts.push(name, id, entry.seq, body);
          else this.file.upsert(name, id, entry.seq!, body);
          entry.stored = true;
        }
        entry.dirty = false;
        entry.deleted = false;
        entry.seq = undefined;
      }
    }
    this.file.insert(inserts);
  }

  private documentsOf(collection: string): Map<string, CachedDocument> {
    // Projections ask for the same collection many times in a row (a vote: its ballot, then its tally's).
    const last = this.last;
    if (last && last.collection === collection) return last.documents;
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    this.last = { collection, documents };
    return documents;
  }

  /** The view of a document, read from the file the first time it is asked for. */
  private cached(collection: string, id: string): CachedDocument {
    const documents = this.documentsOf(collection);
    let entry = documents.get(id);
    if (!entry) {
      const document = this.options.holdsAll ? undefined : this.file.get(collection, id);
      documents.set(id, (entry = { document, dirty: false, stored: document !== undefined, deleted: false }));
      this.size++;
    }
    return entry;
  }
}

/** Feed positions filed and not yet written, by feed: written feed by feed, in order, far fewer page splits. */
export class PendingPositions {
  private feeds = new Map<string, number[]>();
  /** Positions held. */
  count = 0;

  append(feed: string, position: number): void {
    let positions = this.feeds.get(feed);
    if (!positions) this.feeds.set(feed, (positions = []));
    positions.push(position);
    this.count++;
  }

  /** Hands over every feed's positions, feeds in name order, and holds none then. */
  take(): Array<[feed: string, positions: number[]]> {
    const feeds = [...this.feeds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.feeds = new Map();
    this.count = 0;
    return feeds;
  }

  writeTo(file: ReadModelFile): void {
    if (this.count === 0) return;
    // Positions are filed in log order: each feed's list is already sorted.
    for (const [feed, positions] of this.take()) file.writePositions(feed, positions);
  }
}
