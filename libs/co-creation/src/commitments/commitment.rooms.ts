import { type LiveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { type PlanRoute, planRoom, planRouteFrom } from '../plans';
import { COMMITMENT_CATEGORY } from './commitment.decider';

const KIND = 'commitment';

/** A commitment's room gets its milestones and progress; its plan's room, its adoption. */
export const commitmentRooms: LiveRooms<PlanRoute> = {
  kind: KIND,
  category: COMMITMENT_CATEGORY,
  routeEstablishedBy: planRouteFrom('CommitmentAdopted'),
  roomsOf: (event, route) => [
    roomOfStream(KIND, event.streamId),
    event.type === 'CommitmentAdopted' && route?.planId && planRoom(route.planId),
  ],
};
