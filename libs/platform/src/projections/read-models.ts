import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Filter = Record<string, string | number | boolean | null>;

/** What a projection may do to the read models while it applies an event. */
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

  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // A lost tail is replayed from the checkpoint, which commits with the change: NORMAL is safe here.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT    NOT NULL,
        id         TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        body       TEXT    NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS documents_by_seq ON documents (collection, seq);
      CREATE INDEX IF NOT EXISTS documents_by_plan ON documents (collection, json_extract(body, '$.planId'));
      CREATE INDEX IF NOT EXISTS documents_by_target ON documents (collection, json_extract(body, '$.targetId'));
      CREATE TABLE IF NOT EXISTS feeds (
        feed     TEXT    NOT NULL,
        position INTEGER NOT NULL,
        entry    TEXT    NOT NULL,
        PRIMARY KEY (feed, position)
      ) WITHOUT ROWID;
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
    const row = this.statements.get.get(collection, id);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  put<T>(collection: string, id: string, document: T): void {
    this.statements.insert.run(collection, id, ++this.sequence, JSON.stringify(document));
  }

  update<T>(collection: string, id: string, change: (current: T) => T): void {
    const current = this.get<T>(collection, id);
    if (current !== undefined) this.put(collection, id, change(current));
  }

  delete(collection: string, id: string): void {
    this.statements.delete.run(collection, id);
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
    return (statement.all(collection, ...values) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as T);
  }

  appendToFeed(feed: string, position: number, entry: unknown): void {
    this.statements.appendToFeed.run(feed, position, JSON.stringify(entry));
  }

  /** Entries of a feed with `after < position <= upTo`, in position order. */
  readFeed<T>(feed: string, after: number, upTo: number, limit: number): Array<{ position: number; entry: T }> {
    return this.statements.readFeed.all(feed, after, upTo, limit).map((row) => ({ position: row.position, entry: JSON.parse(row.entry) as T }));
  }

  checkpoint(projection: string): number {
    return this.statements.checkpoint.get(projection)?.position ?? 0;
  }

  saveCheckpoint(projection: string, position: number): void {
    this.statements.saveCheckpoint.run(projection, position);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM feeds; DELETE FROM checkpoints;');
    this.sequence = 0;
  }

  /** Every document, ordered, for comparing a rebuild with the live read models. */
  dump(): Array<{ collection: string; id: string; body: string }> {
    const feeds = this.statements.dumpFeeds.all().map((row) => ({ collection: `feed:${row.feed}`, id: String(row.position), body: row.entry }));
    return [...this.statements.dump.all(), ...feeds];
  }

  close(): void {
    this.db.close();
  }
}
