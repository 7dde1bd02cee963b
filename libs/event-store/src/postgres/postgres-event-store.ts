import { createHash } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
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

export interface PostgresEventStoreOptions {
  /** `postgres://user[:password]@host:port/database`; not needed when `pool` is given. */
  connectionString?: string;
  /** A pool shared with the rest of the process: the store then leaves it open when it closes. */
  pool?: Pool;
  /** The schema that holds this log's tables, created when missing (default `cocrea`). */
  schema?: string;
  /** Subscriptions also poll this often (ms), in case a notification was lost with its connection. */
  pollIntervalMs?: number;
  /** How long connecting may take before it fails (ms, default 5000). Only for a pool the store creates. */
  connectTimeoutMs?: number;
  /** Told of every group commit (metrics). */
  onCommit?: CommitObserver;
}

/** One row per event, column by column: the shape `unnest` turns into a multi-row INSERT. */
interface EventColumns {
  position: number[];
  streamId: string[];
  revision: number[];
  id: string[];
  type: string[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
  hash: string[];
}

interface CommandColumns {
  commandId: string[];
  streamId: string[];
  revision: number[];
  position: number[];
}

interface PreparedAppend {
  result: AppendResult;
  events: RecordedEventText[];
}

/** A recorded event with its data and metadata as the exact JSON text that was hashed and is stored. */
interface RecordedEventText {
  position: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
  hash: string;
}

type StreamHead = { revision: number; position: number };

/** What the batch knows about the log while it checks appends one after the other. */
interface BatchState {
  chain: { position: number; hash: string };
  heads: Map<string, StreamHead>;
  commands: Map<string, AppendResult>;
  recordedAt: string;
}

interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: Date;
  hash: string;
}

// bigint columns arrive as strings (pg does not guess that they fit a JS number); positions and revisions do.
const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.id,
  streamId: row.stream_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  revision: Number(row.revision),
  position: Number(row.position),
  recordedAt: row.recorded_at.toISOString(),
  hash: row.hash,
});

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL text can hold neither NUL nor half a UTF-16 surrogate pair (the driver would store U+FFFD instead,
 * and the stored event would no longer match its hash). Refusing such a name up front keeps a whole batch
 * from failing on one append.
 */
const checkStorable = (value: unknown, what: string): void => {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) throw new TypeError(`${what} holds a character PostgreSQL cannot store`);
};

/** The URL to name in an error, without its password. */
const describeTarget = (connectionString: string | undefined, pool: Pool | undefined): string => {
  const configured = connectionString ?? pool?.options.connectionString;
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.password) url.password = '***';
      return url.toString();
    } catch {
      return '(unparsable connection string)';
    }
  }
  const options = pool?.options;
  return `postgres://${options?.user ?? process.env.PGUSER ?? ''}@${options?.host ?? process.env.PGHOST ?? 'localhost'}:${options?.port ?? process.env.PGPORT ?? 5432}/${options?.database ?? process.env.PGDATABASE ?? ''}`;
};

const sqlFor = (schema: string) => {
  const events = `"${schema}".events`;
  const commands = `"${schema}".commands`;
  const columns = 'position, stream_id, revision, id, type, data, metadata, recorded_at, hash';
  return {
    // Data and metadata are `text`, not `jsonb`: the hash covers what a reader parses back, so the store keeps
    // the exact JSON text it hashed, as the SQLite store does. jsonb would refuse "\u0000" in a string (failing
    // the whole batch) and re-serialize every value; query with `data::jsonb` or an expression index instead.
    schema: `
      CREATE SCHEMA IF NOT EXISTS "${schema}";
      CREATE TABLE IF NOT EXISTS ${events} (
        position    bigint      PRIMARY KEY,
        stream_id   text        NOT NULL,
        revision    bigint      NOT NULL,
        id          uuid        NOT NULL,
        type        text        NOT NULL,
        data        text        NOT NULL,
        metadata    text        NOT NULL,
        recorded_at timestamptz NOT NULL,
        hash        text        NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE IF NOT EXISTS ${commands} (
        command_id text   PRIMARY KEY,
        stream_id  text   NOT NULL,
        revision   bigint NOT NULL,
        position   bigint NOT NULL
      );`,
    // Everything a batch must know before it checks its appends, in one round trip: the head of the log,
    // the head of every stream it appends to or is conditioned on, and which of its command ids are recorded.
    // Under the append lock: the log's head, the time to record (the database's clock, never before the head's,
    // so that times along the log do not decrease whichever node appends), each stream's head, known commands.
    batchReads: `
      (SELECT 'log' AS kind, NULL AS key, NULL AS stream_id, 0::bigint AS revision, position, hash AS value
         FROM ${events} ORDER BY position DESC LIMIT 1)
      UNION ALL
      SELECT 'clock', NULL, NULL, 0, 0,
             to_char(greatest(clock_timestamp(), (SELECT recorded_at FROM ${events} ORDER BY position DESC LIMIT 1))
                     AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      UNION ALL
      SELECT 'stream', wanted.stream_id, wanted.stream_id, head.revision, head.position, NULL
        FROM unnest($1::text[]) AS wanted(stream_id)
        CROSS JOIN LATERAL (SELECT revision, position FROM ${events}
                             WHERE stream_id = wanted.stream_id ORDER BY revision DESC LIMIT 1) AS head
      UNION ALL
      SELECT 'command', command_id, stream_id, revision, position, NULL FROM ${commands} WHERE command_id = ANY($2::text[])`,
    // One statement writes the whole batch; the notification is queued by it and delivered when it commits.
    batchWrites: `
      WITH appended AS (
        INSERT INTO ${events} (${columns})
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                             $8::timestamptz[], $9::text[])
      ), recorded AS (
        INSERT INTO ${commands} (command_id, stream_id, revision, position)
        SELECT * FROM unnest($10::text[], $11::text[], $12::bigint[], $13::bigint[])
      )
      SELECT pg_notify($14, $15)`,
    head: `SELECT position FROM ${events} ORDER BY position DESC LIMIT 1`,
    streamHead: `SELECT revision, position FROM ${events} WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
    command: `SELECT stream_id, revision, position FROM ${commands} WHERE command_id = $1`,
    readForwards: `SELECT ${columns} FROM ${events} WHERE stream_id = $1 AND revision >= $2 AND position <= $3
                   ORDER BY revision ASC LIMIT $4`,
    readBackwards: `SELECT ${columns} FROM ${events} WHERE stream_id = $1 AND revision <= $2 AND position <= $3
                    ORDER BY revision DESC LIMIT $4`,
    readAll: `SELECT ${columns} FROM ${events} WHERE position > $1 ORDER BY position ASC LIMIT $2`,
    readAt: `SELECT ${columns} FROM ${events} WHERE position = ANY($1::bigint[]) ORDER BY position ASC`,
  };
};

type Statement = keyof ReturnType<typeof sqlFor>;

/**
 * The event store on PostgreSQL, for several API nodes sharing one log.
 *
 * Global order: every appending transaction first takes one transaction-level advisory lock, then reads the
 * head of the log (position and hash) and numbers its events after it; the lock is released only when the
 * transaction has committed or rolled back. Positions are therefore handed out and made visible in the same
 * order, and a reader of `position > n` can never see n + 2 before n + 1. (A bare sequence would let that
 * happen: two transactions take 5 and 6, 6 commits first, a reader at 4 reads 6 and moves past 5 for good.)
 * The hash chain needs the previous event's hash at write time, so appends are serialized anyway; the lock
 * makes that hold across processes too. It runs at READ COMMITTED: each statement after the lock sees the
 * previous holder's commit (PostgreSQL makes a commit visible before it releases the transaction's locks).
 *
 * Group commit: appends arriving in the same turn of the event loop, or while the previous batch commits,
 * share one transaction and one WAL flush. Each is checked against the log and against the appends before
 * it in the batch, in memory, before anything is written, so a refused append fails alone and no SQL error
 * can abort the transaction under its neighbours. The batch is written by one multi-row INSERT.
 */
export class PostgresEventStore implements EventStore {
  /** Creates the store and connects, failing fast (naming the server) when PostgreSQL cannot be reached. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.connect();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly target: string;
  private readonly schema: string;
  private readonly sql: ReturnType<typeof sqlFor>;
  /** The advisory lock that serializes appends to this schema, from any process. */
  private readonly appendLock: string;
  private readonly channel: string;
  private readonly pollIntervalMs: number;
  private connecting?: Promise<void>;
  private queue: PendingAppend[] = [];
  private writer?: Promise<void>;
  private readonly appendWaiters = new Set<() => void>();
  private readonly subscriptions = new Set<Promise<void>>();
  private listener?: PoolClient;
  private listening?: Promise<void>;
  private closed = false;
  private readonly onCommit?: CommitObserver;

  constructor(options: PostgresEventStoreOptions) {
    const schema = options.schema ?? 'cocrea';
    if (!IDENTIFIER.test(schema)) throw new Error(`schema name ${JSON.stringify(schema)} must match ${IDENTIFIER}`);
    if (!options.pool && !options.connectionString) throw new Error('PostgreSQL event store needs a connectionString or a pool');
    this.schema = schema;
    this.sql = sqlFor(schema);
    this.target = describeTarget(options.connectionString, options.pool);
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ??
      new Pool({ connectionString: options.connectionString, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, max: 10 });
    // An idle connection that the server drops must not crash the process: the next query opens a new one.
    if (this.ownsPool) this.pool.on('error', () => undefined);
    this.appendLock = createHash('sha256').update(`cocrea event store ${schema}`).digest().readBigInt64BE(0).toString();
    this.channel = `appended_${schema}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.onCommit = options.onCommit;
  }

  /** Connects and creates the schema if needed. Every operation waits for it; call it to fail at start. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    this.connecting ??= this.createSchema().catch((error: unknown) => {
      this.connecting = undefined; // the next operation tries again
      // Connecting to `localhost` (IPv6 and IPv4) fails with an AggregateError that has a code but no message.
      const reason = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
      throw new Error(`PostgreSQL event store: cannot use ${this.target} (schema ${this.schema}): ${reason}`, { cause: error });
    });
    return this.connecting;
  }

  private async createSchema(): Promise<void> {
    await this.withConnection(async (client) => {
      const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      if (rows[0].server_encoding !== 'UTF8') throw new Error(`the database encoding is ${rows[0].server_encoding}, not UTF8`);
      // Under the append lock, so that nodes starting together do not race to create the same tables.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${this.appendLock}); ${this.sql.schema} COMMIT;`);
    });
  }

  /**
   * A connection of its own from the pool for `work`. A connection that failed is closed, not handed out again;
   * while it is checked out its errors must have a listener, or a server that drops it would crash the process
   * (the error still reaches the query that was running).
   */
  private async withConnection<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      const result = await work(client);
      client.removeListener('error', ignore);
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Runs a prepared statement: PostgreSQL plans it once per connection. */
  private async query<Row extends object>(statement: Statement, values: unknown[], client?: PoolClient): Promise<Row[]> {
    await this.connect();
    const result = await (client ?? this.pool).query<Row>({ name: `${this.schema}.${statement}`, text: this.sql[statement], values });
    return result.rows;
  }

  appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (!streamId) return Promise.reject(new Error('streamId is required'));
    try {
      checkStorable(streamId, 'streamId');
      if (options.commandId !== undefined) checkStorable(options.commandId, 'commandId');
      options.conditions?.forEach((condition) => checkStorable(condition.streamId, 'condition streamId'));
      events.forEach((event) => checkStorable(event.type, 'event type'));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      this.writer ??= new Promise<void>((resolveTurn) => setImmediate(resolveTurn)).then(() => this.writeQueue());
    });
  }

  /** Writes batch after batch until the queue is empty: what arrives during a commit forms the next batch. */
  private async writeQueue(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.writer = undefined;
    }
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      await this.connect();
      outcomes = await this.inAppendTransaction((client) => this.appendBatch(client, batch));
    } catch (error) {
      // The database failed: the transaction rolled back, or its commit was not confirmed. A retry with the
      // same command id is safe either way.
      const failure = storageFailure(error);
      batch.forEach((pending) => pending.reject(failure));
      return;
    }
    if (settleBatch(batch, outcomes, this.onCommit)) this.wakeSubscriptions();
  }

  /** One pooled connection, one transaction holding the append lock until it commits. */
  private inAppendTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withConnection(async (client) => {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${this.appendLock})`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    });
  }

  private async appendBatch(client: PoolClient, batch: PendingAppend[]): Promise<AppendOutcome[]> {
    const state = await this.readBatchState(client, batch);
    const events: EventColumns = {
      position: [],
      streamId: [],
      revision: [],
      id: [],
      type: [],
      data: [],
      metadata: [],
      recordedAt: [],
      hash: [],
    };
    const commands: CommandColumns = { commandId: [], streamId: [], revision: [], position: [] };
    const outcomes = batch.map((pending): AppendOutcome => {
      let append: PreparedAppend;
      try {
        append = this.prepareAppend(pending, state);
      } catch (error) {
        return { error };
      }
      if (append.events.length === 0) return { result: append.result, appended: false };
      for (const event of append.events) {
        for (const column of Object.keys(events) as Array<keyof EventColumns>) (events[column] as unknown[]).push(event[column]);
      }
      const { streamId, revision, position } = append.result;
      state.heads.set(streamId, { revision, position });
      state.chain = { position, hash: append.events[append.events.length - 1].hash };
      if (pending.options.commandId) {
        state.commands.set(pending.options.commandId, { streamId, revision, position, duplicate: true });
        commands.commandId.push(pending.options.commandId);
        commands.streamId.push(streamId);
        commands.revision.push(revision);
        commands.position.push(position);
      }
      return { result: append.result, appended: true };
    });
    if (events.position.length > 0) {
      await this.query(
        'batchWrites',
        [
          events.position,
          events.streamId,
          events.revision,
          events.id,
          events.type,
          events.data,
          events.metadata,
          events.recordedAt,
          events.hash,
          commands.commandId,
          commands.streamId,
          commands.revision,
          commands.position,
          this.channel,
          String(state.chain.position),
        ],
        client,
      );
    }
    return outcomes;
  }

  private async readBatchState(client: PoolClient, batch: PendingAppend[]): Promise<BatchState> {
    const streamIds = new Set<string>();
    const commandIds = new Set<string>();
    for (const { streamId, options } of batch) {
      streamIds.add(streamId);
      options.conditions?.forEach((condition) => streamIds.add(condition.streamId));
      if (options.commandId) commandIds.add(options.commandId);
    }
    const rows = await this.query<{
      kind: string;
      key: string | null;
      stream_id: string | null;
      revision: string;
      position: string;
      value: string | null;
    }>('batchReads', [[...streamIds], [...commandIds]], client);
    const state: BatchState = {
      chain: { position: 0, hash: GENESIS_HASH },
      heads: new Map(),
      commands: new Map(),
      recordedAt: new Date().toISOString(),
    };
    for (const row of rows) {
      const revision = Number(row.revision);
      const position = Number(row.position);
      if (row.kind === 'log') state.chain = { position, hash: row.value! };
      else if (row.kind === 'clock') state.recordedAt = row.value!;
      else if (row.kind === 'stream') state.heads.set(row.key!, { revision, position });
      else state.commands.set(row.key!, { streamId: row.stream_id!, revision, position, duplicate: true });
    }
    return state;
  }

  /** Checks an append against the log and the batch so far and builds its events, changing nothing. */
  private prepareAppend({ streamId, events, options }: PendingAppend, state: BatchState): PreparedAppend {
    if (options.commandId) {
      const earlier = state.commands.get(options.commandId);
      if (earlier) return { result: { ...earlier }, events: [] };
    }
    const current = state.heads.get(streamId) ?? { revision: 0, position: 0 };
    const expected = options.expectedRevision ?? 'any';
    if (!matchesExpectedRevision(expected, current.revision)) {
      throw new WrongExpectedRevisionError(streamId, expected, current.revision);
    }
    for (const condition of options.conditions ?? []) {
      const other = state.heads.get(condition.streamId)?.revision ?? 0;
      if (other !== condition.revision) throw new WrongExpectedRevisionError(condition.streamId, condition.revision, other);
    }
    if (events.length === 0) return { result: { streamId, revision: current.revision, position: current.position }, events: [] };
    const recorded: RecordedEventText[] = [];
    let { revision } = current;
    let { position, hash } = state.chain;
    for (const event of events) {
      const data = JSON.stringify(event.data === undefined ? {} : event.data);
      const metadata = JSON.stringify(event.metadata ?? {});
      const content = {
        id: uuidv7(),
        streamId,
        type: event.type,
        // Hash what a reader will parse back: JSON turns a Date into a string, drops functions, and so on.
        data: JSON.parse(data) as unknown,
        metadata: JSON.parse(metadata) as EventMetadata,
        revision: ++revision,
        position: ++position,
        recordedAt: state.recordedAt,
      };
      hash = hashEvent(content, hash);
      recorded.push({ ...content, data, metadata, hash });
    }
    return { result: { streamId, revision, position }, events: recorded };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const rows = await this.query<EventRow>(backwards ? 'readBackwards' : 'readForwards', [
      streamId,
      options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 1),
      options.toPosition ?? Number.MAX_SAFE_INTEGER,
      options.maxCount ?? Number.MAX_SAFE_INTEGER,
    ]);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<{ revision: number; position: number }> {
    const [head] = await this.query<{ revision: string; position: string }>('streamHead', [streamId]);
    return head ? { revision: Number(head.revision), position: Number(head.position) } : { revision: 0, position: 0 };
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const [earlier] = await this.query<{ stream_id: string; revision: string; position: string }>('command', [commandId]);
    return (
      earlier && { streamId: earlier.stream_id, revision: Number(earlier.revision), position: Number(earlier.position), duplicate: true }
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>('readAll', [options.after ?? 0, options.maxCount ?? 1000]);
    return rows.map(toRecorded);
  }

  readAllPages(after: number, pageSize: number): AsyncIterable<RecordedEvent[]> {
    return readAhead(this, after, pageSize);
  }

  async readEventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    if (positions.length === 0) return [];
    return (await this.query<EventRow>('readAt', [positions])).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    const [head] = await this.query<{ position: string }>('head', []);
    return head ? Number(head.position) : 0;
  }

  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription {
    let stopped = false;
    let wake: (() => void) | undefined;
    const loop = async () => {
      // Listen before the first read, so that nothing committed after that read goes unnoticed.
      await this.listen();
      let position = after;
      while (!stopped && !this.closed) {
        // Reading the committed log by position cannot skip: positions become visible in order (see the class).
        const events = await this.readAll({ after: position, maxCount: 500 });
        if (stopped) break;
        if (events.length === 0) {
          await this.nextAppend((done) => (wake = done));
          continue;
        }
        await handler(events);
        position = events[events.length - 1].position;
      }
    };
    const running = loop().catch((error: unknown) => {
      if (onError) onError(error);
    });
    this.subscriptions.add(running);
    void running.then(() => this.subscriptions.delete(running));
    return {
      stop: async () => {
        stopped = true;
        wake?.();
        await running;
      },
    };
  }

  /** Resolves on the next append notified by any process, or after the poll interval. */
  private nextAppend(exposeWake: (wake: () => void) => void): Promise<void> {
    void this.listen(); // listens again if the listening connection was lost
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appendWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      exposeWake(done);
      this.appendWaiters.add(done);
      if (this.closed) done();
    });
  }

  /**
   * One connection per store LISTENs for the notifications that appending transactions send on commit, from
   * this process or any other. When it cannot listen, subscriptions still poll.
   */
  private listen(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.listening ??= this.startListening().catch(() => {
      this.listening = undefined;
    });
    return this.listening;
  }

  private async startListening(): Promise<void> {
    await this.connect();
    const client = await this.pool.connect();
    const drop = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = undefined;
      client.release(true);
    };
    client.on('notification', () => this.wakeSubscriptions());
    client.on('error', drop);
    this.listener = client;
    try {
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      drop();
      throw error;
    }
    if (this.closed) drop();
  }

  private wakeSubscriptions(): void {
    [...this.appendWaiters].forEach((wake) => wake());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued appends finish: whatever was acknowledged must be committed.
    while (this.writer) await this.writer;
    this.closed = true;
    this.wakeSubscriptions();
    await Promise.all([...this.subscriptions]);
    await this.listening;
    if (this.listener) {
      this.listener.release(true);
      this.listener = undefined;
    }
    if (this.ownsPool) await this.pool.end();
  }
}
