import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  AppendResult,
  EVENT_STORE,
  EventMetadata,
  EventStore,
  RecordedEvent,
  StreamCondition,
  WrongExpectedRevisionError,
} from '@cocrea/event-store';
import { Actor } from '../auth/jwt';
import { Decider, Event, fold } from '../domain/decider';

/** Who sends a command and under which ids, recorded as the metadata of every event it produces. */
export interface CommandContext {
  actor: Actor;
  /** Retrying a command with the same id returns the first result (see http/command-context.ts). */
  commandId?: string;
  /** The client's `Idempotency-Key`, recorded as given. */
  idempotencyKey?: string;
  correlationId?: string;
  causationId?: string;
}

export interface Decision<E extends Event> {
  events: E[];
  /** Other streams that must still be at these revisions when the events are appended. */
  conditions?: StreamCondition[];
}

export interface CommandOutcome<State> extends AppendResult {
  /** The stream's state after the command (undefined when the result was replayed for a retried command id). */
  state?: State;
}

export interface HandleOptions {
  /** Refuse with 404 `<entity> <id> not found` when the stream does not exist yet. */
  notFound?: { entity: string; id: string };
  /** The command creates the stream (a conflict is retried: the decider then sees the stream that exists). */
  creates?: boolean;
}

const MAX_ATTEMPTS = 20;

export const metadataOf = (context: CommandContext): EventMetadata => ({
  actorId: context.actor.id,
  actorName: context.actor.name,
  roles: context.actor.roles,
  commandId: context.commandId,
  idempotencyKey: context.idempotencyKey,
  correlationId: context.correlationId ?? context.commandId,
  causationId: context.causationId ?? context.commandId,
});

/**
 * Loads a stream, folds it with a decider, decides and appends with the revision it read. Commands on one
 * stream are decided one after another in this process; a conflict with another writer (another process,
 * or a condition stream that moved) is retried on fresh state, so clients never see a spurious 409.
 */
@Injectable()
export class CommandHandler {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<State, E extends Event>(
    streamId: string,
    decider: Pick<Decider<State, never, E>, 'initialState' | 'evolve'>,
    toPosition?: number,
  ): Promise<{ state: State; revision: number; position: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streamId, { toPosition });
    const state = fold(decider, events as unknown as E[]);
    const last = events[events.length - 1];
    return { state, revision: last?.revision ?? 0, position: last?.position ?? 0, events };
  }

  async handle<State, E extends Event>(
    streamId: string,
    decider: Pick<Decider<State, never, E>, 'initialState' | 'evolve'>,
    decide: (state: State, revision: number) => E[] | Decision<E> | Promise<E[] | Decision<E>>,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome<State>> {
    return this.serialized(streamId, async () => {
      for (let attempt = 1; ; attempt++) {
        if (context.commandId) {
          const earlier = await this.store.findCommand(context.commandId);
          if (earlier) return earlier;
        }
        const { state, revision, position } = await this.load(streamId, decider);
        if (options.notFound && revision === 0) {
          throw new NotFoundException(`${options.notFound.entity} ${options.notFound.id} not found`);
        }
        const decided = await decide(state, revision);
        const decision = Array.isArray(decided) ? { events: decided } : decided;
        if (decision.events.length === 0) return { streamId, revision, position, state };
        const metadata = metadataOf(context);
        try {
          const result = await this.store.appendToStream(
            streamId,
            decision.events.map((event) => ({ type: event.type, data: event.data, metadata })),
            {
              expectedRevision: options.creates ? 'no-stream' : revision,
              commandId: context.commandId,
              conditions: decision.conditions,
            },
          );
          return { ...result, state: decision.events.reduce(decider.evolve, state) };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
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
