import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
  matchesExpectedRevision,
  storageFailure,
} from '../event-store';
import { readAhead } from '../read-ahead';
import { AppendOutcome, CommitObserver, PendingAppend, settleBatch } from '../group-commit';
import { GENESIS_HASH, hashEvent } from '../hash-chain';
import { uuidv7 } from '../ids';
import { readPagesInWorker } from './log-reader';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests that need no durability. */
  filename: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL: survives a process crash only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Idle subscriptions also look for appends made by other processes this often (ms). */
  pollIntervalMs?: number;
  /** Told of every group commit (metrics). */
  onCommit?: CommitObserver;
}

/** The columns of one event, in the order of `insertEvent`. */
type EventInsert = [
  position: number,
  streamId: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
  hash: string,
];

interface PreparedAppend {
  result: AppendResult;
  rows: EventInsert[];
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  hash        TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, revision);
CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT    PRIMARY KEY,
  stream_id  TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  position   INTEGER NOT NULL
) WITHOUT ROWID;
`;

const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.id,
  streamId: row.stream_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  revision: row.revision,
  position: row.position,
  recordedAt: row.recorded_at,
  hash: row.hash,
});

/**
 * The embedded event store: one SQLite file in WAL mode.
 *
 * Group commit: appends that arrive in the same turn of the event loop are written in one transaction,
 * so one fsync acknowledges them all. Each append is checked on its own before it writes anything, so a
 * refused append never takes its neighbours down with it.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly appendWaiters = new Set<() => void>();
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly statements: ReturnType<SqliteEventStore['prepare']>;
  private readonly filename: string;
  private readonly onCommit?: CommitObserver;

  constructor(options: SqliteEventStoreOptions) {
    this.filename = options.filename;
    this.onCommit = options.onCommit;
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      head: db.prepare<[], { position: number; hash: string; recorded_at: string }>(
        'SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1',
      ),
      streamHead: db.prepare<[string], { revision: number; position: number }>(
        'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      command: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM commands WHERE command_id = ?',
      ),
      insertEvent: db.prepare<EventInsert>(
        `INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertCommand: db.prepare('INSERT INTO commands (command_id, stream_id, revision, position) VALUES (?, ?, ?, ?)'),
      readForwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND position <= ?
         ORDER BY revision ASC LIMIT ?`,
      ),
      readBackwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND position <= ?
         ORDER BY revision DESC LIMIT ?`,
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      readAt: db.prepare<[string], EventRow>(
        'SELECT * FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position ASC',
      ),
    };
  }

  appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (!streamId) return Promise.reject(new Error('streamId is required'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.writeBatch(batch);
    } catch (error) {
      // The database failed (disk full, I/O error): the transaction rolled back, nothing of this batch is durable.
      const failure = storageFailure(error);
      batch.forEach((pending) => pending.reject(failure));
      return;
    }
    if (settleBatch(batch, outcomes, this.onCommit)) this.notifyAppended();
  }

  /**
   * One transaction for the whole batch. Every check and every serialization of an append happens
   * before its first write, so a refused append has written nothing and needs no savepoint; a write
   * that still fails is the database's failure and rolls back the whole batch.
   */
  private writeBatch(batch: PendingAppend[]): AppendOutcome[] {
    return this.db
      .transaction(() => {
        const head = this.statements.head.get();
        const chain = { position: head?.position ?? 0, hash: head?.hash ?? GENESIS_HASH };
        // Never before the log's last time (a clock stepped back): times along the log do not decrease, and
        // state as of a time finds its position by binary search over them.
        const now = new Date().toISOString();
        const recordedAt = head && head.recorded_at > now ? head.recorded_at : now;
        return batch.map((pending): AppendOutcome => {
          let append: PreparedAppend;
          try {
            append = this.prepareAppend(pending, chain, recordedAt);
          } catch (error) {
            return { error };
          }
          for (const row of append.rows) this.statements.insertEvent.run(...row);
          if (append.rows.length > 0 && pending.options.commandId) {
            const { streamId, revision, position } = append.result;
            this.statements.insertCommand.run(pending.options.commandId, streamId, revision, position);
          }
          const last = append.rows.at(-1);
          if (last) Object.assign(chain, { position: last[0], hash: last[8] });
          return { result: append.result, appended: append.rows.length > 0 };
        });
      })
      .immediate();
  }

  /** Checks an append against the log as it stands and builds its rows, without writing anything. */
  private prepareAppend(
    { streamId, events, options }: PendingAppend,
    chain: { position: number; hash: string },
    recordedAt: string,
  ): PreparedAppend {
    if (options.commandId) {
      const earlier = this.statements.command.get(options.commandId);
      if (earlier) {
        const result = { streamId: earlier.stream_id, revision: earlier.revision, position: earlier.position, duplicate: true };
        return { result, rows: [] };
      }
    }
    const current = this.statements.streamHead.get(streamId) ?? { revision: 0, position: 0 };
    const expected = options.expectedRevision ?? 'any';
    if (!matchesExpectedRevision(expected, current.revision)) {
      throw new WrongExpectedRevisionError(streamId, expected, current.revision);
    }
    for (const condition of options.conditions ?? []) {
      const other = this.statements.streamHead.get(condition.streamId)?.revision ?? 0;
      if (other !== condition.revision) {
        throw new WrongExpectedRevisionError(condition.streamId, condition.revision, other);
      }
    }
    if (events.length === 0) return { result: { streamId, revision: current.revision, position: current.position }, rows: [] };
    const rows: EventInsert[] = [];
    let { revision } = current;
    let { position, hash } = chain;
    for (const event of events) {
      const data = JSON.stringify(event.data === undefined ? {} : event.data);
      const metadata = JSON.stringify(event.metadata ?? {});
      const recorded = {
        id: uuidv7(),
        streamId,
        type: event.type,
        // Hash what a reader will parse back: JSON turns a Date into a string, drops functions, and so on.
        data: JSON.parse(data) as unknown,
        metadata: JSON.parse(metadata) as EventMetadata,
        revision: ++revision,
        position: ++position,
        recordedAt,
      };
      hash = hashEvent(recorded, hash);
      rows.push([position, streamId, revision, recorded.id, event.type, data, metadata, recordedAt, hash]);
    }
    return { result: { streamId, revision, position }, rows };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, toPosition, maxCount)
        : this.statements.readForwards.all(streamId, options.fromRevision ?? 1, toPosition, maxCount);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<{ revision: number; position: number }> {
    return this.statements.streamHead.get(streamId) ?? { revision: 0, position: 0 };
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const earlier = this.statements.command.get(commandId);
    return earlier && { streamId: earlier.stream_id, revision: earlier.revision, position: earlier.position, duplicate: true };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllNow(options.after ?? 0, options.maxCount ?? 1000);
  }

  async readEventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    return positions.length === 0 ? [] : this.statements.readAt.all(JSON.stringify(positions)).map(toRecorded);
  }

  /** A file's log is read in a worker thread (see log-reader.ts); a database in memory, which no other thread can open, here. */
  readAllPages(after: number, pageSize: number): AsyncIterable<RecordedEvent[]> {
    return this.filename === ':memory:' ? readAhead(this, after, pageSize) : readPagesInWorker(this.filename, after, pageSize);
  }

  private readAllNow(after: number, maxCount: number): RecordedEvent[] {
    return this.statements.readAll.all(after, maxCount).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.position ?? 0;
  }

  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription {
    let stopped = false;
    let wake: (() => void) | undefined;
    const loop = async () => {
      let position = after;
      while (!stopped && !this.closed) {
        // Reading the committed log by position cannot skip: positions are given out under the write lock.
        const events = this.readAllNow(position, 500);
        if (events.length === 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              this.appendWaiters.delete(done);
              resolve();
            };
            const timer = setTimeout(done, this.pollIntervalMs);
            wake = done;
            this.appendWaiters.add(done);
          });
          continue;
        }
        await handler(events);
        position = events[events.length - 1].position;
      }
    };
    const running = loop().catch((error) => {
      if (onError) onError(error);
    });
    return {
      stop: async () => {
        stopped = true;
        wake?.();
        await running;
      },
    };
  }

  private notifyAppended(): void {
    [...this.appendWaiters].forEach((wake) => wake());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued appends finish: whatever was acknowledged must be on disk.
    while (this.queue.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    this.closed = true;
    this.notifyAppended();
    this.db.close();
  }
}
