import { Inject, Injectable } from '@nestjs/common';
import {
  AppendResult,
  EVENT_STORE,
  EventMetadata,
  EventStore,
  RecordedEvent,
  SEALS,
  StreamCondition,
  WrongExpectedRevisionError,
  valueAt,
} from '@cocrea/event-store';
import { randomBytes } from 'node:crypto';
import { Actor } from '../auth/actor';
import { Decider, Event, Privacy, fold } from '../domain/decider';

/** Who sends a command and under which ids, recorded as the metadata of every event it produces. */
export interface CommandContext {
  actor: Actor;
  /** Retrying a command with the same id returns the first result (see http/command-context.ts). */
  commandId?: string;
  /** The client's `Idempotency-Key`, recorded as given. */
  idempotencyKey?: string;
  correlationId?: string;
  causationId?: string;
  /** The actor is a pseudonym (a secret ballot): the events record its id only, no name and no roles. */
  anonymous?: boolean;
}

/** What folding a stream takes: the `initialState` and `evolve` of its decider. */
export type Fold<State> = Pick<Decider<State, never, Event>, 'initialState'> & { evolve(state: State, event: never): State };

/**
 * Another stream a rule reads before deciding. Its revision becomes a condition of the append, so the events are
 * recorded only while that stream is still as it was read: a rule across streams cannot forget its condition.
 */
export interface StreamRead<State> {
  readonly streamId: string;
  readonly fold: Fold<State>;
  /** False only where what is read cannot change once true (a stream exists: no stream is ever deleted). */
  readonly conditional: boolean;
}

/** A stream folded with its decider: its state, and its revision (0 when it does not exist). */
export interface Loaded<State> {
  state: State;
  revision: number;
}

export const read = <State>(streamId: string, decider: Fold<State>): StreamRead<State> => ({ streamId, fold: decider, conditional: true });

const EXISTENCE: Fold<boolean> = { initialState: () => false, evolve: () => true };

/** Whether a stream exists. Needs no condition: a stream, once written, stays. */
export const exists = (streamId: string): StreamRead<boolean> => ({ streamId, fold: EXISTENCE, conditional: false });

export type Reads = Record<string, StreamRead<any> | readonly StreamRead<any>[] | undefined>;

/** The states of the streams named in `Reads`, under the same names. */
export type LoadedReads<R extends Reads> = { [K in keyof R]: LoadedRead<R[K]> };

/** Distributes over a union: a read that may be left out (`undefined`) loads as `Loaded<S> | undefined`. */
type LoadedRead<T> = T extends readonly StreamRead<infer S>[] ? Loaded<S>[] : T extends StreamRead<infer S> ? Loaded<S> : undefined;

export interface DecideOptions<State, R extends Reads> {
  /** The other streams the rule reads; a function of the stream's own state when that names them (a proposal's group). */
  reads?: R | ((state: State) => R);
  /** The command creates the stream (a conflict is retried: the decider then sees the stream that exists). */
  creates?: boolean;
}

export interface CommandOutcome<State, E extends Event = Event> extends AppendResult {
  /** The stream's state after the command (undefined when the result was replayed for a retried command id). */
  state?: State;
  /** The events decided and appended: empty when the command changed nothing, undefined when replayed. */
  events?: E[];
}

/**
 * Runs commands of one decider against one of its streams. `command` is the command itself, or made from the
 * states of the streams in `options.reads` (and of its own stream) once they are loaded.
 */
export interface DeciderCommands<State, C, E extends Event> {
  decide<R extends Reads = Record<never, never>>(
    streamId: string,
    command: C | ((reads: LoadedReads<R>, state: State) => C),
    context: CommandContext,
    options?: DecideOptions<State, R>,
  ): Promise<CommandOutcome<State, E>>;
}

const MAX_ATTEMPTS = 20;

export const metadataOf = (context: CommandContext): EventMetadata => ({
  actorId: context.actor.id,
  ...(context.anonymous ? {} : { actorName: context.actor.name, roles: context.actor.roles }),
  commandId: context.commandId,
  idempotencyKey: context.idempotencyKey,
  correlationId: context.correlationId ?? context.commandId,
  causationId: context.causationId ?? context.commandId,
});

/** The actor of an event is sealed wherever it is named. */
const ACTOR_PATHS = ['metadata.actorId', 'metadata.actorName'];

/**
 * The metadata of one event with its seals (`$sealed`: a fresh random salt for each sealed value present) and its
 * public-record markers: `$withholdable` (paths a later event may withhold), `$others` (paths that name someone
 * other than the actor, always withheld), `$withhold` / `$disclose`.
 */
export const sealed = (event: Event, metadata: EventMetadata, privacy: Privacy<Event> | undefined): EventMetadata => {
  const withholdable = privacy?.withholdable?.[event.type] ?? [];
  const others = privacy?.others?.[event.type] ?? [];
  const paths = [...ACTOR_PATHS, ...(privacy?.personal?.[event.type] ?? []), ...others, ...withholdable].filter(
    (path) => valueAt({ data: event.data, metadata }, path) !== undefined,
  );
  return {
    ...metadata,
    ...(paths.length > 0 ? { [SEALS]: Object.fromEntries(paths.map((path) => [path, { salt: randomBytes(16).toString('hex') }])) } : {}),
    ...(withholdable.length > 0 ? { $withholdable: [...withholdable] } : {}),
    ...(others.length > 0 ? { $others: [...others] } : {}),
    ...(privacy?.withholds?.includes(event.type) ? { $withhold: true } : {}),
    ...(privacy?.discloses?.includes(event.type) ? { $disclose: true } : {}),
  };
};

/**
 * Runs a command against one stream: loads it and the streams the rule reads, decides with the stream's decider,
 * and appends with the revision it read and a condition on every conditional read. Commands on one stream are
 * decided one after another in this process; a conflict with another writer (another process, or a read stream
 * that moved) is decided again on fresh state, so clients never see a spurious 409.
 */
@Injectable()
export class CommandHandler {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The commands of one decider, typed by it. */
  with<State, C, E extends Event>(decider: Decider<State, C, E>): DeciderCommands<State, C, E> {
    return { decide: (streamId, command, context, options) => this.decide(streamId, decider, command, context, options) };
  }

  /**
   * A stream's events as recorded, from a revision on: what a command answers from when nothing new was recorded
   * (a replayed command id answers the ids its first run recorded; a repeated vote, the vote it repeats).
   */
  recorded(streamId: string, fromRevision = 1): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, { fromRevision });
  }

  /**
   * A stream's state as it is now, for learning which other streams a command reads (a meeting's working group)
   * where that never changes once recorded. Not a condition of anything: read the stream again in `reads` for that.
   */
  async state<State>(streamId: string, decider: Fold<State>): Promise<State> {
    return (await this.load(streamId, decider)).state;
  }

  private async decide<State, C, E extends Event, R extends Reads>(
    streamId: string,
    decider: Decider<State, C, E>,
    command: C | ((reads: LoadedReads<R>, state: State) => C),
    context: CommandContext,
    options: DecideOptions<State, R> = {},
  ): Promise<CommandOutcome<State, E>> {
    return this.serialized(streamId, async () => {
      for (let attempt = 1; ; attempt++) {
        if (context.commandId) {
          const earlier = await this.store.findCommand(context.commandId);
          if (earlier) return earlier;
        }
        const { state, revision, position } = await this.load(streamId, decider);
        const reads = typeof options.reads === 'function' ? options.reads(state) : (options.reads ?? ({} as R));
        // Read inside the attempt, so that a retry decides on fresh states of the other streams too.
        const { loaded, conditions } = await this.loadReads(reads);
        const decided = typeof command === 'function' ? (command as (reads: LoadedReads<R>, state: State) => C)(loaded, state) : command;
        const events = decider.decide(decided, state);
        if (events.length === 0) return { streamId, revision, position, state, events };
        const metadata = metadataOf(context);
        try {
          const result = await this.store.appendToStream(
            streamId,
            events.map((event) => ({ type: event.type, data: event.data, metadata: sealed(event, metadata, decider.privacy) })),
            { expectedRevision: options.creates ? 'no-stream' : revision, commandId: context.commandId, conditions },
          );
          // Recorded earlier under the same command id (by another node, or a racing request): a replay, not these events.
          if (result.duplicate) return result;
          return { ...result, state: events.reduce(decider.evolve, state), events };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  private async load<State>(
    streamId: string,
    decider: Fold<State>,
  ): Promise<Loaded<State> & { position: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streamId);
    const last = events[events.length - 1];
    return {
      state: fold(decider as Decider<State, never, Event>, events as never[]),
      revision: last?.revision ?? 0,
      position: last?.position ?? 0,
      events,
    };
  }

  private async loadReads<R extends Reads>(reads: R): Promise<{ loaded: LoadedReads<R>; conditions: StreamCondition[] }> {
    const conditions: StreamCondition[] = [];
    const loadOne = async (wanted: StreamRead<unknown>): Promise<Loaded<unknown>> => {
      const { state, revision } = await this.load(wanted.streamId, wanted.fold);
      if (wanted.conditional) conditions.push({ streamId: wanted.streamId, revision });
      return { state, revision };
    };
    const entries = await Promise.all(
      Object.entries(reads).map(async ([name, wanted]) => {
        if (wanted === undefined) return [name, undefined] as const;
        return [
          name,
          Array.isArray(wanted) ? await Promise.all(wanted.map(loadOne)) : await loadOne(wanted as StreamRead<unknown>),
        ] as const;
      }),
    );
    return { loaded: Object.fromEntries(entries) as LoadedReads<R>, conditions };
  }

  /** Runs `work` after every earlier command on the same stream has finished. */
  private serialized<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, settled);
    void settled.then(() => {
      if (this.queues.get(streamId) === settled) this.queues.delete(streamId);
    });
    return next;
  }
}

/** What a command answers: the id it acted on, the stream's revision and the global position of its last event. */
export interface Acknowledgement {
  id: string;
  revision: number;
  position: number;
}

export const acknowledgement = (id: string, outcome: Pick<AppendResult, 'revision' | 'position'>): Acknowledgement => ({
  id,
  revision: outcome.revision,
  position: outcome.position,
});

/** The id part of a stream id `<category>-<id>`: what a create answers, also when a retried command id replays it. */
export const idOfStream = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);
