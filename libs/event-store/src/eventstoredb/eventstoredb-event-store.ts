import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventData,
  JSONType,
  ReadPosition,
  ReadRevision,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamCondition,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
  matchesExpectedRevision,
} from '../event-store';
import { readAhead } from '../read-ahead';
import type { HashedContent } from '../hash-chain';
import { uuidv7 } from '../ids';
import { ChainIndex, ChainPoint } from './chain-index';
import {
  commandIdOf,
  currentRevisionFromEsdb,
  eventIdFor,
  fromEsdbMetadata,
  positionFromEsdb,
  revisionFromEsdb,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbPosition,
  toEsdbRevision,
} from './eventstoredb-mapping';

/** A conditional append that a move of the other stream overtook: see `conditions` in the README. */
export interface ConditionRace {
  appended: AppendResult;
  /** Position of our first appended event. */
  firstPosition: number;
  condition: StreamCondition;
  /** Position of the event that moved the other stream past the condition, before ours. */
  movedAt: number;
}

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /**
   * Prefix of every stream of this log, so that several logs share one database (tests, tenants).
   * Streams are read back without it. Default: none, the whole database is the log.
   */
  streamPrefix?: string;
  /** $all position of an event before this log's first: the log and its hash chain start after it. Default 0. */
  startsAfter?: number;
  /** Called when a conditional append turns out to have been overtaken (default: a warning on stderr). */
  onConditionRace?: (race: ConditionRace) => void;
  /** Hash chain anchors every this many events (default 1000); see `ChainIndex`. */
  anchorEvery?: number;
}

const PAGE = 500;
/** Reads by position in flight at once (catch-up of a room, results as of a position). */
const READS_AT_ONCE = 16;
// Command records live in streams of their own: `<prefix>cocrea-command-<commandId>`, one event each.
const COMMAND_STREAM = 'cocrea-command-';
const COMMAND_RECORDED = 'CommandRecorded';

type Unhashed = HashedContent;

/**
 * The event store on EventStoreDB (gRPC client `@eventstore/db-client`), for many API nodes sharing one log.
 *
 * What differs from the embedded store (the README explains the consequences):
 * - positions are EventStoreDB's log offsets: strictly increasing, not dense, not starting at 1;
 * - the hash chain is computed on read over $all (`ChainIndex`), since no writer can know its predecessor;
 * - conditions on other streams are checked before the append and re-checked after it, not atomically;
 * - a command is recorded in a stream of its own right after its events: `findCommand` does not know a
 *   command whose process died between the two writes, but its retry finds its events and appends nothing.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly prefix: string;
  private readonly chain: ChainIndex;
  private readonly onConditionRace: (race: ConditionRace) => void;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.prefix = options.streamPrefix ?? '';
    this.chain = new ChainIndex(options.startsAfter ?? 0, options.anchorEvery);
    this.onConditionRace =
      options.onConditionRace ??
      ((race) =>
        console.warn(
          `stream ${race.condition.streamId} moved past revision ${race.condition.revision} at position ${race.movedAt}, ` +
            `before ${race.appended.streamId} was appended at position ${race.firstPosition}`,
        ));
  }

  /** The position of the last event in the whole database ($all, system events included), 0 when empty. */
  static async endOfAll(connectionString: string): Promise<number> {
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
        return positionFromEsdb(resolved.event?.position ?? resolved.link?.position);
      }
      return 0;
    } finally {
      await client.dispose();
    }
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.ensureOpen();
    if (!streamId) throw new Error('streamId is required');
    const expected = options.expectedRevision ?? 'any';
    const { commandId } = options;
    const conditions = options.conditions ?? [];
    if (commandId) {
      const earlier = await this.findCommand(commandId);
      if (earlier) return earlier;
    }
    const proposed = events.map((event, index) => this.proposedEvent(event, commandId, index));

    if (events.length === 0 || conditions.length > 0) {
      // EventStoreDB checks the expected revision itself; refusing early keeps the refusal order of the other adapters.
      const current = await this.streamRevision(streamId);
      if (!matchesExpectedRevision(expected, current.revision)) throw new WrongExpectedRevisionError(streamId, expected, current.revision);
      if (events.length === 0) return { streamId, ...current };
    }
    if (commandId) {
      const recovered = await this.appendedByCommand(streamId, commandId);
      if (recovered) return this.recordCommand(commandId, recovered);
    }
    await this.checkConditions(conditions);

    const revision = await this.append(streamId, proposed, expected, commandId);
    // The append's answer does not reliably name the position of the last event (a recognised retry gets none): read it.
    const written = await this.readEsdbStream(streamId, {
      fromRevision: toEsdbRevision(revision - events.length + 1),
      maxCount: events.length,
    });
    if (written.length !== events.length)
      throw new Error(`stream ${streamId} does not hold the events just appended at revision ${revision}`);
    const result = { streamId, revision, position: positionFromEsdb(written[written.length - 1].position) };
    if (conditions.length > 0) await this.recheckConditions(conditions, result, positionFromEsdb(written[0].position));
    return commandId ? this.recordCommand(commandId, result) : result;
  }

  private proposedEvent(event: NewEvent, commandId: string | undefined, index: number): EventData {
    // JSON round trip: what is hashed and read back is what JSON keeps (a Date becomes a string; a BigInt is refused here).
    const data = JSON.parse(JSON.stringify(event.data === undefined ? {} : event.data)) as JSONType;
    const metadata = JSON.parse(JSON.stringify(event.metadata ?? {})) as EventMetadata;
    return jsonEvent({
      id: commandId ? eventIdFor(commandId, index) : uuidv7(),
      type: event.type,
      data,
      metadata: toEsdbMetadata(metadata, commandId),
    });
  }

  /** Appends and answers the stream's revision after it. */
  private async append(streamId: string, events: EventData[], expected: ExpectedRevision, commandId: string | undefined): Promise<number> {
    try {
      const result = await this.client.appendToStream(this.esdbStream(streamId), events, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      return revisionFromEsdb(result.nextExpectedRevision);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // EventStoreDB acknowledges a retry of events it holds at the expected revision; should it refuse one
      // instead (a retry racing the first attempt), the deterministic event ids tell us here.
      const from = expected === 'no-stream' ? 0 : typeof expected === 'number' ? expected : undefined;
      if (commandId && from !== undefined) {
        const there = await this.readEsdbStream(streamId, { fromRevision: toEsdbRevision(from + 1), maxCount: events.length });
        if (there.length === events.length && there.every((event, i) => event.id === events[i].id)) return from + events.length;
      }
      throw new WrongExpectedRevisionError(streamId, expected, currentRevisionFromEsdb(error.actualVersion));
    }
  }

  /**
   * Events the command already appended but did not record (its process died in between): when they are
   * still the stream's last events, they are its result, and nothing is appended again.
   */
  private async appendedByCommand(streamId: string, commandId: string): Promise<AppendResult | undefined> {
    const [last] = await this.readEsdbStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    if (!last || commandIdOf(last.metadata) !== commandId) return undefined;
    return { streamId, revision: revisionFromEsdb(last.revision), position: positionFromEsdb(last.position) };
  }

  /**
   * Records the command's result unless another attempt of the same command did so first. The attempt
   * that records it answers as the original; every other attempt answers the recorded result as a duplicate.
   */
  private async recordCommand(commandId: string, result: AppendResult): Promise<AppendResult> {
    const recorded = jsonEvent({
      type: COMMAND_RECORDED,
      data: { streamId: result.streamId, revision: result.revision, position: result.position },
    });
    try {
      await this.client.appendToStream(this.esdbStream(COMMAND_STREAM + commandId), recorded, { expectedRevision: NO_STREAM });
      return result;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const earlier = await this.findCommand(commandId);
      if (!earlier) throw error;
      return earlier;
    }
  }

  async findCommand(commandId: string): Promise<AppendResult | undefined> {
    const [recorded] = await this.readEsdbStream(COMMAND_STREAM + commandId, { fromRevision: START, maxCount: 1 });
    if (!recorded) return undefined;
    const { streamId, revision, position } = recorded.data as { streamId: string; revision: number; position: number };
    return { streamId, revision, position, duplicate: true };
  }

  /**
   * EventStoreDB appends to one stream at a time: no write can depend atomically on another stream.
   * Checking before the append refuses what is already stale; the window left is one round trip.
   */
  private async checkConditions(conditions: StreamCondition[]): Promise<void> {
    for (const condition of conditions) {
      const { revision } = await this.streamRevision(condition.streamId);
      if (revision !== condition.revision) throw new WrongExpectedRevisionError(condition.streamId, condition.revision, revision);
    }
  }

  /** Reports a conditional append that another stream's move overtook within that window (it stays appended). */
  private async recheckConditions(conditions: StreamCondition[], appended: AppendResult, firstPosition: number): Promise<void> {
    for (const condition of conditions) {
      const [move] = await this.readEsdbStream(condition.streamId, { fromRevision: toEsdbRevision(condition.revision + 1), maxCount: 1 });
      const movedAt = move && positionFromEsdb(move.position);
      if (movedAt !== undefined && movedAt < firstPosition) this.onConditionRace({ appended, firstPosition, condition, movedAt });
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0 || (backwards && options.fromRevision !== undefined && options.fromRevision < 1)) return [];
    const fromRevision: ReadRevision =
      options.fromRevision === undefined ? (backwards ? END : START) : toEsdbRevision(options.fromRevision);
    const events: Unhashed[] = [];
    // Forwards, the events past `toPosition` come last; backwards, first: only then can the read be capped.
    const capped = options.toPosition === undefined || !backwards;
    const reading = this.client.readStream(this.esdbStream(streamId), {
      fromRevision,
      direction: backwards ? BACKWARDS : FORWARDS,
      ...(capped && maxCount !== Number.MAX_SAFE_INTEGER && { maxCount }),
    });
    try {
      for await (const resolved of reading) {
        if (!resolved.event) continue;
        const event = this.unhashed(resolved.event);
        if (event.position > toPosition) {
          if (backwards) continue;
          break;
        }
        events.push(event);
        if (events.length >= maxCount) break;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return this.withHashes(events);
  }

  async streamRevision(streamId: string): Promise<{ revision: number; position: number }> {
    const [last] = await this.readEsdbStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return last ? { revision: revisionFromEsdb(last.revision), position: positionFromEsdb(last.position) } : { revision: 0, position: 0 };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    // `after` may be any number (a binary search over time asks for any), not only an event's position:
    // EventStoreDB reads only from record boundaries, so the read starts at a known point before it.
    let point = this.chain.pointAtOrBefore(after);
    for await (const event of this.log(point.position)) {
      const next = this.chain.extend(point, event);
      point = next.point;
      if (event.position <= after) continue;
      events.push(next.recorded);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  readAllPages(after: number, pageSize: number): AsyncIterable<RecordedEvent[]> {
    return readAhead(this, after, pageSize);
  }

  /**
   * One read per position ($all is read from record boundaries, and the chain index knows the one before each),
   * READS_AT_ONCE of them in flight: EventStoreDB has no read of many positions at once.
   */
  async readEventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    const wanted = [...new Set(positions)].sort((a, b) => a - b);
    const found: Array<RecordedEvent | undefined> = new Array(wanted.length);
    let next = 0;
    const reader = async () => {
      while (next < wanted.length) {
        const i = next++;
        const [event] = await this.readAll({ after: wanted[i] - 1, maxCount: 1 });
        if (event?.position === wanted[i]) found[i] = event;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, wanted.length) }, reader));
    return found.filter((event): event is RecordedEvent => event !== undefined);
  }

  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      const page: AsyncIterable<AllStreamResolvedEvent> = this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: PAGE });
      for await (const resolved of page) {
        read++;
        const recorded = resolved.event ?? resolved.link;
        if (!recorded) continue;
        const position = positionFromEsdb(recorded.position);
        if (position <= this.chain.origin) return 0;
        if (this.isOurs(recorded)) return position;
        from = recorded.position;
      }
      if (read < PAGE) return 0;
    }
  }

  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription {
    let stopped = false;
    let point: ChainPoint = this.chain.pointAtOrBefore(after);
    // Catch-up and live in one: EventStoreDB switches over by itself. System events are filtered out by the server.
    const live: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: point.position === 0 ? START : toEsdbPosition(point.position),
      filter: excludeSystemEvents(),
    });
    const run = async () => {
      for await (const first of live) {
        if (stopped) return;
        // Whatever else has already arrived goes to the handler with it, in one batch.
        const arrived: (typeof first)[] = [first];
        let more: typeof first | null;
        while (arrived.length < PAGE && (more = live.read() as typeof first | null) !== null) arrived.push(more);
        const batch: RecordedEvent[] = [];
        for (const resolved of arrived) {
          const recorded = resolved.event;
          if (!recorded || !this.isOurs(recorded)) continue;
          const event = this.unhashed(recorded);
          if (event.position <= point.position) continue;
          const next = this.chain.extend(point, event);
          point = next.point;
          if (event.position > after) batch.push(next.recorded);
        }
        if (batch.length > 0 && !stopped) await handler(batch);
      }
    };
    const running = run().catch(async (error: unknown) => {
      if (stopped) return;
      stopped = true;
      await live.unsubscribe().catch(() => undefined);
      onError?.(error);
    });
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        stopped = true;
        await live.unsubscribe().catch(() => undefined);
        await running;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** Our events along $all after a position, in order, read page by page. */
  private async *log(after: number): AsyncGenerator<Unhashed> {
    let from: ReadPosition = after <= 0 ? START : toEsdbPosition(after);
    let seen = after;
    for (;;) {
      let read = 0;
      // A page starts at the last record of the page before it: reading forwards from a position includes it.
      const page: AsyncIterable<AllStreamResolvedEvent> = this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: PAGE });
      for await (const resolved of page) {
        read++;
        const recorded = resolved.event ?? resolved.link;
        if (!recorded) continue;
        const position = positionFromEsdb(recorded.position);
        if (position <= seen) continue;
        from = recorded.position;
        seen = position;
        if (this.isOurs(recorded)) yield this.unhashed(recorded);
      }
      if (read < PAGE) return;
    }
  }

  /** Hashes events of one stream: each at the chain's point before it, found through the index. */
  private async withHashes(events: Unhashed[]): Promise<RecordedEvent[]> {
    const hashed: RecordedEvent[] = [];
    for (const event of events) {
      const known = this.chain.hashAt(event.position);
      if (known !== undefined) {
        hashed.push({ ...event, hash: known });
        continue;
      }
      let point = this.chain.pointAtOrBefore(event.position - 1);
      let found: RecordedEvent | undefined;
      for await (const next of this.log(point.position)) {
        const extended = this.chain.extend(point, next);
        point = extended.point;
        if (next.position === event.position) found = extended.recorded;
        if (next.position >= event.position) break;
      }
      if (!found) throw new Error(`event ${event.id} at position ${event.position} is not in this log's $all`);
      hashed.push(found);
    }
    return hashed;
  }

  private async readEsdbStream(
    streamId: string,
    options: { fromRevision: ReadRevision; direction?: typeof FORWARDS | typeof BACKWARDS; maxCount: number },
  ): Promise<EsdbRecordedEvent[]> {
    const events: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(this.esdbStream(streamId), options) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }

  private unhashed(recorded: EsdbRecordedEvent): Unhashed {
    return {
      id: recorded.id,
      streamId: recorded.streamId.slice(this.prefix.length),
      type: recorded.type,
      data: recorded.data,
      metadata: fromEsdbMetadata(recorded.metadata),
      revision: revisionFromEsdb(recorded.revision),
      position: positionFromEsdb(recorded.position),
      recordedAt: recorded.created.toISOString(),
    };
  }

  /** Events of this log: in its streams, neither system events nor command records. */
  private isOurs(recorded: { streamId: string; type: string; position?: unknown }): boolean {
    return (
      recorded.streamId.startsWith(this.prefix) &&
      !recorded.streamId.startsWith('$') &&
      !recorded.type.startsWith('$') &&
      !recorded.streamId.startsWith(this.prefix + COMMAND_STREAM)
    );
  }

  private esdbStream(streamId: string): string {
    return this.prefix + streamId;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
