import { found, idOfStream, isModerator, unanswered, type Actor, type ReadSide, t } from '@cocrea/platform';
import { pseudonymOf } from '../consultations';
import { WORKING_GROUPS, type WorkingGroupView } from '../working-groups';
import type { MeetingKind, MeetingStatus } from './meeting.decider';
import {
  ATTENDEES,
  MEETINGS,
  POLL_BALLOTS,
  POLL_TALLIES,
  QUESTIONS,
  UPVOTES,
  type AttendeeView,
  type MeetingView,
  type MinutesView,
  type PollBallotView,
  type PollTallyView,
  type QuestionView,
} from './meeting.projection';
import { approvedQueue, pollResultsFor, questionAsSeenBy, type PollResults, type QueuedQuestion } from './meeting.results';
import { attendeeStream } from './attendance.decider';
import { pollBallotStream } from './poll-ballot.decider';
import { upvoteStream, type QuestionStatus } from './question.decider';

/** Whether the viewer runs this meeting: moderators and admins, and the leads of its working group (as the read model has it). */
export const runsMeeting = (read: ReadSide, meeting: MeetingView, viewer: Actor | undefined): boolean => {
  if (!viewer) return false;
  if (isModerator(viewer)) return true;
  if (!meeting.workingGroupId) return false;
  const group = read.models.get<WorkingGroupView>(WORKING_GROUPS, meeting.workingGroupId);
  return group?.members.some((member) => member.userId === viewer.id && member.role === 'lead') ?? false;
};

export const meetings = (read: ReadSide, filter: { planId?: string; status?: MeetingStatus; kind?: MeetingKind }): MeetingView[] =>
  read.models.find<MeetingView>(MEETINGS, filter);

const meetingView = (read: ReadSide, meetingId: string): MeetingView =>
  found(read.models.get<MeetingView>(MEETINGS, meetingId), t`meeting`, meetingId);

export interface MeetingDetail extends Omit<MeetingView, 'polls' | 'minutes'> {
  polls: Array<MeetingView['polls'][number] & { tally: PollResults }>;
  /** The minutes with the results of the meeting's polls, fixed at their close. */
  minutes?: MinutesView & { polls: Array<{ pollId: string; question: string; voters: number; votes: NonNullable<PollResults['votes']> }> };
  /** The approved questions and contributions, most upvoted first. */
  questions: QuestionView[];
}

/** The meeting with its polls' results as the viewer may see them and its approved queue. */
export const meetingById = (read: ReadSide, meetingId: string, viewer: Actor | undefined): MeetingDetail => {
  const meeting = meetingView(read, meetingId);
  const runner = runsMeeting(read, meeting, viewer);
  const polls = meeting.polls.map((poll) => ({
    ...poll,
    tally: pollResultsFor(poll, read.models.get<PollTallyView>(POLL_TALLIES, poll.id), runner),
  }));
  // Every poll of a meeting with minutes is closed (closing the meeting closes them), so their results are public.
  const fixed = polls.map(({ id, question, tally }) => ({ pollId: id, question, voters: tally.voters, votes: tally.votes ?? [] }));
  const { minutes, ...rest } = meeting;
  return {
    ...rest,
    ...(minutes ? { minutes: { ...minutes, polls: fixed } } : {}),
    polls,
    questions: approvedQueue(read.models.find<QuestionView>(QUESTIONS, { meetingId })),
  };
};

const pollOf = (meeting: MeetingView, pollId: string) =>
  meeting.polls.find((poll) => poll.id === pollId) ?? unanswered('not-found', t`poll ${pollId} not found`);

export const pollResults = (read: ReadSide, meetingId: string, pollId: string, viewer: Actor | undefined): PollResults => {
  const meeting = meetingView(read, meetingId);
  const poll = pollOf(meeting, pollId);
  return pollResultsFor(poll, read.models.get<PollTallyView>(POLL_TALLIES, poll.id), runsMeeting(read, meeting, viewer));
};

/** A poll's counted votes per option, for what publishes it only once it is closed (the open data). */
export const pollVotes = (read: ReadSide, pollId: string): Record<string, number> => ({
  ...read.models.get<PollTallyView>(POLL_TALLIES, pollId)?.votes,
});

/** The viewer's own vote in a poll: no query shows anyone else's. */
export const myPollVote = (read: ReadSide, ballotKey: string, meetingId: string, pollId: string, voter: Actor) => {
  pollOf(meetingView(read, meetingId), pollId);
  const ballotId = idOfStream(pollBallotStream(pollId, pseudonymOf(ballotKey, pollId, voter.id)));
  const ballot = read.models.get<PollBallotView>(POLL_BALLOTS, ballotId);
  return { pollId, choices: ballot?.choices ?? [], position: ballot?.position ?? 0 };
};

/**
 * The meeting's questions and contributions in the order submitted, filtered by status. Everyone sees the approved
 * ones and the rejections with their reasons; the pending ones and a rejected one's text only those who run it.
 */
export const meetingQuestions = (
  read: ReadSide,
  meetingId: string,
  viewer: Actor | undefined,
  status?: QuestionStatus,
): QueuedQuestion[] => {
  const meeting = meetingView(read, meetingId);
  const runner = runsMeeting(read, meeting, viewer);
  return read.models
    .find<QuestionView>(QUESTIONS, { meetingId })
    .filter((question) => (status === undefined || question.status === status) && (runner || question.status !== 'pending'))
    .map((question) => questionAsSeenBy(question, runner));
};

export interface MyPart {
  /** Whether you checked in. */
  checkedIn: boolean;
  /** Your questions and contributions, in any status, with their text. */
  questions: QueuedQuestion[];
  /** The questions you upvoted. */
  upvoted: string[];
}

/** What the viewer did in the meeting, and nothing of anyone else: found by their pseudonyms, as the commands named them. */
export const myPart = (read: ReadSide, ballotKey: string, meetingId: string, viewer: Actor): MyPart => {
  meetingView(read, meetingId);
  const attendance = idOfStream(attendeeStream(meetingId, pseudonymOf(ballotKey, meetingId, viewer.id)));
  const questions = read.models.find<QuestionView>(QUESTIONS, { meetingId });
  return {
    checkedIn: read.models.get(ATTENDEES, attendance) !== undefined,
    questions: questions.filter((question) => question.authorId === viewer.id).map((question) => questionAsSeenBy(question, true)),
    upvoted: questions
      .filter((question) => read.models.get(UPVOTES, idOfStream(upvoteStream(question.id, pseudonymOf(ballotKey, question.id, viewer.id)))))
      .map((question) => question.id),
  };
};

/** Who checked in, with names: only for those who run the meeting (the counts by sector are public on the meeting). */
export const meetingAttendees = (read: ReadSide, meetingId: string, viewer: Actor): AttendeeView[] => {
  const meeting = meetingView(read, meetingId);
  if (!runsMeeting(read, meeting, viewer)) {
    return unanswered('forbidden', t`only moderators, admins and the leads of the meeting's working group may see who attended`);
  }
  return read.models.find<AttendeeView>(ATTENDEES, { meetingId });
};
