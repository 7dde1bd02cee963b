import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { recorded } from '@cocrea/platform/live/testing';
import { proposalRooms } from './proposal.rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const PROPOSAL = '33333333-3333-4333-8333-333333333333';

describe('proposal rooms', () => {
  const route = { planId: PLAN, workingGroupId: GROUP };

  it('learn the plan and group of a proposal from its draft', () => {
    expect(proposalRooms.routeEstablishedBy!(recorded(`proposal-${PROPOSAL}`, 'ProposalDrafted', { planId: PLAN, workingGroupId: GROUP }))).toEqual(route);
    expect(proposalRooms.routeEstablishedBy!(recorded(`proposal-${PROPOSAL}`, 'ProposalSectionEdited'))).toBeUndefined();
  });

  it('put every proposal event in its room and its group’s, and only lifecycle events in its plan’s', () => {
    for (const type of ['ProposalDrafted', 'ProposalSubmitted', 'ProposalAccepted', 'ProposalRejected', 'ProposalWithdrawn']) {
      expect(roomsOfEvent(proposalRooms, recorded(`proposal-${PROPOSAL}`, type), route)).toEqual([`proposal:${PROPOSAL}`, `working-group:${GROUP}`, `plan:${PLAN}`]);
    }
    for (const type of ['ProposalSectionEdited', 'ProposalRetitled']) {
      expect(roomsOfEvent(proposalRooms, recorded(`proposal-${PROPOSAL}`, type), route)).toEqual([`proposal:${PROPOSAL}`, `working-group:${GROUP}`]);
    }
  });
});
