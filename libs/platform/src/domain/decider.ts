import type { Text } from '../i18n/text';

/** An event as the domain sees it: a readonly literal of a type and its data. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/**
 * A command as a decider takes it (after Emmett): what is asked in `data`, and in `context` what the command
 * layer read from other streams for the rule (the consultation a ballot votes in, the working group of an
 * editor). The command handler turns every stream read for `context` into a condition of the append.
 */
export type Command<Type extends string = string, Data extends object = object, Context = undefined> = Readonly<
  { type: Type; data: Readonly<Data> } & (undefined extends Context ? { context?: Context } : { context: Context })
>;

/**
 * A decider (after Emmett): pure functions, no I/O. `decide` turns a command and the current state into
 * the events that record it (or throws a DomainError); `evolve` folds one event into the state.
 */
export interface Decider<State, Command, E extends Event> {
  initialState(): State;
  decide(command: Command, state: State): E[];
  evolve(state: State, event: E): State;
  /** What of its events is personal or may be withheld from the public record (see Privacy). */
  privacy?: Privacy<E>;
}

/**
 * How a decider's events appear in the public record. Every value named here (and the actor of every event) is
 * sealed: the log's chain commits to its salted digest, so a public export can withhold it and still verify.
 * - `personal`: data that names the person acting (an author's id and name): withheld from public exports as the
 *   actor is, unless the actor acted as a moderator or admin.
 * - `withholdable`: content a later event of the same stream may withhold (`withholds`) and disclose again
 *   (`discloses`): a comment's body while the comment is hidden.
 * - `others`: data that names someone other than the person acting (an attendee a moderator checked in): withheld
 *   from public exports whoever acted.
 */
export interface Privacy<E extends Event> {
  personal?: { [T in E['type']]?: readonly string[] };
  others?: { [T in E['type']]?: readonly string[] };
  withholdable?: { [T in E['type']]?: readonly string[] };
  withholds?: readonly E['type'][];
  discloses?: readonly E['type'][];
}

export const fold = <State, E extends Event>(
  decider: Pick<Decider<State, never, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());

/**
 * A command the domain refuses. `code` is machine-readable (`vote-limit-reached`, `consultation-not-open`);
 * the HTTP edge maps it to a status, 422 unless the code says otherwise (`DOMAIN_STATUS` in http/errors.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    /** What was refused, in words a catalogue can say in the client's language (the `message` is English). */
    readonly text: Text,
    readonly details?: unknown,
  ) {
    super(String(text));
    this.name = 'DomainError';
  }
}

export const refuse = (code: string, message: Text, details?: unknown): never => {
  throw new DomainError(code, message, details);
};
