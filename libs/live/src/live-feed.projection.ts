import type { RecordedEvent } from '@cocrea/event-store';
import type { Projection, ReadModelWriter } from '@cocrea/platform';
import { ROOM_STREAM_CATEGORIES, Route, needsRoute, routeEstablishedBy, roomsOf } from './rooms';

export const LIVE_ROUTES = 'live-routes';

export const routeOf = (event: RecordedEvent, models: Pick<ReadModelWriter, 'get'>): Route | undefined =>
  routeEstablishedBy(event) ?? (needsRoute(event.streamId) ? models.get<Route>(LIVE_ROUTES, event.streamId) : undefined);

/**
 * Files the position of every event under the feed of each room it belongs to, so that a subscriber who comes
 * back with `after` gets exactly the events of its room it missed, read from the log at those positions
 * instead of scanning the whole log.
 */
export const liveFeedProjection: Projection = {
  name: 'live-feed',
  categories: ROOM_STREAM_CATEGORIES,
  apply(event: RecordedEvent, models: ReadModelWriter) {
    const established = routeEstablishedBy(event);
    if (established) models.put<Route>(LIVE_ROUTES, event.streamId, established);
    for (const room of roomsOf(event, routeOf(event, models))) models.appendToFeed(room, event.position);
  },
};
