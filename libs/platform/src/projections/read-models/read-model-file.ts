import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocumentIndex, Filter, ReadModelRow } from './read-models';

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

/** Rows one INSERT statement writes: far fewer statement runs when a rebuild writes all its documents at the end. */
export const ROWS_PER_INSERT = 50;
/** Positions written by one statement: SQLite walks the JSON array, not JavaScript. */
const POSITIONS_PER_INSERT = 10_000;

// Rowid tables for documents, not WITHOUT ROWID: documents run to kilobytes, and in a WITHOUT ROWID table
// every insert between existing keys splits pages full of them (3 times the CPU and 1.6 times the file in
// the replay benchmark). Feed positions are two integers: WITHOUT ROWID keeps them in one B-tree.
const TABLES = `
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
`;

/** Every document in the order of `dump()`; `npm run rebuild -- --verify` walks two files side by side in it. */
export const DOCUMENTS_IN_ORDER = 'SELECT collection, id, body FROM documents ORDER BY collection, id';
/** Every feed's positions in the order of `dump()`, after the documents. */
export const FEED_POSITIONS_IN_ORDER =
  'SELECT name, position FROM feed_positions JOIN feeds ON feeds.id = feed_positions.feed ORDER BY name, position';

/** Empties a file of another layout (it is a cache: the projections refill it from the log); answers its version then. */
const migrate = (db: Database.Database): number | undefined => {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'").all();
  if (version === READ_MODELS_LAYOUT || tables.length === 0) return undefined;
  // SQLite's own tables (sqlite_sequence, ...) go with the tables they serve.
  for (const { name } of tables) if (!name.startsWith('sqlite_')) db.exec(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
  return version;
};

const prepare = (db: Database.Database) => ({
  get: db.prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND id = ?'),
  upsert: db.prepare<[string, string, number, string]>(
    `INSERT INTO documents (collection, id, seq, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
  ),
  insert: db.prepare('INSERT INTO documents (collection, id, seq, body) VALUES (?, ?, ?, ?)'),
  insertMany: db.prepare(
    `INSERT INTO documents (collection, id, seq, body) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?)').join(', ')}`,
  ),
  update: db.prepare<[string, string, string]>('UPDATE documents SET body = ? WHERE collection = ? AND id = ?'),
  delete: db.prepare<[string, string]>('DELETE FROM documents WHERE collection = ? AND id = ?'),
  checkpoint: db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?'),
  saveCheckpoint: db.prepare<[string, number]>(
    `INSERT INTO checkpoints (projection, position) VALUES (?, ?)
     ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
  ),
  feedId: db.prepare<[string], { id: number }>('SELECT id FROM feeds WHERE name = ?'),
  newFeed: db.prepare<[string]>('INSERT INTO feeds (name) VALUES (?)'),
  insertPositions: db.prepare<[number, string]>('INSERT OR IGNORE INTO feed_positions (feed, position) SELECT ?, value FROM json_each(?)'),
  readFeed: db.prepare<[number, number, number, number], { position: number }>(
    'SELECT position FROM feed_positions WHERE feed = ? AND position > ? AND position <= ? ORDER BY position LIMIT ?',
  ),
  dumpFeeds: db.prepare<[], { name: string; position: number }>(FEED_POSITIONS_IN_ORDER),
  maxSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM documents'),
  dump: db.prepare<[], ReadModelRow>(DOCUMENTS_IN_ORDER),
});

/**
 * The SQLite file of the read models, beside the event log: JSON documents in collections, feeds (ordered sets
 * of log positions) and checkpoints, in the layout READ_MODELS_LAYOUT. What the serving read models and a
 * rebuild's both ask of it in SQL; what they keep in memory before writing it is theirs.
 */
export class ReadModelFile {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly findStatements = new Map<string, Database.Statement>();
  /** The creation order given last: `find` returns documents in it. */
  private sequence: number;
  /** Feed ids by name: the positions table keys on a small integer instead of the room's name. */
  private readonly feedIds = new Map<string, number>();
  /** The layout version of a file that had to be emptied when opened (see READ_MODELS_LAYOUT), if it had to. */
  readonly emptiedLayout?: number;

  /** Opens (or creates) the file with these pragmas, emptying it first when it has another layout. */
  constructor(
    readonly filename: string,
    pragmas: readonly string[],
  ) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    for (const pragma of pragmas) this.db.pragma(pragma);
    this.emptiedLayout = migrate(this.db);
    if (this.emptiedLayout !== undefined) {
      new Logger('ReadModels').warn(
        `${filename} had the layout of version ${this.emptiedLayout}, this is version ${READ_MODELS_LAYOUT}: emptied, the projections rebuild it from the log`,
      );
    }
    this.db.exec(TABLES);
    this.statements = prepare(this.db);
    this.sequence = this.statements.maxSeq.get()?.seq ?? 0;
  }

  /** Whether the file held no document when it was opened or emptied, and none was created since. */
  get holdsNoDocument(): boolean {
    return this.sequence === 0;
  }

  /** The creation order of a document created now. */
  nextSeq(): number {
    return ++this.sequence;
  }

  get<T>(collection: string, id: string): T | undefined {
    const row = this.statements.get.get(collection, id);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** Documents of a collection whose top-level fields equal the filter's, in the order they were created. */
  find<T>(collection: string, filter: Filter = {}): T[] {
    const fields = Object.keys(filter)
      .filter((field) => filter[field] !== undefined)
      .sort();
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
    return (statement.all(...values) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as T);
  }

  /** Writes a document (its JSON `body`) whether or not the file holds it; one it holds keeps its creation order. */
  upsert(collection: string, id: string, seq: number, body: string): void {
    this.statements.upsert.run(collection, id, seq, body);
  }

  /** Rewrites a document the file holds. */
  update(collection: string, id: string, body: string): void {
    this.statements.update.run(body, collection, id);
  }

  /** Inserts documents the file does not hold, flattened: collection, id, seq, body, then the next one's. */
  insert(rows: unknown[]): void {
    const columns = 4;
    let at = 0;
    for (; at + ROWS_PER_INSERT * columns <= rows.length; at += ROWS_PER_INSERT * columns) {
      this.statements.insertMany.run(...rows.slice(at, at + ROWS_PER_INSERT * columns));
    }
    for (; at < rows.length; at += columns) this.statements.insert.run(...rows.slice(at, at + columns));
  }

  delete(collection: string, id: string): void {
    this.statements.delete.run(collection, id);
  }

  /** Indexes the fields `find` filters these collections on (see `Projection.indexes`). */
  defineIndexes(indexes: readonly DocumentIndex[]): void {
    for (const index of indexes) this.db.exec(indexSql(index));
  }

  /** Files positions under a feed, in order. */
  writePositions(feed: string, positions: number[]): void {
    const id = this.feedId(feed, true);
    for (let i = 0; i < positions.length; i += POSITIONS_PER_INSERT) {
      this.statements.insertPositions.run(id, JSON.stringify(positions.slice(i, i + POSITIONS_PER_INSERT)));
    }
  }

  /** Positions filed under a feed with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(feed: string, after: number, upTo: number, limit: number): number[] {
    const id = this.feedId(feed, false);
    return id === undefined ? [] : this.statements.readFeed.all(id, after, upTo, limit).map((row) => row.position);
  }

  checkpoint(projection: string): number {
    return this.statements.checkpoint.get(projection)?.position ?? 0;
  }

  saveCheckpoint(projection: string, position: number): void {
    this.statements.saveCheckpoint.run(projection, position);
  }

  /** Runs `work` in one database transaction; nested in another, in a savepoint. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Empties every read model and checkpoint. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM feed_positions; DELETE FROM feeds; DELETE FROM checkpoints;');
    this.sequence = 0;
    this.feedIds.clear();
  }

  /**
   * After a rollback: what this object remembered of rows the rollback took back — the ids of feeds created in
   * it (another feed would get the same id), the creation sequence — is read again from the file.
   */
  forgetRolledBack(): void {
    this.feedIds.clear();
    this.sequence = this.statements.maxSeq.get()?.seq ?? 0;
  }

  /** Every document, then every feed's positions, ordered, as the file holds them. */
  dump(): ReadModelRow[] {
    const feeds = this.statements.dumpFeeds.all().map((row) => ({ collection: `feed:${row.name}`, id: String(row.position), body: '' }));
    return [...this.statements.dump.all(), ...feeds];
  }

  pragma(pragma: string): void {
    this.db.pragma(pragma);
  }

  close(): void {
    this.db.close();
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
}
