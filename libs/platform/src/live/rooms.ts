import type { Text } from '../i18n/text';
import type { RecordedEvent } from '@cocrea/event-store';
import type { Actor } from '../auth/actor';
import type { Event } from '../domain/decider';
import type { Recorded } from '../projections/projection';
import type { ReadModelReader } from '../projections/read-models';

/** Rooms an event goes to; a falsy entry is no room, so that `condition && room` reads as it means. */
export type RoomNames = ReadonlyArray<string | false | undefined>;

/**
 * What a feature tells the live layer (`/live`) about its rooms. A room is named `<kind>:<uuid>` and is real
 * once the stream `<category>-<uuid>` exists; the events of the feature's streams go to the rooms `roomsOf`
 * names, on the catch-up feed and live alike. `Route` is what the first event of a stream tells about where
 * its later events go (a proposal's plan and working group), kept by the live feed. Joining, refusals and the
 * coalesced message are a room kind's: they go with `kind`.
 */
export interface LiveRooms<Route = unknown> {
  /** The kind of room the feature opens; none when its events speak in the rooms of others (a comment, in what it comments on). */
  readonly kind?: string;
  /** The category of the feature's streams whose events go to rooms (a consultation's, never its ballots'). */
  readonly category: string;
  /** The route an event establishes for the later events of its stream, if it is the kind of event that does. */
  routeEstablishedBy?(event: RecordedEvent): Route | undefined;
  /** The rooms an event of the category goes to, given the route its stream's first event established. */
  roomsOf(event: RecordedEvent, route: Route | undefined): RoomNames;
  /** The event as the rooms see it (a comment hidden since it was posted, without its body); default: as recorded. */
  present?(event: RecordedEvent, models: ReadModelReader): RecordedEvent;
  /** Why this actor may not join room `<kind>:<id>`, from the feature's read models; undefined when they may (default). */
  refusal?(actor: Actor, id: string, models: ReadModelReader): Text | undefined;
  /**
   * The id of the room where this event (of `category`) may turn someone away (a member removed): whoever is in it
   * is asked `refusal` again.
   */
  refusalsChangedBy?(event: RecordedEvent): string | undefined;
  /**
   * Messages for the room, each sent at most once per `config.live.tallyIntervalMs` and always ending on the last
   * state: one (a consultation's tally) or several, each coalesced on its own (a meeting's poll results and queue).
   */
  readonly coalesced?: CoalescedMessage | readonly CoalescedMessage[];
}

/**
 * A message a room gets as its state changes, coalesced (a consultation's tally): a burst of changes is a few
 * messages. A socket gets it on joining too, unless a coalesced send is already due, which then reaches it.
 */
export interface CoalescedMessage {
  /** The name the message is sent under (`tally`). */
  readonly name: string;
  /** What it says, for the AsyncAPI document of `/live`. */
  readonly description?: string;
  /** The JSON Schema of its payload, for the AsyncAPI document of `/live`. */
  readonly schema?: Record<string, unknown>;
  /** The id of the room whose message this event (of any stream: a vote is a ballot's) changes, if it changes one. */
  changedBy(event: RecordedEvent): string | undefined;
  /** The message of room `<kind>:<id>` as moderators (`true`) or anyone else see it; undefined while there is none. */
  messageOf(id: string, models: ReadModelReader): ((moderator: boolean) => unknown) | undefined;
}

/** The coalesced messages of a kind of room, as a list. */
export const coalescedMessagesOf = (rooms: Pick<LiveRooms, 'coalesced'>): readonly CoalescedMessage[] =>
  rooms.coalesced === undefined ? [] : Array.isArray(rooms.coalesced) ? rooms.coalesced : [rooms.coalesced as CoalescedMessage];

/** The room of kind `kind` a stream `<category>-<id>` names, `<kind>:<id>`: where a feature's events go first. */
export const roomOfStream = (kind: string, streamId: string): string => `${kind}:${streamId.slice(streamId.indexOf('-') + 1)}`;

/** The rooms an event goes to by these rooms' routing, the falsy entries left out. */
export const roomsOfEvent = <Route>(rooms: LiveRooms<Route>, event: RecordedEvent, route: Route | undefined): string[] =>
  rooms.roomsOf(event, route).filter((room): room is string => typeof room === 'string' && room.length > 0);

/**
 * The rooms of a feature, typed by the events of its stream category: routing, presenting and re-checking get `E`
 * (narrowed by its `type`), not an event to cast. The live layer asks them only about events of `category`, which
 * only `E` are written to; a coalesced message's `changedBy` sees every event, and says which it cares about.
 */
export const liveRooms = <E extends Event, Route = unknown>(definition: {
  readonly kind?: string;
  readonly category: string;
  routeEstablishedBy?(event: Recorded<E>): Route | undefined;
  roomsOf(event: Recorded<E>, route: Route | undefined): RoomNames;
  present?(event: Recorded<E>, models: ReadModelReader): RecordedEvent;
  refusal?(actor: Actor, id: string, models: ReadModelReader): Text | undefined;
  refusalsChangedBy?(event: Recorded<E>): string | undefined;
  readonly coalesced?: CoalescedMessage | readonly CoalescedMessage[];
}): LiveRooms<Route> => definition as unknown as LiveRooms<Route>;

/** An event as the decider of its stream category wrote it, when it is of that category. */
export const eventOf = <E extends Event>(category: string, event: RecordedEvent): Recorded<E> | undefined =>
  event.streamId.startsWith(`${category}-`) ? (event as unknown as Recorded<E>) : undefined;
