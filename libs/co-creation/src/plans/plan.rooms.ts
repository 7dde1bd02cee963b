import type { RecordedEvent } from '@cocrea/event-store';
import { type LiveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { PLAN_CATEGORY } from './plan.decider';

const KIND = 'plan';
export const planRoom = (planId: string) => `${KIND}:${planId}`;

/** The plan a stream's events also go to, learnt from its first event (a consultation's scheduling, a commitment's adoption). */
export interface PlanRoute {
  planId: string;
}

/** The route that the event of this type, carrying a `planId`, establishes for its stream. */
export const planRouteFrom =
  (type: string) =>
  (event: RecordedEvent): PlanRoute | undefined =>
    event.type === type ? { planId: (event.data as PlanRoute).planId } : undefined;

/** A plan's room: the plan itself, and the lifecycle of what is co-created in it (the features of those send it). */
export const planRooms: LiveRooms = {
  kind: KIND,
  category: PLAN_CATEGORY,
  roomsOf: (event) => [roomOfStream(KIND, event.streamId)],
};
