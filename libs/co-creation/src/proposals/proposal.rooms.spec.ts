import type { RecordedEvent } from '@cocrea/event-store';
import type { ReadModelWriter } from '@cocrea/platform';
import { roomsOfEvent } from '@cocrea/platform/live/rooms';
import { recorded } from '@cocrea/platform/live/testing';
import { liveFeedProjection } from '@cocrea/live/live-feed.projection';
import { commentRooms } from '../comments';
import { consultationRooms } from '../consultations';
import { planRooms } from '../plans';
import { workingGroupRooms } from '../working-groups';
import { proposalRooms } from './proposal.rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const PROPOSAL = '33333333-3333-4333-8333-333333333333';
const CONSULTATION = '44444444-4444-4444-8444-444444444444';
const COMMENT = '66666666-6666-4666-8666-666666666666';

describe('proposal rooms', () => {
  const route = { planId: PLAN, workingGroupId: GROUP };

  it('learn the plan and group of a proposal from its draft', () => {
    expect(
      proposalRooms.routeEstablishedBy!(recorded(`proposal-${PROPOSAL}`, 'ProposalDrafted', { planId: PLAN, workingGroupId: GROUP })),
    ).toEqual(route);
    expect(proposalRooms.routeEstablishedBy!(recorded(`proposal-${PROPOSAL}`, 'ProposalSectionEdited'))).toBeUndefined();
  });

  it('put every proposal event in its room and its group’s, and only lifecycle events in its plan’s', () => {
    for (const type of ['ProposalDrafted', 'ProposalSubmitted', 'ProposalAccepted', 'ProposalRejected', 'ProposalWithdrawn']) {
      expect(roomsOfEvent(proposalRooms, recorded(`proposal-${PROPOSAL}`, type), route)).toEqual([
        `proposal:${PROPOSAL}`,
        `working-group:${GROUP}`,
        `plan:${PLAN}`,
      ]);
    }
    for (const type of ['ProposalSectionEdited', 'ProposalRetitled']) {
      expect(roomsOfEvent(proposalRooms, recorded(`proposal-${PROPOSAL}`, type), route)).toEqual([
        `proposal:${PROPOSAL}`,
        `working-group:${GROUP}`,
      ]);
    }
  });
});

describe('the live feed of a proposal', () => {
  /** The read models as a projection sees them, in memory. */
  const models = (log: RecordedEvent[]) => {
    const documents = new Map<string, unknown>();
    const feeds = new Map<string, number[]>();
    const writer = {
      get: <T>(collection: string, id: string) => documents.get(`${collection}/${id}`) as T | undefined,
      put: <T>(collection: string, id: string, document: T) => void documents.set(`${collection}/${id}`, document),
      appendToFeed: (feed: string, at: number) => feeds.set(feed, [...(feeds.get(feed) ?? []), at]),
    } as unknown as ReadModelWriter;
    const typeAt = (position: number) => log.find((event) => event.position === position)?.type;
    return { writer, feed: (room: string) => (feeds.get(room) ?? []).map((position) => `${position}:${typeAt(position)}`) };
  };

  it('files later events of a stream under the rooms its first event routed it to', () => {
    const projection = liveFeedProjection([planRooms, workingGroupRooms, proposalRooms, consultationRooms, commentRooms]);
    const events = [
      recorded(`plan-${PLAN}`, 'PlanCreated'),
      recorded(`proposal-${PROPOSAL}`, 'ProposalDrafted', { planId: PLAN, workingGroupId: GROUP }),
      recorded(`proposal-${PROPOSAL}`, 'ProposalSectionEdited'),
      recorded(`comment-${COMMENT}`, 'CommentPosted', { targetType: 'proposal', targetId: PROPOSAL }),
      recorded(`comment-${COMMENT}`, 'CommentHidden'),
      recorded(`proposal-${PROPOSAL}`, 'ProposalSubmitted'),
      recorded(`ballot-${CONSULTATION}.citizen-1`, 'VoteCast', { consultationId: CONSULTATION }),
    ];
    const { writer, feed } = models(events);
    events.forEach((event) => projection.apply(event, writer));
    const at = (i: number) => events[i].position;
    expect(feed(`plan:${PLAN}`)).toEqual([`${at(0)}:PlanCreated`, `${at(1)}:ProposalDrafted`, `${at(5)}:ProposalSubmitted`]);
    expect(feed(`proposal:${PROPOSAL}`)).toEqual([
      `${at(1)}:ProposalDrafted`,
      `${at(2)}:ProposalSectionEdited`,
      `${at(3)}:CommentPosted`,
      `${at(4)}:CommentHidden`,
      `${at(5)}:ProposalSubmitted`,
    ]);
    expect(feed(`working-group:${GROUP}`)).toEqual([
      `${at(1)}:ProposalDrafted`,
      `${at(2)}:ProposalSectionEdited`,
      `${at(5)}:ProposalSubmitted`,
    ]);
    expect(feed(`consultation:${CONSULTATION}`)).toEqual([]);
  });
});
