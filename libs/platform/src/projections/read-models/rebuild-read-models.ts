import { CachedDocuments, PendingPositions } from './cached-documents';
import { ReadModelFile, ROWS_PER_INSERT } from './read-model-file';
import type { DocumentIndex, Filter, ReadModelRow, ReadModelStore } from './read-models';
import { startScratchWriter } from './scratch-writer';

/**
 * Documents a scratch file keeps in memory between its transactions. Beyond this many, the changed ones are
 * written and the memory is given back: a rebuild of any size runs in bounded memory (about 1 KiB a document).
 */
const SCRATCH_CACHED_DOCUMENTS = 1_000_000;
/** Feed positions a scratch file collects before writing them, feed by feed. */
const SCRATCH_PENDING_POSITIONS = 4_000_000;
/** Rows handed to the writer of a scratch file at a time. */
const ROWS_PER_MESSAGE = 2_000;

export interface RebuildReadModelsOptions {
  /** Documents a scratch file keeps in memory between its transactions (default SCRATCH_CACHED_DOCUMENTS). */
  cachedDocuments?: number;
}

/**
 * Read models being rebuilt from the log into a scratch file, to replace the live one (`npm run rebuild`): no
 * journal, no fsync, and the read models folded in memory across transactions, each document written once,
 * when the file is closed (or when more than SCRATCH_CACHED_DOCUMENTS are held), then the indexes of `find`
 * built. A crash or a failed transaction leaves a half-built scratch file, which is thrown away; closing it
 * switches it to WAL, as the server uses it.
 */
export class RebuildReadModels implements ReadModelStore {
  private readonly file: ReadModelFile;
  /**
   * Documents read and written since the file was opened: the next transaction finds them parsed (a rebuild
   * reads each once and writes each once), until there are too many to keep.
   */
  private documents: CachedDocuments;
  private positions = new PendingPositions();
  private readonly cachedDocumentsLimit: number;
  /** A scratch file whose transaction failed: its memory and its file no longer agree. */
  private broken?: unknown;

  constructor(filename: string, options: RebuildReadModelsOptions = {}) {
    this.file = new ReadModelFile(filename, ['journal_mode = OFF', 'synchronous = OFF', 'cache_size = -262144' /* 256 MiB */]);
    this.cachedDocumentsLimit = options.cachedDocuments ?? SCRATCH_CACHED_DOCUMENTS;
    this.documents = this.cache(this.file.holdsNoDocument);
  }

  get<T>(collection: string, id: string): T | undefined {
    return this.documents.get<T>(collection, id);
  }

  put<T>(collection: string, id: string, document: T): void {
    this.documents.put(collection, id, document);
  }

  update<T>(collection: string, id: string, change: (current: T) => T): void {
    const current = this.get<T>(collection, id);
    if (current !== undefined) this.put(collection, id, change(current));
  }

  delete(collection: string, id: string): void {
    this.documents.delete(collection, id);
  }

  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter: Filter = {}): T[] {
    // SQL filters and orders: it must see what was changed so far.
    this.documents.flush(collection);
    return this.file.find<T>(collection, filter);
  }

  defineIndexes(indexes: readonly DocumentIndex[]): void {
    this.file.defineIndexes(indexes);
  }

  appendToFeed(feed: string, position: number): void {
    this.positions.append(feed, position);
  }

  /** Positions filed under a feed with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(feed: string, after: number, upTo: number, limit: number): number[] {
    this.positions.writeTo(this.file);
    return this.file.readFeed(feed, after, upTo, limit);
  }

  checkpoint(projection: string): number {
    return this.file.checkpoint(projection);
  }

  saveCheckpoint(projection: string, position: number): void {
    this.file.saveCheckpoint(projection, position);
  }

  /**
   * Runs `work` in one database transaction. The documents stay in memory after it commits, written when the
   * file is closed; if `work` throws, the file is unusable (its memory and its rows no longer agree).
   */
  transaction<T>(work: () => T): T {
    if (this.broken !== undefined) throw new Error(`this scratch file is unusable since a transaction failed: ${String(this.broken)}`);
    try {
      return this.file.transaction(() => {
        const result = work();
        if (this.documents.size > this.cachedDocumentsLimit) {
          this.documents.flush();
          this.documents = this.cache(false);
        }
        if (this.positions.count > SCRATCH_PENDING_POSITIONS) this.positions.writeTo(this.file);
        return result;
      });
    } catch (error) {
      this.broken = error;
      throw error;
    }
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.file.reset();
    this.documents = this.cache(true);
    this.positions = new PendingPositions();
  }

  /** Every document, then every feed's positions, ordered: for comparing a rebuild with the live read models. */
  dump(): ReadModelRow[] {
    this.write();
    return this.file.dump();
  }

  /** Writes every document and position held and leaves the file in WAL mode; one whose transaction failed is only closed. */
  close(): void {
    if (this.broken === undefined) {
      this.file.transaction(() => this.write());
      // The server opens its read models in WAL mode: leave a rebuilt file ready for it.
      this.file.pragma('journal_mode = WAL');
    }
    this.file.close();
  }

  /**
   * Closes the file the fast way: the documents it holds in memory are serialized here and inserted by a
   * worker thread at the same time (see scratch-writer.ts). A file that let documents go from memory, or
   * whose transaction failed, is simply closed.
   */
  async finish(): Promise<void> {
    if (this.broken !== undefined || !this.documents.holdsAll || this.file.filename === ':memory:') return this.close();
    // What a `find` made it write before is changed here; the rest is new, for the writer.
    if (this.documents.wrote) this.file.transaction(() => this.documents.flushStored());
    this.file.close();
    const writer = startScratchWriter(this.file.filename, ROWS_PER_INSERT);
    for (const [feed, positions] of this.positions.take()) writer.file(feed, Float64Array.from(positions));
    for (const rows of this.documents.unwrittenRows(ROWS_PER_MESSAGE * 4)) await writer.write(rows);
    this.documents = this.cache(true);
    await writer.end();
  }

  private cache(holdsAll: boolean): CachedDocuments {
    return new CachedDocuments(this.file, { holdsAll, inKeyOrder: true });
  }

  private write(): void {
    this.documents.flush();
    this.positions.writeTo(this.file);
  }
}
