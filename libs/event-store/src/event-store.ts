/**
 * The event store port. Its adapters (SQLite, PostgreSQL, EventStoreDB) all pass the one contract suite in
 * `testing/event-store.contract.ts`.
 *
 * Revisions count a stream's events: an empty stream is at revision 0, its first event has revision 1.
 * Positions order the global log: strictly increasing integers, starting at 1.
 */

export const EVENT_STORE = Symbol('EVENT_STORE');

export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | number;

/** Who caused an event and why: the audit trail that every recorded event carries. */
export interface EventMetadata {
  actorId?: string;
  actorName?: string;
  roles?: string[];
  commandId?: string;
  idempotencyKey?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** Revision of this event in its stream (1 for the first event). */
  revision: number;
  /** Position of this event in the global log (1 for the first event ever). */
  position: number;
  /** ISO-8601 time at which the store recorded the event. */
  recordedAt: string;
  /** SHA-256 (hex) over this event's content and the previous event's hash: see `hash-chain.ts`. */
  hash: string;
}

/** Another stream that must still be at a given revision when this append commits. */
export interface StreamCondition {
  streamId: string;
  revision: number;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  /** Retrying a command with the same id returns the first result and appends nothing. */
  commandId?: string;
  /**
   * Conditions on other streams, checked in the same transaction as the append. A ballot uses it to
   * be recorded only while its consultation is still in the state the vote was decided against.
   */
  conditions?: StreamCondition[];
}

export interface AppendResult {
  streamId: string;
  /** The stream's revision after the append (its last event's revision). */
  revision: number;
  /** Global position of the last appended event (or of the stream's last event if nothing was appended). */
  position: number;
  /** True when this result was recorded earlier for the same command id and nothing was appended now. */
  duplicate?: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Forwards: first revision returned (default 1). Backwards: last revision returned (default the end). */
  fromRevision?: number;
  maxCount?: number;
  /** Only events up to this global position (state as of a position). */
  toPosition?: number;
}

export interface ReadAllOptions {
  /** Events strictly after this position (default 0: from the start). */
  after?: number;
  maxCount?: number;
}

export interface Subscription {
  /** Resolves once the subscription has stopped and its handler will not be called again. */
  stop(): Promise<void>;
}

export type SubscriptionHandler = (events: RecordedEvent[]) => void | Promise<void>;

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current revision and last position, 0 and 0 when it does not exist. */
  streamRevision(streamId: string): Promise<{ revision: number; position: number }>;
  /** The result first recorded for a command id, if that command was already appended. */
  findCommand(commandId: string): Promise<AppendResult | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The events at these positions of the global log, in position order; a position that holds no event of
   * this log is skipped. What an index of positions (a room's feed, a consultation's ballots) reads its events with.
   */
  readEventsAt(positions: readonly number[]): Promise<RecordedEvent[]>;
  /**
   * The log after a position, in pages of `pageSize` events, each page read while the caller works on the one
   * before it: what a rebuild reads the whole log with. Stopping early (break) stops the reading.
   */
  readAllPages(after: number, pageSize: number): AsyncIterable<RecordedEvent[]>;
  /** The last position of the global log (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * Calls the handler with every event after `after`, in position order and in batches: first what is
   * stored (catch-up), then what is appended later (live), without gap or duplicate. The handler is
   * never called concurrently with itself; a rejected handler stops the subscription.
   */
  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The store's disk or quota is full (SQLITE_FULL, PostgreSQL 53100 disk_full): the batch rolled back and
 * nothing of it is recorded. The store keeps working; appends succeed again once there is space.
 */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(`the event store's storage is full: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageFullError';
  }
}

/** The error an append is refused with: a full disk is told apart from the database's other failures. */
export const storageFailure = (error: unknown): unknown => {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_FULL' || code === '53100' ? new StorageFullError(error) : error;
};

export const matchesExpectedRevision = (expected: ExpectedRevision, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === 0;
    case 'exists':
      return actual > 0;
    default:
      return actual === expected;
  }
};
