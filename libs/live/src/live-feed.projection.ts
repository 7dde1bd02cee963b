import type { RecordedEvent } from '@cocrea/event-store';
import type { LiveRooms, Projection, ReadModelWriter } from '@cocrea/platform';
import { RoomRegistry, roomRegistry } from './rooms';

export const LIVE_ROUTES = 'live-routes';

export const routeOf = (rooms: RoomRegistry, event: RecordedEvent, models: Pick<ReadModelWriter, 'get'>): unknown =>
  rooms.routeEstablishedBy(event) ?? (rooms.needsRoute(event.streamId) ? models.get(LIVE_ROUTES, event.streamId) : undefined);

/**
 * Files the position of every event under the feed of each room it belongs to, so that a subscriber who comes
 * back with `after` gets exactly the events of its room it missed, read from the log at those positions
 * instead of scanning the whole log. The features' rooms say which rooms those are.
 */
export const liveFeedProjection = (declared: readonly LiveRooms[]): Projection => {
  const rooms = roomRegistry(declared);
  return {
    name: 'live-feed',
    categories: rooms.categories,
    apply(event: RecordedEvent, models: ReadModelWriter) {
      const established = rooms.routeEstablishedBy(event);
      if (established) models.put(LIVE_ROUTES, event.streamId, established);
      for (const room of rooms.roomsOf(event, routeOf(rooms, event, models))) models.appendToFeed(room, event.position);
    },
  };
};
