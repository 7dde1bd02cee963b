import { withoutSeals, type RecordedEvent } from '@cocrea/event-store';
import type { LiveRooms } from '@cocrea/platform';
import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { categoryOf } from '@cocrea/platform/projections/projection';

/** DI token of the rooms the features declare (`Feature.rooms`), in the features' order. */
export const LIVE_ROOMS = Symbol('LIVE_ROOMS');

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The rooms of a feature that opens a kind of room: the ones a socket joins, asks to join, gets messages in. */
export type OpenedRooms = LiveRooms & { readonly kind: string };

export interface ParsedRoom {
  room: string;
  kind: string;
  id: string;
}

/**
 * The rooms of every feature, as the live layer asks about them. Pure: given an event and the route of its
 * stream (established by an earlier event of that stream), the same rooms, so that the catch-up feed and the
 * live stream agree.
 */
export interface RoomRegistry {
  /** The kinds of room, in the features' order. */
  readonly kinds: readonly string[];
  /** The categories of the streams whose events go to rooms: those the features declare rooms for, no other. */
  readonly categories: readonly string[];
  readonly opened: readonly OpenedRooms[];
  parseRoom(room: unknown): ParsedRoom | undefined;
  ofKind(kind: string): OpenedRooms;
  /** The rooms declared for the stream's category, if any. */
  ofStream(streamId: string): LiveRooms | undefined;
  /** The route an event establishes for its stream, if it is the kind of event that does. */
  routeEstablishedBy(event: RecordedEvent): unknown;
  /** Whether the rooms of this stream's events depend on its route (most events, the votes among them, do not). */
  needsRoute(streamId: string): boolean;
  roomsOf(event: RecordedEvent, route: unknown): string[];
}

const isOpened = (rooms: LiveRooms): rooms is OpenedRooms => rooms.kind !== undefined;

export const roomRegistry = (declared: readonly LiveRooms[]): RoomRegistry => {
  const byKind = new Map<string, OpenedRooms>();
  const byCategory = new Map<string, LiveRooms>();
  for (const rooms of declared) {
    if (byCategory.has(rooms.category)) throw new Error(`rooms declared twice for the ${rooms.category} streams`);
    byCategory.set(rooms.category, rooms);
    if (!isOpened(rooms)) continue;
    if (byKind.has(rooms.kind)) throw new Error(`${rooms.kind} rooms declared twice`);
    byKind.set(rooms.kind, rooms);
  }
  const kinds = [...byKind.keys()];
  const pattern = new RegExp(`^(${kinds.join('|')}):(${UUID})$`);
  const ofStream = (streamId: string) => byCategory.get(categoryOf(streamId));
  return {
    kinds,
    categories: [...byCategory.keys()],
    opened: [...byKind.values()],
    parseRoom: (room) => {
      if (typeof room !== 'string') return undefined;
      const match = pattern.exec(room.toLowerCase());
      return match ? { room: room.toLowerCase(), kind: match[1], id: match[2] } : undefined;
    },
    ofKind: (kind) => byKind.get(kind)!,
    ofStream,
    routeEstablishedBy: (event) => ofStream(event.streamId)?.routeEstablishedBy?.(event),
    needsRoute: (streamId) => ofStream(streamId)?.routeEstablishedBy !== undefined,
    roomsOf: (event, route) => {
      const rooms = ofStream(event.streamId);
      return rooms ? roomsOfEvent(rooms, event, route) : [];
    },
  };
};

/** What a subscriber receives for one event of a room. */
export interface LiveEvent {
  room: string;
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

export const liveEvent = (room: string, event: RecordedEvent): LiveEvent => ({
  room,
  id: event.id,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  recordedAt: event.recordedAt,
  data: event.data,
  // The salts stay in the log: with one, a value a public export withholds could be confirmed by guessing it.
  metadata: withoutSeals(event.metadata),
});
