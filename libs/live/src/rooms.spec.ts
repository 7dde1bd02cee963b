import type { RecordedEvent } from '@cocrea/event-store';
import type { ReadModelWriter } from '@cocrea/platform';
import { liveFeedProjection } from './live-feed.projection';
import { liveEvent, parseRoom, roomsOf, routeEstablishedBy } from './rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const PROPOSAL = '33333333-3333-4333-8333-333333333333';
const CONSULTATION = '44444444-4444-4444-8444-444444444444';
const COMMITMENT = '55555555-5555-4555-8555-555555555555';
const COMMENT = '66666666-6666-4666-8666-666666666666';

let position = 0;
const recorded = (streamId: string, type: string, data: Record<string, unknown> = {}): RecordedEvent => ({
  id: `e${++position}`,
  streamId,
  type,
  data,
  metadata: { actorId: 'ana' } as RecordedEvent['metadata'],
  revision: 1,
  position,
  recordedAt: '2020-01-01T00:00:00.000Z',
  hash: 'h',
});

describe('parseRoom', () => {
  it('accepts each kind of room with a UUID, in any case', () => {
    for (const kind of ['plan', 'working-group', 'proposal', 'consultation', 'commitment'] as const) {
      expect(parseRoom(`${kind}:${PLAN}`)).toEqual({ room: `${kind}:${PLAN}`, kind, id: PLAN });
    }
    expect(parseRoom(`PROPOSAL:${PROPOSAL.toUpperCase()}`)).toEqual({ room: `proposal:${PROPOSAL}`, kind: 'proposal', id: PROPOSAL });
  });

  it('refuses anything else', () => {
    for (const room of [undefined, null, 42, {}, '', 'plan', `plan:`, 'plan:123', `session:${PLAN}`, `plan:${PLAN} `, ` plan:${PLAN}`, `plan:${PLAN}:x`, `ballot:${PLAN}`]) {
      expect(parseRoom(room)).toBeUndefined();
    }
  });
});

describe('routeEstablishedBy', () => {
  it('learns the plan and group of a proposal, the plan of a consultation and a commitment, the target of a comment', () => {
    expect(routeEstablishedBy(recorded(`proposal-${PROPOSAL}`, 'ProposalDrafted', { planId: PLAN, workingGroupId: GROUP }))).toEqual({ planId: PLAN, workingGroupId: GROUP });
    expect(routeEstablishedBy(recorded(`consultation-${CONSULTATION}`, 'ConsultationScheduled', { planId: PLAN }))).toEqual({ planId: PLAN });
    expect(routeEstablishedBy(recorded(`commitment-${COMMITMENT}`, 'CommitmentAdopted', { planId: PLAN }))).toEqual({ planId: PLAN });
    expect(routeEstablishedBy(recorded(`comment-${COMMENT}`, 'CommentPosted', { targetType: 'proposal', targetId: PROPOSAL }))).toEqual({ target: `proposal:${PROPOSAL}` });
    expect(routeEstablishedBy(recorded(`proposal-${PROPOSAL}`, 'ProposalSectionEdited'))).toBeUndefined();
  });
});

describe('roomsOf', () => {
  const proposalRoute = { planId: PLAN, workingGroupId: GROUP };

  it('puts a plan’s and a working group’s events in their own rooms', () => {
    expect(roomsOf(recorded(`plan-${PLAN}`, 'PlanCreated'), undefined)).toEqual([`plan:${PLAN}`]);
    expect(roomsOf(recorded(`workingGroup-${GROUP}`, 'MemberAdded'), undefined)).toEqual([`working-group:${GROUP}`]);
  });

  it('puts every proposal event in its room and its group’s, and only lifecycle events in its plan’s', () => {
    for (const type of ['ProposalDrafted', 'ProposalSubmitted', 'ProposalAccepted', 'ProposalRejected', 'ProposalWithdrawn']) {
      expect(roomsOf(recorded(`proposal-${PROPOSAL}`, type), proposalRoute)).toEqual([`proposal:${PROPOSAL}`, `working-group:${GROUP}`, `plan:${PLAN}`]);
    }
    for (const type of ['ProposalSectionEdited', 'ProposalRetitled']) {
      expect(roomsOf(recorded(`proposal-${PROPOSAL}`, type), proposalRoute)).toEqual([`proposal:${PROPOSAL}`, `working-group:${GROUP}`]);
    }
  });

  it('puts a consultation’s lifecycle in its room and its plan’s', () => {
    for (const type of ['ConsultationScheduled', 'ConsultationOpened', 'ConsultationPaused', 'ConsultationResumed', 'ConsultationClosed']) {
      expect(roomsOf(recorded(`consultation-${CONSULTATION}`, type), { planId: PLAN })).toEqual([`consultation:${CONSULTATION}`, `plan:${PLAN}`]);
    }
  });

  it('puts a commitment’s milestones and progress in its room, and its adoption in its plan’s too', () => {
    expect(roomsOf(recorded(`commitment-${COMMITMENT}`, 'CommitmentAdopted'), { planId: PLAN })).toEqual([`commitment:${COMMITMENT}`, `plan:${PLAN}`]);
    expect(roomsOf(recorded(`commitment-${COMMITMENT}`, 'MilestoneAdded'), { planId: PLAN })).toEqual([`commitment:${COMMITMENT}`]);
    expect(roomsOf(recorded(`commitment-${COMMITMENT}`, 'ProgressReported'), { planId: PLAN })).toEqual([`commitment:${COMMITMENT}`]);
  });

  it('puts a comment and its moderation in the room of what it comments on', () => {
    const route = { target: `commitment:${COMMITMENT}` };
    expect(roomsOf(recorded(`comment-${COMMENT}`, 'CommentPosted'), route)).toEqual([`commitment:${COMMITMENT}`]);
    expect(roomsOf(recorded(`comment-${COMMENT}`, 'CommentHidden'), route)).toEqual([`commitment:${COMMITMENT}`]);
  });

  it('never puts a ballot in any room', () => {
    expect(roomsOf(recorded(`ballot-${CONSULTATION}.citizen-1`, 'VoteCast', { consultationId: CONSULTATION, proposalId: PROPOSAL }), undefined)).toEqual([]);
    expect(roomsOf(recorded(`ballot-${CONSULTATION}.citizen-1`, 'VoteRetracted', { consultationId: CONSULTATION }), { planId: PLAN })).toEqual([]);
  });
});

describe('liveFeedProjection', () => {
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
    events.forEach((event) => liveFeedProjection.apply(event, writer));
    const at = (i: number) => events[i].position;
    expect(feed(`plan:${PLAN}`)).toEqual([`${at(0)}:PlanCreated`, `${at(1)}:ProposalDrafted`, `${at(5)}:ProposalSubmitted`]);
    expect(feed(`proposal:${PROPOSAL}`)).toEqual([
      `${at(1)}:ProposalDrafted`, `${at(2)}:ProposalSectionEdited`, `${at(3)}:CommentPosted`, `${at(4)}:CommentHidden`, `${at(5)}:ProposalSubmitted`,
    ]);
    expect(feed(`working-group:${GROUP}`)).toEqual([`${at(1)}:ProposalDrafted`, `${at(2)}:ProposalSectionEdited`, `${at(5)}:ProposalSubmitted`]);
    expect(feed(`consultation:${CONSULTATION}`)).toEqual([]);
  });

  it('shows a subscriber the event with its room, and without its hash', () => {
    const event = recorded(`plan-${PLAN}`, 'PlanCreated', { title: 'P' });
    const { hash: _, ...shown } = event;
    expect(liveEvent(`plan:${PLAN}`, event)).toEqual({ room: `plan:${PLAN}`, ...shown });
  });
});
