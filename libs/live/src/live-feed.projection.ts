import type { RecordedEvent } from '@cocrea/event-store';
import type { Projection, ReadModelWriter } from '@cocrea/platform';
import { Route, routeEstablishedBy, roomsOf } from './rooms';

export const LIVE_ROUTES = 'live-routes';

export const routeOf = (event: RecordedEvent, models: Pick<ReadModelWriter, 'get'>): Route | undefined =>
  routeEstablishedBy(event) ?? models.get<Route>(LIVE_ROUTES, event.streamId);

/**
 * Files every event under the feed of each room it belongs to, so that a subscriber who comes back with
 * `after` gets exactly the events of its room it missed, read from one index instead of the whole log.
 */
export const liveFeedProjection: Projection = {
  name: 'live-feed',
  apply(event: RecordedEvent, models: ReadModelWriter) {
    const established = routeEstablishedBy(event);
    if (established) models.put<Route>(LIVE_ROUTES, event.streamId, established);
    const route = established ?? models.get<Route>(LIVE_ROUTES, event.streamId);
    for (const room of roomsOf(event, route)) models.appendToFeed(room, event.position, event);
  },
};
