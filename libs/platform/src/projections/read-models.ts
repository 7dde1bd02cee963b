import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Filter = Record<string, string | number | boolean | null>;

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
  /** Files an entry (e.g. an event as a room sees it) under a feed, at its log position. */
  appendToFeed(feed: string, position: number, entry: unknown): void;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What `find` filters and orders on. A scratch file gets them once it is built: one sort instead of an update per write. */
const SECONDARY_INDEXES = `
  CREATE INDEX IF NOT EXISTS documents_by_seq ON documents (collection, seq);
  CREATE INDEX IF NOT EXISTS documents_by_plan ON documents (collection, json_extract(body, '$.planId'));
  CREATE INDEX IF NOT EXISTS documents_by_target ON documents (collection, json_extract(body, '$.targetId'));
`;

export interface ReadModelDatabaseOptions {
  /**
   * A file being rebuilt from the log to replace the live one (`npm run rebuild`): no journal, no fsync and a
   * large page cache, and the indexes of `find` built when it is closed. A crash leaves a half-built scratch
   * file, which the next rebuild deletes; closing it switches it to WAL, as the server uses it.
   */
  scratch?: boolean;
}

/** Stands for "no feed entry serialized yet": no projection files it. */
const NOTHING = Symbol('nothing');

/** A document as the current transaction sees it; written to the database once, when the transaction commits. */
interface CachedDocument {
  /** undefined: no such document. */
  document: unknown;
  dirty: boolean;
  /** The stored document must be deleted first (it was deleted in this transaction, then maybe put again). */
  deleted: boolean;
  /** The creation order of a document first put in this transaction (or put again after its deletion). */
  seq?: number;
}

/**
 * The read models: JSON documents in collections, in their own SQLite file beside the event log.
 * They are a cache of the log: `reset()` empties them and the projections rebuild them from position 0.
 * Every change is made in a transaction together with the checkpoint of the projection that made it.
 */
export class ReadModelDatabase implements ReadModelWriter {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly findStatements = new Map<string, Database.Statement>();
  private sequence: number;
  /**
   * Documents read and written by the running transaction, by collection and id. Projections read the same
   * few documents over and over (a consultation's tally on every vote): inside a transaction each is parsed
   * once and written once, at commit, instead of once per event.
   */
  private cache?: Map<string, Map<string, CachedDocument>>;
  /** Feed entries filed by the running transaction, inserted in key order when it commits: far fewer page splits. */
  private feedEntries?: Array<{ feed: string; position: number; entry: string }>;
  private lastFeedEntry: { entry: unknown; json: string } = { entry: NOTHING, json: '' };
  private readonly scratch: boolean;

  constructor(filename: string, options: ReadModelDatabaseOptions = {}) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.scratch = options.scratch ?? false;
    if (this.scratch) {
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('cache_size = -262144'); // 256 MiB
    } else {
      this.db.pragma('journal_mode = WAL');
      // A lost tail is replayed from the checkpoint, which commits with the change: NORMAL is safe here.
      this.db.pragma('synchronous = NORMAL');
    }
    // Rowid tables, not WITHOUT ROWID: documents and feed entries run to kilobytes, and in a WITHOUT ROWID
    // table every insert between existing keys splits pages full of them (3 times the CPU and 1.6 times the
    // file in the replay benchmark). Files made before keep their tables; a rebuild makes new ones.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT    NOT NULL,
        id         TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        body       TEXT    NOT NULL,
        PRIMARY KEY (collection, id)
      );
      ${this.scratch ? '' : SECONDARY_INDEXES}
      CREATE TABLE IF NOT EXISTS feeds (
        feed     TEXT    NOT NULL,
        position INTEGER NOT NULL,
        entry    TEXT    NOT NULL,
        PRIMARY KEY (feed, position)
      );
      CREATE TABLE IF NOT EXISTS checkpoints (
        projection TEXT    PRIMARY KEY,
        position   INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
    this.statements = {
      get: this.db.prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND id = ?'),
      insert: this.db.prepare(
        `INSERT INTO documents (collection, id, seq, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
      ),
      delete: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      checkpoint: this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?'),
      saveCheckpoint: this.db.prepare(
        `INSERT INTO checkpoints (projection, position) VALUES (?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
      ),
      appendToFeed: this.db.prepare('INSERT OR REPLACE INTO feeds (feed, position, entry) VALUES (?, ?, ?)'),
      readFeed: this.db.prepare<[string, number, number, number], { position: number; entry: string }>(
        'SELECT position, entry FROM feeds WHERE feed = ? AND position > ? AND position <= ? ORDER BY position LIMIT ?',
      ),
      dumpFeeds: this.db.prepare<[], { feed: string; position: number; entry: string }>(
        'SELECT feed, position, entry FROM feeds ORDER BY feed, position',
      ),
      maxSeq: this.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM documents'),
      dump: this.db.prepare<[], { collection: string; id: string; body: string }>(
        'SELECT collection, id, body FROM documents ORDER BY collection, id',
      ),
    };
    this.sequence = this.statements.maxSeq.get()?.seq ?? 0;
  }

  get<T>(collection: string, id: string): T | undefined {
    if (!this.cache) return this.read<T>(collection, id);
    return this.cached(collection, id).document as T | undefined;
  }

  put<T>(collection: string, id: string, document: T): void {
    if (!this.cache) {
      this.statements.insert.run(collection, id, ++this.sequence, JSON.stringify(document));
      return;
    }
    const documents = this.documentsOf(collection);
    const entry = documents.get(id);
    if (entry) {
      entry.seq ??= ++this.sequence;
      entry.document = document;
      entry.dirty = true;
    } else {
      documents.set(id, { document, dirty: true, deleted: false, seq: ++this.sequence });
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
    this.documentsOf(collection).set(id, { document: undefined, dirty: true, deleted: true });
  }

  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter: Filter = {}): T[] {
    const fields = Object.keys(filter).filter((field) => filter[field] !== undefined).sort();
    for (const field of fields) if (!FIELD.test(field)) throw new Error(`invalid filter field ${field}`);
    const key = fields.join(',');
    let statement = this.findStatements.get(key);
    if (!statement) {
      const where = fields.map((field) => ` AND json_extract(body, '$.${field}') IS ?`).join('');
      statement = this.db.prepare(`SELECT body FROM documents WHERE collection = ?${where} ORDER BY seq`);
      this.findStatements.set(key, statement);
    }
    const values = fields.map((field) => {
      const value = filter[field];
      return typeof value === 'boolean' ? Number(value) : value;
    });
    // SQL filters and orders: it must see what this transaction changed so far.
    this.flush(collection);
    return (statement.all(collection, ...values) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as T);
  }

  appendToFeed(feed: string, position: number, entry: unknown): void {
    if (this.feedEntries) {
      // An event filed under several rooms is serialized once.
      if (entry !== this.lastFeedEntry.entry) this.lastFeedEntry = { entry, json: JSON.stringify(entry) };
      this.feedEntries.push({ feed, position, entry: this.lastFeedEntry.json });
    } else this.statements.appendToFeed.run(feed, position, JSON.stringify(entry));
  }

  /** Entries of a feed with `after < position <= upTo`, in position order. */
  readFeed<T>(feed: string, after: number, upTo: number, limit: number): Array<{ position: number; entry: T }> {
    this.flushFeeds();
    return this.statements.readFeed.all(feed, after, upTo, limit).map((row) => ({ position: row.position, entry: JSON.parse(row.entry) as T }));
  }

  checkpoint(projection: string): number {
    return this.statements.checkpoint.get(projection)?.position ?? 0;
  }

  saveCheckpoint(projection: string, position: number): void {
    this.statements.saveCheckpoint.run(projection, position);
  }

  /**
   * Runs `work` in one database transaction. The documents it reads and writes are kept in memory and each
   * is written once, when it commits; if `work` throws, nothing of it is written.
   */
  transaction<T>(work: () => T): T {
    if (this.cache) {
      // Nested: a savepoint. What the outer transaction changed is written first, so that rolling the
      // savepoint back leaves nothing in the cache that the database does not have.
      this.flush();
      this.flushFeeds();
      try {
        return this.db.transaction(work)();
      } catch (error) {
        this.cache = new Map();
        this.feedEntries = [];
        throw error;
      }
    }
    this.cache = new Map();
    this.feedEntries = [];
    try {
      return this.db.transaction(() => {
        const result = work();
        this.flush();
        this.flushFeeds();
        return result;
      })();
    } finally {
      this.cache = undefined;
      this.feedEntries = undefined;
      this.lastFeedEntry = { entry: NOTHING, json: '' };
    }
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM feeds; DELETE FROM checkpoints;');
    this.sequence = 0;
    if (this.cache) this.cache = new Map();
    if (this.feedEntries) this.feedEntries = [];
  }

  /** Every document, ordered, for comparing a rebuild with the live read models. */
  dump(): Array<{ collection: string; id: string; body: string }> {
    this.flush();
    this.flushFeeds();
    const feeds = this.statements.dumpFeeds.all().map((row) => ({ collection: `feed:${row.feed}`, id: String(row.position), body: row.entry }));
    return [...this.statements.dump.all(), ...feeds];
  }

  close(): void {
    if (this.scratch) {
      this.db.exec(SECONDARY_INDEXES);
      // The server opens its read models in WAL mode: leave a rebuilt file ready for it.
      this.db.pragma('journal_mode = WAL');
    }
    this.db.close();
  }

  private read<T>(collection: string, id: string): T | undefined {
    const row = this.statements.get.get(collection, id);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  private documentsOf(collection: string): Map<string, CachedDocument> {
    let documents = this.cache!.get(collection);
    if (!documents) this.cache!.set(collection, (documents = new Map()));
    return documents;
  }

  /** The transaction's view of a document, read from the database the first time it is asked for. */
  private cached(collection: string, id: string): CachedDocument {
    const documents = this.documentsOf(collection);
    let entry = documents.get(id);
    if (!entry) documents.set(id, (entry = { document: this.read(collection, id), dirty: false, deleted: false }));
    return entry;
  }

  private flushFeeds(): void {
    if (!this.feedEntries || this.feedEntries.length === 0) return;
    const entries = this.feedEntries.sort((a, b) => (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : a.position - b.position));
    this.feedEntries = [];
    for (const { feed, position, entry } of entries) this.statements.appendToFeed.run(feed, position, entry);
  }

  /** Writes what the transaction changed (in one collection, or in all) to the database; the cache keeps the documents. */
  private flush(collection?: string): void {
    if (!this.cache) return;
    const collections = collection === undefined ? [...this.cache.keys()] : [collection];
    for (const name of collections) {
      for (const [id, entry] of this.cache.get(name) ?? []) {
        if (!entry.dirty) continue;
        if (entry.deleted) this.statements.delete.run(name, id);
        if (entry.document !== undefined) this.statements.insert.run(name, id, entry.seq, JSON.stringify(entry.document));
        entry.dirty = false;
        entry.deleted = false;
        entry.seq = undefined;
      }
    }
  }
}
