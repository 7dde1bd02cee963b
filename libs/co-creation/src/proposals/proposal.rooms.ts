import { liveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { planRoom } from '../plans';
import { workingGroupRoom } from '../working-groups';
import { PROPOSAL_CATEGORY, type ProposalEvent } from './proposal.decider';

const KIND = 'proposal';

/** Where a proposal's later events go besides its own room, learnt from its draft. */
export interface ProposalRoute {
  planId: string;
  workingGroupId: string;
}

/** What changes where a proposal stands: its plan's room hears these, not every section edit. */
const LIFECYCLE = new Set(['ProposalDrafted', 'ProposalSubmitted', 'ProposalAccepted', 'ProposalRejected', 'ProposalWithdrawn']);

/** A proposal's room gets all of its events, its working group's room too, its plan's room its lifecycle. */
export const proposalRooms = liveRooms<ProposalEvent, ProposalRoute>({
  kind: KIND,
  category: PROPOSAL_CATEGORY,
  routeEstablishedBy: (event) =>
    event.type === 'ProposalDrafted' ? { planId: event.data.planId, workingGroupId: event.data.workingGroupId } : undefined,
  roomsOf: (event, route) => [
    roomOfStream(KIND, event.streamId),
    route?.workingGroupId && workingGroupRoom(route.workingGroupId),
    LIFECYCLE.has(event.type) && route?.planId && planRoom(route.planId),
  ],
});
