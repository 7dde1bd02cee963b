import type { Role } from '@cocrea/platform';
import { CommandSpecification, sentBy } from '@cocrea/platform/testing/command-specification';
import { pseudonymOf } from '../consultations';
import { workingGroupStream, type WorkingGroupEvent } from '../working-groups';
import { attendeeStream } from './attendance.decider';
import { castPollVote, checkIn, moderateQuestion, startMeeting, upvoteQuestion } from './meeting.commands';
import { meetingStream, type MeetingEvent } from './meeting.decider';
import { pollBallotStream } from './poll-ballot.decider';
import { questionStream, upvoteStream, type QuestionEvent } from './question.decider';

const spec = CommandSpecification.withSqlite();
afterEach(() => spec.close());

const KEY = 'k'.repeat(48);
const M = '7b2c4d3e-0000-4000-8000-000000000001';
const WG = '7b2c4d3e-0000-4000-8000-0000000000a9';
const P = '7b2c4d3e-0000-4000-8000-0000000000b1';
const Q = '7b2c4d3e-0000-4000-8000-0000000000c1';
const ana = sentBy({ id: 'ana', name: 'Ana', roles: ['participant'] as Role[] });
const beto = sentBy({ id: 'beto', name: 'Beto', roles: ['member'] as Role[] });

const formed: WorkingGroupEvent = { type: 'WorkingGroupFormed', data: { workingGroupId: WG, planId: 'plan-1', name: 'Mesa', theme: 't' } };
const betoLeads: WorkingGroupEvent = { type: 'MemberAdded', data: { workingGroupId: WG, userId: 'beto', role: 'lead' } };
const betoRemoved: WorkingGroupEvent = { type: 'MemberRemoved', data: { workingGroupId: WG, userId: 'beto' } };
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: M,
    planId: 'plan-1',
    workingGroupId: WG,
    kind: 'work-table',
    title: 'Mesa',
    startsAt: '2027-03-10T14:00:00Z',
    endsAt: '2027-03-10T17:00:00Z',
    place: 'Bogotá',
    invited: { entities: [], organisations: [] },
    agenda: [{ itemId: 'i1', title: 'Único', minutes: 60 }],
  },
};
const started: MeetingEvent = { type: 'MeetingStarted', data: { meetingId: M, itemId: 'i1' } };
const cancelled: MeetingEvent = { type: 'MeetingCancelled', data: { meetingId: M, reason: 'Aplazada' } };
const pollOpened: MeetingEvent = {
  type: 'PollOpened',
  data: {
    meetingId: M,
    pollId: P,
    itemId: 'i1',
    form: 'statement',
    question: 'Basta',
    options: ['agree', 'disagree', 'pass'].map((optionId) => ({ optionId, label: optionId })),
    maxChoices: 1,
    results: 'live',
  },
};
const pollClosed: MeetingEvent = { type: 'PollClosed', data: { meetingId: M, pollId: P } };
const submitted: QuestionEvent = {
  type: 'QuestionSubmitted',
  data: { meetingId: M, questionId: Q, kind: 'question', text: '¿Cuándo?', authorId: 'ana', authorName: 'Ana' },
};
const approved: QuestionEvent = {
  type: 'QuestionApproved',
  data: { meetingId: M, questionId: Q, moderatorId: 'beto', moderatorName: 'Beto' },
};

describe('meeting commands: rules across streams', () => {
  it('lets a lead of the working group run the meeting, decided on the group as it is', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, betoLeads], [meetingStream(M)]: [scheduled] })
      .when((commands) => startMeeting(commands, M, beto))
      .then({ [meetingStream(M)]: [started] }));

  it('refuses a lead removed from the group while the start was in flight', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, betoLeads], [meetingStream(M)]: [scheduled] })
      .meanwhile({ [workingGroupStream(WG)]: [betoRemoved] })
      .when((commands) => startMeeting(commands, M, beto))
      .thenRefuses('forbidden'));

  it('records a poll vote on the voter’s secret ballot, with nothing of them', () => {
    const voter = pseudonymOf(KEY, P, 'ana');
    return spec
      .given({ [meetingStream(M)]: [scheduled, started, pollOpened] })
      .when((commands) => castPollVote(commands, KEY, { meetingId: M, pollId: P, choices: ['agree'] }, ana))
      .then({
        [pollBallotStream(P, voter)]: [
          { type: 'PollVoteCast', data: { meetingId: M, pollId: P, participantId: voter, choices: ['agree'] } },
        ],
      });
  });

  it('refuses a poll vote that races the poll’s close', () =>
    spec
      .given({ [meetingStream(M)]: [scheduled, started, pollOpened] })
      .meanwhile({ [meetingStream(M)]: [pollClosed] })
      .when((commands) => castPollVote(commands, KEY, { meetingId: M, pollId: P, choices: ['agree'] }, ana))
      .thenRefuses('poll-closed'));

  it('refuses a check-in that races the meeting’s cancellation', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed], [meetingStream(M)]: [scheduled] })
      .meanwhile({ [meetingStream(M)]: [cancelled] })
      .when((commands) => checkIn(commands, KEY, M, { organisation: 'Uniandes', sector: 'academia' }, ana))
      .thenRefuses('wrong-status'));

  it('checks a participant in under their pseudonym in the meeting, with their name', () => {
    const attendee = pseudonymOf(KEY, M, 'ana');
    return spec
      .given({ [workingGroupStream(WG)]: [formed], [meetingStream(M)]: [scheduled] })
      .when((commands) => checkIn(commands, KEY, M, { organisation: 'Uniandes', sector: 'academia' }, ana))
      .then({
        [attendeeStream(M, attendee)]: [
          {
            type: 'AttendeeCheckedIn',
            data: { meetingId: M, attendeeId: attendee, name: 'Ana', organisation: 'Uniandes', sector: 'academia', by: 'self' },
          },
        ],
      });
  });

  it('refuses a moderation by a lead removed meanwhile', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, betoLeads], [meetingStream(M)]: [scheduled, started], [questionStream(Q)]: [submitted] })
      .meanwhile({ [workingGroupStream(WG)]: [betoRemoved] })
      .when((commands) => moderateQuestion(commands, { meetingId: M, questionId: Q }, { type: 'ApproveQuestion' }, beto))
      .thenRefuses('forbidden'));

  it('refuses an upvote that races the meeting’s close', () =>
    spec
      .given({ [meetingStream(M)]: [scheduled, started], [questionStream(Q)]: [submitted, approved] })
      .meanwhile({ [meetingStream(M)]: [{ type: 'MeetingClosed', data: { meetingId: M } }] })
      .when((commands) => upvoteQuestion(commands, KEY, { meetingId: M, questionId: Q }, ana))
      .thenRefuses('wrong-status'));

  it('upvotes once per person, under their pseudonym for the question', () =>
    spec
      .given({ [meetingStream(M)]: [scheduled, started], [questionStream(Q)]: [submitted, approved] })
      .when((commands) => upvoteQuestion(commands, KEY, { meetingId: M, questionId: Q }, ana))
      .then({ [upvoteStream(Q, pseudonymOf(KEY, Q, 'ana'))]: [{ type: 'QuestionUpvoted', data: { meetingId: M, questionId: Q } }] }));
});
