import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@cocrea/event-store';
import type { Actor } from '../auth/actor';
import { CommandHandler, type CommandContext } from '../commands/command-handler';
import { DomainError, type Event } from '../domain/decider';

/** Events by stream: what the log holds before a command, or what the command appended. */
export type StreamEvents = Record<string, readonly Event[]>;

/** A command as the command layer runs it: a use case of a feature's `<feature>.commands.ts`. */
export type UseCase = (commands: CommandHandler) => Promise<unknown>;

export const sentBy = (actor: Actor): CommandContext => ({ actor });

/**
 * Given/when/then for the command layer, against a real SQLite store in a temporary folder:
 *
 *   await spec.given({ [stream]: [events] }).when((commands) => castVote(commands, ...)).then({ [stream]: [events] })
 *   await spec.given(...).meanwhile({ [stream]: [events] }).when(...).thenRefuses('consultation-not-open')
 *
 * `then` checks every event the command appended, to every stream; `thenRefuses` checks the refusal's code and that
 * nothing was appended. `meanwhile` appends events as another writer would, after the command has read what it reads
 * and just before it appends: the race an append condition must win.
 */
export const CommandSpecification = {
  withSqlite() {
    let dir: string | undefined;
    let store: SqliteEventStore | undefined;
    const open = (): EventStore => {
      dir ??= mkdtempSync(join(tmpdir(), 'cocrea-command-spec-'));
      store ??= new SqliteEventStore({ filename: join(dir, 'events.db') });
      return store;
    };
    const spec = {
      /** Closes the store and removes its folder: call it in `afterEach`. */
      async close(): Promise<void> {
        await store?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
        store = undefined;
        dir = undefined;
      },
      given(history: StreamEvents = {}) {
        let concurrent: StreamEvents | undefined;
        const scenario = {
          meanwhile(events: StreamEvents) {
            concurrent = events;
            return scenario;
          },
          when(useCase: UseCase) {
            const run = async (): Promise<{ appended: RecordedEvent[]; outcome: unknown; error?: unknown }> => {
              const log = open();
              for (const [streamId, events] of Object.entries(history)) await appendAll(log, streamId, events);
              const head = await log.headPosition();
              const commands = new CommandHandler(concurrent ? racedBy(log, concurrent) : log);
              try {
                const outcome = await useCase(commands);
                return { appended: await appendedBy(log, head, concurrent), outcome };
              } catch (error) {
                return { appended: await appendedBy(log, head, concurrent), outcome: undefined, error };
              }
            };
            return {
              /** The events the command appended, by stream; resolves with what the use case answered. */
              async then(expected: StreamEvents): Promise<unknown> {
                const { appended, outcome, error } = await run();
                if (error) throw error;
                expect(byStream(appended)).toEqual(expected);
                return outcome;
              },
              /** For what a test cannot spell out whole (generated ids): checks the appended events by stream. */
              async thenAppended(check: (appended: StreamEvents, outcome: unknown) => void): Promise<void> {
                const { appended, outcome, error } = await run();
                if (error) throw error;
                check(byStream(appended), outcome);
              },
              async thenRefuses(code: string, check?: (error: DomainError) => void): Promise<void> {
                const { appended, error } = await run();
                expect(error).toBeInstanceOf(DomainError);
                expect((error as DomainError).code).toBe(code);
                expect(byStream(appended)).toEqual({});
                check?.(error as DomainError);
              },
            };
          },
        };
        return scenario;
      },
    };
    return spec;
  },
};

const appendAll = async (store: EventStore, streamId: string, events: readonly Event[]) => {
  await store.appendToStream(
    streamId,
    events.map((event) => ({ type: event.type, data: event.data })),
    { expectedRevision: 'any' },
  );
};

/** The store as seen by a command that another writer races: that writer's events land just before its first append. */
const racedBy = (store: EventStore, concurrent: StreamEvents): EventStore => {
  let raced = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        if (!raced) {
          raced = true;
          for (const [streamId, events] of Object.entries(concurrent)) await appendAll(target, streamId, events);
        }
        return target.appendToStream(...args);
      };
    },
  });
};

/** What the command appended after the given history: the racing writer's events are not the command's. */
const appendedBy = async (store: EventStore, head: number, concurrent: StreamEvents | undefined): Promise<RecordedEvent[]> => {
  const after = await store.readAll({ after: head, maxCount: 10_000 });
  const racing = Object.values(concurrent ?? {}).reduce((count, events) => count + events.length, 0);
  return after.slice(racing);
};

const byStream = (events: RecordedEvent[]): StreamEvents => {
  const streams: Record<string, Event[]> = {};
  for (const event of events) (streams[event.streamId] ??= []).push({ type: event.type, data: event.data as object });
  return streams;
};
