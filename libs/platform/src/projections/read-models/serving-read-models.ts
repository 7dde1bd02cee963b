import { CachedDocuments, PendingPositions } from './cached-documents';
import { ReadModelFile } from './read-model-file';
import type { DocumentIndex, Filter, ReadModelRow, ReadModelStore } from './read-models';

/**
 * The read models the server serves: JSON documents in collections, and feeds (ordered sets of log positions),
 * in their own SQLite file beside the event log. They are a cache of the log: `reset()` empties them and the
 * projections rebuild them from position 0. Every change is made in a transaction together with the
 * checkpoint of the projection that made it.
 */
export class ServingReadModels implements ReadModelStore {
  private readonly file: ReadModelFile;
  /**
   * Documents read and written by the running transaction; none outside one. Inside a transaction each is
   * parsed once and written once, at commit, instead of once per event.
   */
  private documents?: CachedDocuments;
  /** Feed positions filed by the running transaction, written at commit. */
  private positions?: PendingPositions;
  /** The layout version of a file that had to be emptied when opened (see READ_MODELS_LAYOUT), if it had to. */
  readonly emptiedLayout?: number;

  constructor(filename: string) {
    this.file = new ReadModelFile(filename, [
      'journal_mode = WAL',
      // A lost tail is replayed from the checkpoint, which commits with the change: NORMAL is safe here.
      'synchronous = NORMAL',
    ]);
    this.emptiedLayout = this.file.emptiedLayout;
  }

  get<T>(collection: string, id: string): T | undefined {
    return this.documents ? this.documents.get<T>(collection, id) : this.file.get<T>(collection, id);
  }

  put<T>(collection: string, id: string, document: T): void {
    if (this.documents) this.documents.put(collection, id, document);
    else this.file.upsert(collection, id, this.file.nextSeq(), JSON.stringify(document));
  }

  update<T>(collection: string, id: string, change: (current: T) => T): void {
    const current = this.get<T>(collection, id);
    if (current !== undefined) this.put(collection, id, change(current));
  }

  delete(collection: string, id: string): void {
    if (this.documents) this.documents.delete(collection, id);
    else this.file.delete(collection, id);
  }

  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter: Filter = {}): T[] {
    // SQL filters and orders: it must see what this transaction changed so far.
    this.documents?.flush(collection);
    return this.file.find<T>(collection, filter);
  }

  defineIndexes(indexes: readonly DocumentIndex[]): void {
    this.file.defineIndexes(indexes);
  }

  appendToFeed(feed: string, position: number): void {
    if (this.positions) this.positions.append(feed, position);
    else this.file.writePositions(feed, [position]);
  }

  /** Positions filed under a feed with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(feed: string, after: number, upTo: number, limit: number): number[] {
    this.positions?.writeTo(this.file);
    return this.file.readFeed(feed, after, upTo, limit);
  }

  checkpoint(projection: string): number {
    return this.file.checkpoint(projection);
  }

  saveCheckpoint(projection: string, position: number): void {
    this.file.saveCheckpoint(projection, position);
  }

  /**
   * Runs `work` in one database transaction. The documents it reads and writes are kept in memory and each
   * is written once, when it commits; if `work` throws, nothing of it is written.
   */
  transaction<T>(work: () => T): T {
    if (this.documents) {
      // Nested: a savepoint. What the outer transaction changed is written first, so that rolling the
      // savepoint back leaves nothing in the cache that the database does not have.
      this.write();
      try {
        return this.file.transaction(work);
      } catch (error) {
        this.startCaching();
        this.file.forgetRolledBack();
        throw error;
      }
    }
    this.startCaching();
    try {
      return this.file.transaction(() => {
        const result = work();
        this.write();
        return result;
      });
    } catch (error) {
      this.file.forgetRolledBack();
      throw error;
    } finally {
      this.documents = undefined;
      this.positions = undefined;
    }
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.file.reset();
    if (this.documents) this.startCaching();
  }

  /** Every document, then every feed's positions, ordered: for comparing a rebuild with the live read models. */
  dump(): ReadModelRow[] {
    this.write();
    return this.file.dump();
  }

  close(): void {
    this.file.close();
  }

  /** Starts the running transaction's memory afresh. */
  private startCaching(): void {
    this.documents = new CachedDocuments(this.file, { holdsAll: false, inKeyOrder: false });
    this.positions = new PendingPositions();
  }

  /** Writes what the running transaction changed so far, if one runs. */
  private write(): void {
    this.documents?.flush();
    this.positions?.writeTo(this.file);
  }
}
