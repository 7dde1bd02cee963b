import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
  matchesExpectedRevision,
} from '../event-store';
import { GENESIS_HASH, hashEvent } from '../hash-chain';
import { uuidv7 } from '../ids';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests that need no durability. */
  filename: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL: survives a process crash only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Idle subscriptions also look for appends made by other processes this often (ms). */
  pollIntervalMs?: number;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  options: AppendOptions;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
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
 * so one fsync acknowledges them all. Each append keeps its own revision check in a savepoint, so a
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

  constructor(options: SqliteEventStoreOptions) {
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
      head: db.prepare<[], { position: number; hash: string }>(
        'SELECT position, hash FROM events ORDER BY position DESC LIMIT 1',
      ),
      streamHead: db.prepare<[string], { revision: number; position: number }>(
        'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      command: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM commands WHERE command_id = ?',
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, hash)
         VALUES (@position, @streamId, @revision, @id, @type, @data, @metadata, @recordedAt, @hash)`,
      ),
      insertCommand: db.prepare(
        'INSERT INTO commands (command_id, stream_id, revision, position) VALUES (?, ?, ?, ?)',
      ),
      readForwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND position <= ?
         ORDER BY revision ASC LIMIT ?`,
      ),
      readBackwards: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND position <= ?
         ORDER BY revision DESC LIMIT ?`,
      ),
      readAll: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
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
    const outcomes: Array<{ result?: AppendResult; error?: unknown }> = [];
    let appended = false;
    try {
      this.db
        .transaction(() => {
          const head = this.statements.head.get();
          const chain = { position: head?.position ?? 0, hash: head?.hash ?? GENESIS_HASH };
          const recordedAt = new Date().toISOString();
          for (const pending of batch) {
            const before = { ...chain };
            try {
              outcomes.push({ result: this.db.transaction(() => this.appendOne(pending, chain, recordedAt))() });
            } catch (error) {
              Object.assign(chain, before);
              outcomes.push({ error });
            }
          }
          appended = chain.position !== (head?.position ?? 0);
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this batch is durable.
      batch.forEach((pending) => pending.reject(error));
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.result) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (appended) this.notifyAppended();
  }

  private appendOne(
    { streamId, events, options }: PendingAppend,
    chain: { position: number; hash: string },
    recordedAt: string,
  ): AppendResult {
    if (options.commandId) {
      const earlier = this.statements.command.get(options.commandId);
      if (earlier) {
        return { streamId: earlier.stream_id, revision: earlier.revision, position: earlier.position, duplicate: true };
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
    if (events.length === 0) return { streamId, revision: current.revision, position: current.position };
    let revision = current.revision;
    for (const event of events) {
      const recorded = {
        id: uuidv7(),
        streamId,
        type: event.type,
        data: event.data ?? {},
        metadata: event.metadata ?? {},
        revision: ++revision,
        position: ++chain.position,
        recordedAt,
      };
      const hash = hashEvent(recorded, chain.hash);
      this.statements.insertEvent.run({
        ...recorded,
        data: JSON.stringify(recorded.data),
        metadata: JSON.stringify(recorded.metadata),
        hash,
      });
      chain.hash = hash;
    }
    const result = { streamId, revision, position: chain.position };
    if (options.commandId) this.statements.insertCommand.run(options.commandId, streamId, revision, chain.position);
    return result;
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
