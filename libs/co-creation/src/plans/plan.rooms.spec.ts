import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { recorded } from '@cocrea/platform/live/testing';
import { planRooms } from './plan.rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';

describe('plan rooms', () => {
  it('puts a plan’s events in its own room', () => {
    expect(roomsOfEvent(planRooms, recorded(`plan-${PLAN}`, 'PlanCreated'), undefined)).toEqual([`plan:${PLAN}`]);
    expect(roomsOfEvent(planRooms, recorded(`plan-${PLAN}`, 'PlanPhaseChanged'), undefined)).toEqual([`plan:${PLAN}`]);
  });
});
