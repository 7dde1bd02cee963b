import { coalescedMessagesOf, roomsOfEvent } from '@cocrea/platform/live/rooms';
import { readModelsWith, recorded } from '@cocrea/platform/live/testing';
import { roomRegistry } from '@cocrea/live/rooms';
import { commentRooms } from '../comments';
import { commitmentRooms } from '../commitments';
import { planRooms } from '../plans';
import { proposalRooms } from '../proposals';
import { workingGroupRooms } from '../working-groups';
import { CONSULTATIONS, TALLIES } from './consultation.projection';
import { consultationRooms } from './consultation.rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const PROPOSAL = '33333333-3333-4333-8333-333333333333';
const OTHER = '77777777-7777-4777-8777-777777777777';
const CONSULTATION = '44444444-4444-4444-8444-444444444444';

describe('consultation rooms', () => {
  it('learn the plan of a consultation from its scheduling', () => {
    expect(
      consultationRooms.routeEstablishedBy!(recorded(`consultation-${CONSULTATION}`, 'ConsultationScheduled', { planId: PLAN })),
    ).toEqual({ planId: PLAN });
    expect(consultationRooms.routeEstablishedBy!(recorded(`consultation-${CONSULTATION}`, 'ConsultationOpened'))).toBeUndefined();
  });

  it('put a consultation’s lifecycle in its room and its plan’s', () => {
    for (const type of ['ConsultationScheduled', 'ConsultationOpened', 'ConsultationPaused', 'ConsultationResumed', 'ConsultationClosed']) {
      expect(roomsOfEvent(consultationRooms, recorded(`consultation-${CONSULTATION}`, type), { planId: PLAN })).toEqual([
        `consultation:${CONSULTATION}`,
        `plan:${PLAN}`,
      ]);
    }
  });

  it('never put a ballot in any room', () => {
    const rooms = roomRegistry([planRooms, workingGroupRooms, proposalRooms, consultationRooms, commentRooms, commitmentRooms]);
    expect(
      rooms.roomsOf(
        recorded(`ballot-${CONSULTATION}.citizen-1`, 'VoteCast', { consultationId: CONSULTATION, proposalId: PROPOSAL }),
        undefined,
      ),
    ).toEqual([]);
    expect(
      rooms.roomsOf(recorded(`ballot-${CONSULTATION}.citizen-1`, 'VoteRetracted', { consultationId: CONSULTATION }), { planId: PLAN }),
    ).toEqual([]);
    expect(rooms.categories).not.toContain('ballot');
  });

  describe('tally', () => {
    const [{ changedBy, messageOf }] = coalescedMessagesOf(consultationRooms);

    it('changes with every vote, retraction and step of its consultation', () => {
      for (const type of ['VoteCast', 'VoteRetracted']) {
        expect(changedBy(recorded(`ballot-${CONSULTATION}.citizen-1`, type, { consultationId: CONSULTATION, proposalId: PROPOSAL }))).toBe(
          CONSULTATION,
        );
      }
      expect(changedBy(recorded(`consultation-${CONSULTATION}`, 'ConsultationClosed', { consultationId: CONSULTATION }))).toBe(
        CONSULTATION,
      );
      expect(changedBy(recorded(`proposal-${PROPOSAL}`, 'ProposalAccepted', { proposalId: PROPOSAL }))).toBeUndefined();
    });

    const models = (tallyVisibility: string, status = 'open') =>
      readModelsWith({
        [CONSULTATIONS]: {
          [CONSULTATION]: { id: CONSULTATION, proposalIds: [PROPOSAL, OTHER], rules: { tallyVisibility }, status, position: 40 },
        },
        [TALLIES]: { [CONSULTATION]: { id: CONSULTATION, votes: { [OTHER]: 2 }, turnout: 2, position: 42 } },
      });
    const results = [
      { proposalId: OTHER, votes: 2 },
      { proposalId: PROPOSAL, votes: 0 },
    ];

    it('shows moderators the results always, others under `live` or once closed, with the later position of the two', () => {
      const hidden = messageOf(CONSULTATION, models('turnout-only'))!;
      expect(hidden(true)).toEqual({
        consultationId: CONSULTATION,
        status: 'open',
        tallyVisibility: 'turnout-only',
        turnout: 2,
        results,
        position: 42,
      });
      expect(hidden(false)).toEqual({
        consultationId: CONSULTATION,
        status: 'open',
        tallyVisibility: 'turnout-only',
        turnout: 2,
        position: 42,
      });
      expect(messageOf(CONSULTATION, models('live'))!(false)).toMatchObject({ results });
      expect(messageOf(CONSULTATION, models('after-close', 'closed'))!(false)).toMatchObject({ results });
    });

    it('is none while the consultation is not in the read models', () => {
      expect(messageOf(CONSULTATION, readModelsWith({}))).toBeUndefined();
    });
  });
});
