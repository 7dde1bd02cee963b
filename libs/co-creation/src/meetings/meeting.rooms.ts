import { eventOf, liveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { planRoom } from '../plans';
import { workingGroupRoom } from '../working-groups';
import { ATTENDEE_CATEGORY, SECTORS, type AttendanceEvent } from './attendance.decider';
import { MEETING_CATEGORY, POLL_VISIBILITIES, type MeetingEvent } from './meeting.decider';
import { MEETINGS, POLL_TALLIES, QUESTIONS, type MeetingView, type PollTallyView, type QuestionView } from './meeting.projection';
import { pollResultsFor, queueFor } from './meeting.results';
import { POLL_BALLOT_CATEGORY, type PollBallotEvent } from './poll-ballot.decider';
import { QUESTION_CATEGORY, UPVOTE_CATEGORY, type QuestionEvent, type UpvoteEvent } from './question.decider';

const KIND = 'meeting';

/** Where a meeting's events go besides its own room, learnt from its schedule. */
export interface MeetingRoute {
  planId: string;
  workingGroupId?: string;
}

/** What changes where a meeting stands: its plan's and its group's rooms hear these, not every agenda step. */
const LIFECYCLE = new Set(['MeetingScheduled', 'MeetingStarted', 'MeetingClosed', 'MeetingCancelled', 'MinutesRecorded']);

const uuid = { type: 'string', format: 'uuid' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const position = { type: 'integer', description: 'the log position this message is as of' } as const;

const question = {
  type: 'object',
  required: ['id', 'kind', 'text', 'authorName', 'status', 'upvotes', 'position'],
  additionalProperties: false,
  properties: {
    id: uuid,
    kind: { type: 'string', enum: ['question', 'contribution'] },
    text: { type: 'string' },
    authorName: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'approved'] },
    upvotes: count,
    answer: {
      type: 'object',
      properties: { text: { type: 'string' }, by: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
    },
    position,
  },
} as const;

/**
 * A meeting's room gets the meeting's own events (its plan's and working group's rooms its lifecycle), and three
 * coalesced messages: the polls' results, the approved queue, and attendance by sector. Ballots, check-ins and the
 * questions' own events are never broadcast: the room sees counts, not who voted, came or asked what.
 */
export const meetingRooms = liveRooms<MeetingEvent, MeetingRoute>({
  kind: KIND,
  category: MEETING_CATEGORY,
  routeEstablishedBy: (event) =>
    event.type === 'MeetingScheduled' ? { planId: event.data.planId, workingGroupId: event.data.workingGroupId } : undefined,
  roomsOf: (event, route) => [
    roomOfStream(KIND, event.streamId),
    LIFECYCLE.has(event.type) && route?.planId && planRoom(route.planId),
    LIFECYCLE.has(event.type) && route?.workingGroupId && workingGroupRoom(route.workingGroupId),
  ],
  coalesced: [
    {
      name: 'poll-results',
      description: "the meeting's polls with their voters, and their votes per option as each poll's visibility allows the socket's user",
      schema: {
        type: 'object',
        required: ['meetingId', 'polls', 'position'],
        additionalProperties: false,
        properties: {
          meetingId: uuid,
          polls: {
            type: 'array',
            items: {
              type: 'object',
              required: ['pollId', 'itemId', 'status', 'results', 'voters', 'position'],
              properties: {
                pollId: uuid,
                itemId: uuid,
                status: { type: 'string', enum: ['open', 'closed'] },
                results: { type: 'string', enum: [...POLL_VISIBILITIES] },
                voters: count,
                votes: {
                  type: 'array',
                  description: 'absent while the poll hides it',
                  items: {
                    type: 'object',
                    required: ['optionId', 'label', 'votes'],
                    properties: { optionId: { type: 'string' }, label: { type: 'string' }, votes: count },
                  },
                },
                position,
              },
            },
          },
          position,
        },
      },
      changedBy: (event) => {
        const vote = eventOf<PollBallotEvent>(POLL_BALLOT_CATEGORY, event);
        if (vote) return vote.data.meetingId;
        const step = eventOf<MeetingEvent>(MEETING_CATEGORY, event);
        return step && (step.type === 'PollOpened' || step.type === 'PollClosed') ? step.data.meetingId : undefined;
      },
      messageOf: (id, models) => {
        const meeting = models.get<MeetingView>(MEETINGS, id);
        if (!meeting) return undefined;
        return (moderator) => {
          const polls = meeting.polls.map((poll) => pollResultsFor(poll, models.get<PollTallyView>(POLL_TALLIES, poll.id), moderator));
          return { meetingId: id, polls, position: Math.max(meeting.position, ...polls.map((poll) => poll.position)) };
        };
      },
    },
    {
      name: 'queue',
      description: 'the approved questions and contributions, most upvoted first; moderators and admins also get the pending ones',
      schema: {
        type: 'object',
        required: ['meetingId', 'approved', 'position'],
        additionalProperties: false,
        properties: {
          meetingId: uuid,
          approved: { type: 'array', items: question },
          pending: { type: 'array', items: question, description: 'only to moderators and admins' },
          position,
        },
      },
      changedBy: (event) =>
        (eventOf<QuestionEvent>(QUESTION_CATEGORY, event) ?? eventOf<UpvoteEvent>(UPVOTE_CATEGORY, event))?.data.meetingId,
      messageOf: (id, models) => {
        const meeting = models.get<MeetingView>(MEETINGS, id);
        if (!meeting) return undefined;
        const questions = models.find<QuestionView>(QUESTIONS, { meetingId: id });
        return (moderator) => queueFor(meeting, questions, moderator);
      },
    },
    {
      name: 'attendance',
      description: 'how many checked in, by sector (never who)',
      schema: {
        type: 'object',
        required: ['meetingId', 'total', 'bySector', 'position'],
        additionalProperties: false,
        properties: {
          meetingId: uuid,
          total: count,
          bySector: { type: 'object', required: [...SECTORS], properties: Object.fromEntries(SECTORS.map((sector) => [sector, count])) },
          position,
        },
      },
      changedBy: (event) => eventOf<AttendanceEvent>(ATTENDEE_CATEGORY, event)?.data.meetingId,
      messageOf: (id, models) => {
        const meeting = models.get<MeetingView>(MEETINGS, id);
        if (!meeting) return undefined;
        return () => ({ meetingId: id, ...meeting.attendance });
      },
    },
  ],
});
