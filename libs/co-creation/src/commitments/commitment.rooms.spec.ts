import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { recorded } from '@cocrea/platform/live/testing';
import { commitmentRooms } from './commitment.rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const COMMITMENT = '55555555-5555-4555-8555-555555555555';

describe('commitment rooms', () => {
  it('learn the plan of a commitment from its adoption', () => {
    expect(commitmentRooms.routeEstablishedBy!(recorded(`commitment-${COMMITMENT}`, 'CommitmentAdopted', { planId: PLAN }))).toEqual({
      planId: PLAN,
    });
    expect(commitmentRooms.routeEstablishedBy!(recorded(`commitment-${COMMITMENT}`, 'MilestoneAdded'))).toBeUndefined();
  });

  it('put a commitment’s milestones and progress in its room, and its adoption in its plan’s too', () => {
    const roomsOf = (type: string) => roomsOfEvent(commitmentRooms, recorded(`commitment-${COMMITMENT}`, type), { planId: PLAN });
    expect(roomsOf('CommitmentAdopted')).toEqual([`commitment:${COMMITMENT}`, `plan:${PLAN}`]);
    expect(roomsOf('MilestoneAdded')).toEqual([`commitment:${COMMITMENT}`]);
    expect(roomsOf('ProgressReported')).toEqual([`commitment:${COMMITMENT}`]);
  });
});
