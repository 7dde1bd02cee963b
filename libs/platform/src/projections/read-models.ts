import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocumentIndex } from './projection';
import { startScratchWriter } from './scratch-writer';

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

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The layout of the tables. A file of another version holds a cache the code can no longer read: it is emptied,
 * and the projections rebuild it from the log (version 2: feeds index positions instead of copying events).
 */
export const READ_MODELS_LAYOUT = 2;

/** A collection's name as an SQL literal: `find` names it so, and so can use the indexes of that collection alone. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * An index of one collection's documents on some of their fields (none: in creation order), in creation order
 * within equal fields, so that `find` filters and orders from it. Partial (`WHERE collection = ...`): it costs
 * nothing for the other collections, which a rebuild writes by the hundred thousand (ballots, routes).
 */
const indexSql = ({ collection, fields }: DocumentIndex): string => {
  for (const field of fields) if (!FIELD.test(field)) throw new Error(`invalid index field ${field}`);
  const name = `documents_${collection}_by_${fields.length > 0 ? fields.join('_') : 'seq'}`.replace(/[^A-Za-z0-9_]/g, '_');
  const columns = [...fields].sort().map((field) => `json_extract(body, '$.${field}')`);
  return `CREATE INDEX IF NOT EXISTS ${name} ON documents (${[...columns, 'seq'].join(', ')}) WHERE collection = ${literal(collection)};`;
};

/**
 * Documents a scratch file keeps in memory between its transactions. Beyond this many, the changed ones are
 * written and the memory is given back: a rebuild of any size runs in bounded memory (about 1 KiB a document).
 */
const SCRATCH_CACHED_DOCUMENTS = 1_000_000;
/** Feed positions a scratch file collects before writing them, feed by feed. */
const SCRATCH_PENDING_POSITIONS = 4_000_000;
/** Positions written by one statement: SQLite walks the JSON array, not JavaScript. */
const POSITIONS_PER_INSERT = 10_000;

export interface ReadModelDatabaseOptions {
  /**
   * A file being rebuilt from the log to replace the live one (`npm run rebuild`): no journal, no fsync, and
   * the read models folded in memory across transactions, each document written once, when the file is closed
   * (or when more than SCRATCH_CACHED_DOCUMENTS are held), then the indexes of `find` built. A crash or a
   * failed transaction leaves a half-built scratch file, which is thrown away; closing it switches it to WAL,
   * as the server uses it.
   */
  scratch?: boolean;
  /** Documents a scratch file keeps in memory between its transactions (default SCRATCH_CACHED_DOCUMENTS). */
  cachedDocuments?: number;
}

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

/** Rows one INSERT statement writes: far fewer statement runs when a rebuild writes all its documents at the end. */
const ROWS_PER_INSERT = 50;
/** Rows handed to the writer of a scratch file at a time. */
const ROWS_PER_MESSAGE = 2_000;

/**
 * The read models: JSON documents in collections, and feeds (ordered sets of log positions), in their own
 * SQLite file beside the event log. They are a cache of the log: `reset()` empties them and the projections
 * rebuild them from position 0. Every change is made in a transaction together with the checkpoint of the
 * projection that made it.
 */
export class ReadModelDatabase implements ReadModelWriter, ReadModelReader {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly findStatements = new Map<string, Database.Statement>();
  private sequence: number;
  /**
   * Documents read and written by the running transaction, by collection and id. Projections read the same
   * few documents over and over (a consultation's tally on every vote): inside a transaction each is parsed
   * once and written once, at commit, instead of once per event. A scratch file keeps them across transactions.
   */
  private cache?: Map<string, Map<string, CachedDocument>>;
  private cachedDocuments = 0;
  private lastDocuments?: { cache: Map<string, Map<string, CachedDocument>>; collection: string; documents: Map<string, CachedDocument> };
  /**
   * A scratch file that started empty and never let a document go from memory: a document missing from
   * the cache is in no row either, so a rebuild never asks the database for documents it is creating.
   */
  private cacheHoldsAll = false;
  /** Whether any document was written to the file since it was opened or emptied. */
  private wroteDocuments = false;
  /** Feed positions filed and not yet written, by feed: written feed by feed, in order, far fewer page splits. */
  private pendingPositions?: Map<string, number[]>;
  private pendingPositionCount = 0;
  /** Feed ids by name: the positions table keys on a small integer instead of the room's name. */
  private readonly feedIds = new Map<string, number>();
  private readonly scratch: boolean;
  private readonly filename: string;
  private readonly cachedDocumentsLimit: number;
  /** A scratch file whose transaction failed: its memory and its file no longer agree. */
  private broken?: unknown;
  /** The layout version of a file that had to be emptied when opened (see READ_MODELS_LAYOUT), if it had to. */
  readonly emptiedLayout?: number;

  constructor(filename: string, options: ReadModelDatabaseOptions = {}) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.scratch = options.scratch ?? false;
    this.filename = filename;
    this.cachedDocumentsLimit = options.cachedDocuments ?? SCRATCH_CACHED_DOCUMENTS;
    if (this.scratch) {
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('cache_size = -262144'); // 256 MiB
    } else {
      this.db.pragma('journal_mode = WAL');
      // A lost tail is replayed from the checkpoint, which commits with the change: NORMAL is safe here.
      this.db.pragma('synchronous = NORMAL');
    }
    this.emptiedLayout = this.migrate();
    if (this.emptiedLayout !== undefined) {
      new Logger('ReadModels').warn(
        `${filename} had the layout of version ${this.emptiedLayout}, this is version ${READ_MODELS_LAYOUT}: emptied, the projections rebuild it from the log`,
      );
    }
    // Rowid tables for documents, not WITHOUT ROWID: documents run to kilobytes, and in a WITHOUT ROWID table
    // every insert between existing keys splits pages full of them (3 times the CPU and 1.6 times the file in
    // the replay benchmark). Feed positions are two integers: WITHOUT ROWID keeps them in one B-tree.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT    NOT NULL,
        id         TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        body       TEXT    NOT NULL,
        PRIMARY KEY (collection, id)
      );
      CREATE TABLE IF NOT EXISTS feeds (
        id   INTEGER PRIMARY KEY,
        name TEXT    NOT NULL UNIQUE
      );
      CREATE TABLE IF NOT EXISTS feed_positions (
        feed     INTEGER NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (feed, position)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS checkpoints (
        projection TEXT    PRIMARY KEY,
        position   INTEGER NOT NULL
      ) WITHOUT ROWID;
      PRAGMA user_version = ${READ_MODELS_LAYOUT};
    `);
    this.statements = {
      get: this.db.prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND id = ?'),
      upsert: this.db.prepare(
        `INSERT INTO documents (collection, id, seq, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
      ),
      insert: this.db.prepare('INSERT INTO documents (collection, id, seq, body) VALUES (?, ?, ?, ?)'),
      insertMany: this.db.prepare(
        `INSERT INTO documents (collection, id, seq, body) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?)').join(', ')}`,
      ),
      update: this.db.prepare('UPDATE documents SET body = ? WHERE collection = ? AND id = ?'),
      delete: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      checkpoint: this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?'),
      saveCheckpoint: this.db.prepare(
        `INSERT INTO checkpoints (projection, position) VALUES (?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
      ),
      feedId: this.db.prepare<[string], { id: number }>('SELECT id FROM feeds WHERE name = ?'),
      newFeed: this.db.prepare<[string]>('INSERT INTO feeds (name) VALUES (?)'),
      insertPositions: this.db.prepare<[number, string]>(
        'INSERT OR IGNORE INTO feed_positions (feed, position) SELECT ?, value FROM json_each(?)',
      ),
      readFeed: this.db.prepare<[number, number, number, number], { position: number }>(
        'SELECT position FROM feed_positions WHERE feed = ? AND position > ? AND position <= ? ORDER BY position LIMIT ?',
      ),
      dumpFeeds: this.db.prepare<[], { name: string; position: number }>(
        'SELECT name, position FROM feed_positions JOIN feeds ON feeds.id = feed_positions.feed ORDER BY name, position',
      ),
      maxSeq: this.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM documents'),
      dump: this.db.prepare<[], { collection: string; id: string; body: string }>(
        'SELECT collection, id, body FROM documents ORDER BY collection, id',
      ),
    };
    this.sequence = this.statements.maxSeq.get()?.seq ?? 0;
    if (this.scratch) {
      this.cache = new Map();
      this.pendingPositions = new Map();
      this.cacheHoldsAll = this.sequence === 0;
    }
  }

  get<T>(collection: string, id: string): T | undefined {
    if (!this.cache) return this.read<T>(collection, id);
    return this.cached(collection, id).document as T | undefined;
  }

  put<T>(collection: string, id: string, document: T): void {
    if (!this.cache) {
      this.statements.upsert.run(collection, id, ++this.sequence, JSON.stringify(document));
      return;
    }
    const documents = this.documentsOf(collection);
    const entry = documents.get(id);
    if (entry) {
      if (entry.document === undefined) entry.seq ??= ++this.sequence;
      entry.document = document;
      entry.dirty = true;
    } else {
      documents.set(id, { document, dirty: true, stored: this.cacheHoldsAll ? false : undefined, deleted: false, seq: ++this.sequence });
      this.cachedDocuments++;
    }
  }

  update<T>(collection: string, id: string, change: (current: T) => T): void {
    const current = this.get<T>(collection, id);
    if (current !== undefined) this.put(collection, id, change(current));
  }

  delete(collection: string, id: string): void {
    if (!this.cache) {
      this.statements.delete.run(collection, id);
      return;
    }
    const documents = this.documentsOf(collection);
    const entry = documents.get(id);
    if (entry) {
      entry.document = undefined;
      entry.dirty = true;
      entry.deleted = true;
      entry.seq = undefined;
    } else {
      documents.set(id, { document: undefined, dirty: true, stored: this.cacheHoldsAll ? false : undefined, deleted: true });
      this.cachedDocuments++;
    }
  }

  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter: Filter = {}): T[] {
    const fields = Object.keys(filter).filter((field) => filter[field] !== undefined).sort();
    for (const field of fields) if (!FIELD.test(field)) throw new Error(`invalid filter field ${field}`);
    const key = `${collection}\u0000${fields.join(',')}`;
    let statement = this.findStatements.get(key);
    if (!statement) {
      const where = fields.map((field) => ` AND json_extract(body, '$.${field}') IS ?`).join('');
      statement = this.db.prepare(`SELECT body FROM documents WHERE collection = ${literal(collection)}${where} ORDER BY seq`);
      this.findStatements.set(key, statement);
    }
    const values = fields.map((field) => {
      const value = filter[field];
      return typeof value === 'boolean' ? Number(value) : value;
    });
    // SQL filters and orders: it must see what this transaction changed so far.
    this.flush(collection);
    return (statement.all(...values) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as T);
  }

  /** Indexes the fields `find` filters these collections on (see `Projection.indexes`). */
  defineIndexes(indexes: readonly DocumentIndex[]): void {
    for (const index of indexes) this.db.exec(indexSql(index));
  }

  appendToFeed(feed: string, position: number): void {
    if (!this.pendingPositions) return this.writePositions(feed, [position]);
    let positions = this.pendingPositions.get(feed);
    if (!positions) this.pendingPositions.set(feed, (positions = []));
    positions.push(position);
    this.pendingPositionCount++;
  }

  /** Positions filed under a feed with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(feed: string, after: number, upTo: number, limit: number): number[] {
    this.flushFeeds();
    const id = this.feedId(feed, false);
    return id === undefined ? [] : this.statements.readFeed.all(id, after, upTo, limit).map((row) => row.position);
  }

  checkpoint(projection: string): number {
    return this.statements.checkpoint.get(projection)?.position ?? 0;
  }

  saveCheckpoint(projection: string, position: number): void {
    this.statements.saveCheckpoint.run(projection, position);
  }

  /**
   * Runs `work` in one database transaction. The documents it reads and writes are kept in memory and each
   * is written once, when it commits (in a scratch file, when the file is closed); if `work` throws, nothing
   * of it is written.
   */
  transaction<T>(work: () => T): T {
    if (this.broken !== undefined) throw new Error(`this scratch file is unusable since a transaction failed: ${String(this.broken)}`);
    if (this.scratch) return this.scratchTransaction(work);
    if (this.cache) {
      // Nested: a savepoint. What the outer transaction changed is written first, so that rolling the
      // savepoint back leaves nothing in the cache that the database does not have.
      this.flush();
      this.flushFeeds();
      try {
        return this.db.transaction(work)();
      } catch (error) {
        this.cache = new Map();
        this.pendingPositions = new Map();
        this.pendingPositionCount = 0;
        this.forgetRolledBack();
        throw error;
      }
    }
    this.cache = new Map();
    this.pendingPositions = new Map();
    try {
      return this.db.transaction(() => {
        const result = work();
        this.flush();
        this.flushFeeds();
        return result;
      })();
    } catch (error) {
      this.forgetRolledBack();
      throw error;
    } finally {
      this.cache = undefined;
      this.pendingPositions = undefined;
      this.pendingPositionCount = 0;
      this.cachedDocuments = 0;
    }
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM feed_positions; DELETE FROM feeds; DELETE FROM checkpoints;');
    this.sequence = 0;
    this.cacheHoldsAll = this.scratch;
    this.wroteDocuments = false;
    this.feedIds.clear();
    if (this.cache) this.cache = new Map();
    if (this.pendingPositions) this.pendingPositions = new Map();
    this.cachedDocuments = 0;
    this.pendingPositionCount = 0;
  }

  /** Every document, then every feed's positions, ordered: for comparing a rebuild with the live read models. */
  dump(): Array<{ collection: string; id: string; body: string }> {
    this.flush();
    this.flushFeeds();
    const feeds = this.statements.dumpFeeds.all().map((row) => ({ collection: `feed:${row.name}`, id: String(row.position), body: '' }));
    return [...this.statements.dump.all(), ...feeds];
  }

  close(): void {
    if (this.scratch && this.broken === undefined) {
      this.db.transaction(() => {
        this.flush();
        this.flushFeeds();
      })();
      // The server opens its read models in WAL mode: leave a rebuilt file ready for it.
      this.db.pragma('journal_mode = WAL');
    }
    this.db.close();
  }

  /**
   * Closes a scratch file the fast way: the documents it holds in memory are serialized here and inserted by
   * a worker thread at the same time (see scratch-writer.ts). Any other file is simply closed.
   */
  async finish(): Promise<void> {
    if (!this.scratch || this.broken !== undefined || !this.cacheHoldsAll || this.filename === ':memory:') return this.close();
    // What a `find` made it write before is changed here; the rest is new, for the writer.
    if (this.wroteDocuments) this.db.transaction(() => this.flush(undefined, (entry) => entry.stored !== false))();
    this.db.close();
    const writer = startScratchWriter(this.filename, ROWS_PER_INSERT);
    const feeds = [...this.pendingPositions!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [feed, positions] of feeds) writer.file(feed, Float64Array.from(positions));
    this.pendingPositions = new Map();
    let rows: unknown[] = [];
    for (const name of [...this.cache!.keys()].sort()) {
      const documents = this.cache!.get(name)!;
      for (const id of [...documents.keys()].sort()) {
        const { document, seq, dirty } = documents.get(id)!;
        if (dirty && document !== undefined) rows.push(name, id, seq, JSON.stringify(document));
        if (rows.length >= ROWS_PER_MESSAGE * 4) {
          await writer.write(rows);
          rows = [];
        }
      }
    }
    await writer.write(rows);
    this.cache = new Map();
    await writer.end();
  }

  /**
   * After a rollback: what this object remembered of rows the rollback took back — the ids of feeds created in
   * it (another feed would get the same id), the creation sequence — is read again from the file.
   */
  private forgetRolledBack(): void {
    this.feedIds.clear();
    this.sequence = this.statements.maxSeq.get()?.seq ?? 0;
  }

  /** Empties a file of another layout (it is a cache: the projections refill it from the log); answers its version then. */
  private migrate(): number | undefined {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    const tables = this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'").all();
    if (version === READ_MODELS_LAYOUT || tables.length === 0) return undefined;
    // SQLite's own tables (sqlite_sequence, ...) go with the tables they serve.
    for (const { name } of tables) if (!name.startsWith('sqlite_')) this.db.exec(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
    return version;
  }

  /**
   * A scratch file's transaction: the documents stay in memory after it commits, so that the next one finds
   * them parsed (a rebuild reads each once and writes each once), until there are too many to keep.
   */
  private scratchTransaction<T>(work: () => T): T {
    try {
      return this.db.transaction(() => {
        const result = work();
        if (this.cachedDocuments > this.cachedDocumentsLimit) {
          this.flush();
          this.cache = new Map();
          this.cachedDocuments = 0;
          this.cacheHoldsAll = false;
        }
        if (this.pendingPositionCount > SCRATCH_PENDING_POSITIONS) this.flushFeeds();
        return result;
      })();
    } catch (error) {
      this.broken = error;
      throw error;
    }
  }

  private read<T>(collection: string, id: string): T | undefined {
    const row = this.statements.get.get(collection, id);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  private documentsOf(collection: string): Map<string, CachedDocument> {
    // Projections ask for the same collection many times in a row (a vote: its ballot, then its tally's).
    const last = this.lastDocuments;
    if (last && last.cache === this.cache && last.collection === collection) return last.documents;
    let documents = this.cache!.get(collection);
    if (!documents) this.cache!.set(collection, (documents = new Map()));
    this.lastDocuments = { cache: this.cache!, collection, documents };
    return documents;
  }

  /** The transaction's view of a document, read from the database the first time it is asked for. */
  private cached(collection: string, id: string): CachedDocument {
    const documents = this.documentsOf(collection);
    let entry = documents.get(id);
    if (!entry) {
      const document = this.cacheHoldsAll ? undefined : this.read(collection, id);
      documents.set(id, (entry = { document, dirty: false, stored: document !== undefined, deleted: false }));
      this.cachedDocuments++;
    }
    return entry;
  }

  /** The id of a feed, created when `create` and it has none yet. */
  private feedId(feed: string, create: true): number;
  private feedId(feed: string, create: boolean): number | undefined;
  private feedId(feed: string, create: boolean): number | undefined {
    let id = this.feedIds.get(feed) ?? this.statements.feedId.get(feed)?.id;
    if (id === undefined && create) id = Number(this.statements.newFeed.run(feed).lastInsertRowid);
    if (id !== undefined) this.feedIds.set(feed, id);
    return id;
  }

  private writePositions(feed: string, positions: number[]): void {
    const id = this.feedId(feed, true);
    for (let i = 0; i < positions.length; i += POSITIONS_PER_INSERT) {
      this.statements.insertPositions.run(id, JSON.stringify(positions.slice(i, i + POSITIONS_PER_INSERT)));
    }
  }

  private flushFeeds(): void {
    if (!this.pendingPositions || this.pendingPositionCount === 0) return;
    const feeds = [...this.pendingPositions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.pendingPositions = new Map();
    this.pendingPositionCount = 0;
    // Positions are filed in log order: each feed's list is already sorted.
    for (const [feed, positions] of feeds) this.writePositions(feed, positions);
  }

  /**
   * Writes what the transaction changed (in one collection, or in all) to the database; the cache keeps the
   * documents. A document the database does not hold yet is inserted (many rows a statement), one it holds is
   * updated in place, and one that may or may not be there is upserted.
   */
  private flush(collection?: string, only: (entry: CachedDocument) => boolean = () => true): void {
    if (!this.cache) return;
    const inserts: unknown[] = [];
    const collections = collection === undefined ? [...this.cache.keys()].sort() : [collection];
    for (const name of collections) {
      const documents = this.cache.get(name);
      if (!documents) continue;
      // In key order, as the primary key's index keeps them.
      const ids = this.scratch ? [...documents.keys()].sort() : documents.keys();
      for (const id of ids) {
        const entry = documents.get(id)!;
        if (!entry.dirty || !only(entry)) continue;
        if (entry.deleted && entry.stored !== false) {
          this.statements.delete.run(name, id);
          entry.stored = false;
        }
        if (entry.document !== undefined) {
          this.wroteDocuments = true;
          const body = JSON.stringify(entry.document);
          if (entry.stored === true) this.statements.update.run(body, name, id);
          else if (entry.stored === false) inserts.push(name, id, entry.seq, body);
          else this.statements.upsert.run(name, id, entry.seq, body);
          entry.stored = true;
        }
        entry.dirty = false;
        entry.deleted = false;
        entry.seq = undefined;
      }
    }
    const columns = 4;
    let at = 0;
    for (; at + ROWS_PER_INSERT * columns <= inserts.length; at += ROWS_PER_INSERT * columns) {
      this.statements.insertMany.run(...inserts.slice(at, at + ROWS_PER_INSERT * columns));
    }
    for (; at < inserts.length; at += columns) this.statements.insert.run(...inserts.slice(at, at + columns));
  }
}
