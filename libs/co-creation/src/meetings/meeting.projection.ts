import { idOfStream, mentionsOf, projection, touchedBy, type ReadModelWriter, type Recorded } from '@cocrea/platform';
import { COMMITMENT_CATEGORY, commitmentStream, type CommitmentEvent } from '../commitments';
import { PROPOSAL_CATEGORY, proposalStream, type AgreementRef, type ProposalEvent } from '../proposals';
import { ATTENDEE_CATEGORY, SECTORS, type AttendanceEvent, type Sector } from './attendance.decider';
import {
  MEETING_CATEGORY,
  type Agreement,
  type MeetingEvent,
  type MeetingKind,
  type MeetingStatus,
  type PollForm,
  type PollOption,
  type PollVisibility,
} from './meeting.decider';
import { POLL_BALLOT_CATEGORY, type PollBallotEvent } from './poll-ballot.decider';
import {
  QUESTION_CATEGORY,
  UPVOTE_CATEGORY,
  type QuestionEvent,
  type QuestionKind,
  type QuestionStatus,
  type UpvoteEvent,
} from './question.decider';

export const MEETINGS = 'meetings';
/** Counted votes per option of each poll. Served only through the poll's visibility rule. */
export const POLL_TALLIES = 'meeting-poll-tallies';
/** Each voter's current choices in a poll, by pseudonym. Served only to that voter. */
export const POLL_BALLOTS = 'meeting-poll-ballots';
export const QUESTIONS = 'meeting-questions';
/** Who checked in, with their names: served only to those who run the meeting. */
export const ATTENDEES = 'meeting-attendees';
/** Each upvote, by its stream's id (`<questionId>.<pseudonym>`): served only to the one who upvoted. */
export const UPVOTES = 'meeting-upvotes';

export interface AgendaItemView {
  id: string;
  title: string;
  minutes: number;
  description?: string;
  /** When the item last became the current one. */
  startedAt?: string;
}

export interface PollView {
  id: string;
  itemId: string;
  form: PollForm;
  question: string;
  options: PollOption[];
  maxChoices: number;
  results: PollVisibility;
  status: 'open' | 'closed';
  openedAt: string;
  openedPosition: number;
  closedAt?: string;
  /** The poll counts exactly the votes recorded before this position. */
  closedPosition?: number;
}

/** An agreement, with what it started since: a proposal draft, milestones of a commitment. */
export interface AgreementView extends Agreement {
  draftedProposalId?: string;
  milestones?: Array<{ commitmentId: string; milestoneId: string }>;
}

export interface MinutesView {
  summary: string;
  agreements: AgreementView[];
  recordedAt: string;
  recordedBy: string;
  position: number;
}

export interface AttendanceCounts {
  total: number;
  bySector: Record<Sector, number>;
  /** The position of the last check-in counted. */
  position: number;
}

export interface MeetingView {
  id: string;
  planId: string;
  workingGroupId?: string;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  link?: string;
  invited: { entities: string[]; organisations: string[] };
  agenda: AgendaItemView[];
  currentItemId: string | null;
  status: MeetingStatus;
  startedAt?: string;
  closedAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
  polls: PollView[];
  attendance: AttendanceCounts;
  minutes?: MinutesView;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The meeting stream's revision and the position of its last event (attendance and votes are other streams). */
  revision: number;
  position: number;
}

export interface PollTallyView {
  id: string;
  meetingId: string;
  /** Counted votes per option id. */
  votes: Record<string, number>;
  /** Distinct voters with a counted vote. */
  voters: number;
  position: number;
}

export interface PollBallotView {
  id: string;
  pollId: string;
  choices: string[];
  position: number;
}

export interface QuestionView {
  id: string;
  meetingId: string;
  kind: QuestionKind;
  text: string;
  authorId: string;
  authorName: string;
  status: QuestionStatus;
  submittedAt: string;
  /** The moderation decision: who approved or rejected it, when, and why. */
  decision?: { reason: string | null; moderatorId: string; moderatorName: string; at: string };
  upvotes: number;
  answer?: { text: string; by: string; at: string };
  updatedAt: string;
  position: number;
}

export interface AttendeeView {
  id: string;
  meetingId: string;
  name: string;
  organisation: string;
  sector: Sector;
  by: 'self' | 'runner';
  checkedInAt: string;
  position: number;
}

const noAttendance = (position: number): AttendanceCounts => ({
  total: 0,
  bySector: Object.fromEntries(SECTORS.map((sector) => [sector, 0])) as Record<Sector, number>,
  position,
});

/** A poll vote replaces the voter's earlier choices in the tally; one after the poll closed is not counted. */
const countPollVote = (event: Recorded<PollBallotEvent>, models: ReadModelWriter) => {
  const { meetingId, pollId, choices } = event.data;
  const poll = models.get<MeetingView>(MEETINGS, meetingId)?.polls.find((p) => p.id === pollId);
  const tally = models.get<PollTallyView>(POLL_TALLIES, pollId);
  if (!poll || poll.status === 'closed' || !tally) return;
  const ballotId = idOfStream(event.streamId);
  const ballot = models.get<PollBallotView>(POLL_BALLOTS, ballotId);
  for (const choice of ballot?.choices ?? []) tally.votes[choice] = (tally.votes[choice] ?? 0) - 1;
  for (const choice of choices) tally.votes[choice] = (tally.votes[choice] ?? 0) + 1;
  if (!ballot) tally.voters += 1;
  tally.position = event.position;
  models.put<PollTallyView>(POLL_TALLIES, pollId, tally);
  models.put<PollBallotView>(POLL_BALLOTS, ballotId, { id: ballotId, pollId, choices: [...choices], position: event.position });
};

const applyQuestion = (event: Recorded<QuestionEvent | UpvoteEvent>, models: ReadModelWriter) => {
  const { questionId } = event.data;
  const change = (fields: (question: QuestionView) => Partial<QuestionView>) =>
    models.update<QuestionView>(QUESTIONS, questionId, (question) => ({
      ...question,
      ...fields(question),
      updatedAt: event.recordedAt,
      position: event.position,
    }));
  switch (event.type) {
    case 'QuestionSubmitted': {
      const { questionId: id, ...fields } = event.data;
      models.put<QuestionView>(QUESTIONS, id, {
        id,
        ...fields,
        status: 'pending',
        submittedAt: event.recordedAt,
        upvotes: 0,
        updatedAt: event.recordedAt,
        position: event.position,
      });
      return;
    }
    case 'QuestionApproved':
    case 'QuestionRejected': {
      const { reason, moderatorId, moderatorName } = event.data;
      const status = event.type === 'QuestionApproved' ? 'approved' : 'rejected';
      return change(() => ({ status, decision: { reason: reason ?? null, moderatorId, moderatorName, at: event.recordedAt } }));
    }
    case 'QuestionAnswered':
      return change(() => ({ answer: { text: event.data.answer, by: event.data.answeredBy, at: event.recordedAt } }));
    case 'QuestionUpvoted': {
      const id = idOfStream(event.streamId);
      models.put(UPVOTES, id, { id, questionId, meetingId: event.data.meetingId });
      return change((question) => ({ upvotes: question.upvotes + 1 }));
    }
  }
};

const applyCheckIn = (event: Recorded<AttendanceEvent>, models: ReadModelWriter) => {
  const { meetingId, attendeeId: _, ...attendee } = event.data;
  const id = idOfStream(event.streamId);
  models.put<AttendeeView>(ATTENDEES, id, { id, meetingId, ...attendee, checkedInAt: event.recordedAt, position: event.position });
  // Counted on the meeting without touching its revision: attendance is not an event of the meeting's stream.
  models.update<MeetingView>(MEETINGS, meetingId, (meeting) => ({
    ...meeting,
    attendance: {
      total: meeting.attendance.total + 1,
      bySector: { ...meeting.attendance.bySector, [attendee.sector]: meeting.attendance.bySector[attendee.sector] + 1 },
      position: event.position,
    },
  }));
};

const applyMeeting = (event: Recorded<MeetingEvent>, models: ReadModelWriter) => {
  const touched = touchedBy(event);
  const change = (fields: (meeting: MeetingView) => Partial<MeetingView>) =>
    models.update<MeetingView>(MEETINGS, event.data.meetingId, (meeting) => ({ ...meeting, ...fields(meeting), ...touched }));
  const startItem = (meeting: MeetingView, itemId: string) =>
    meeting.agenda.map((item) => (item.id === itemId ? { ...item, startedAt: event.recordedAt } : item));
  switch (event.type) {
    case 'MeetingScheduled': {
      const { meetingId, agenda, ...fields } = event.data;
      models.put<MeetingView>(MEETINGS, meetingId, {
        id: meetingId,
        ...fields,
        agenda: agenda.map(({ itemId, ...item }) => ({ id: itemId, ...item })),
        currentItemId: null,
        status: 'scheduled',
        polls: [],
        attendance: noAttendance(event.position),
        createdBy: event.metadata.actorId ?? 'unknown',
        createdAt: event.recordedAt,
        ...touched,
      });
      return;
    }
    case 'MeetingStarted':
      return change((meeting) => ({
        status: 'in-progress',
        startedAt: event.recordedAt,
        currentItemId: event.data.itemId,
        agenda: startItem(meeting, event.data.itemId),
      }));
    case 'AgendaItemStarted':
      return change((meeting) => ({ currentItemId: event.data.itemId, agenda: startItem(meeting, event.data.itemId) }));
    case 'PollOpened': {
      const { meetingId, pollId, ...poll } = event.data;
      models.put<PollTallyView>(POLL_TALLIES, pollId, {
        id: pollId,
        meetingId,
        votes: Object.fromEntries(poll.options.map((option) => [option.optionId, 0])),
        voters: 0,
        position: event.position,
      });
      return change((meeting) => ({
        polls: [...meeting.polls, { id: pollId, ...poll, status: 'open', openedAt: event.recordedAt, openedPosition: event.position }],
      }));
    }
    case 'PollClosed':
      return change((meeting) => ({
        polls: meeting.polls.map((poll) =>
          poll.id === event.data.pollId ? { ...poll, status: 'closed', closedAt: event.recordedAt, closedPosition: event.position } : poll,
        ),
      }));
    case 'MeetingClosed':
      return change(() => ({ status: 'closed', closedAt: event.recordedAt, currentItemId: null }));
    case 'MeetingCancelled':
      return change(() => ({ status: 'cancelled', cancelledAt: event.recordedAt, cancelReason: event.data.reason }));
    case 'MinutesRecorded': {
      const { summary, agreements } = event.data;
      // The proposals and commitments an agreement names hear of it: their histories and traces read these mentions.
      const mentioned = new Set(
        agreements.flatMap((agreement) => [
          ...(agreement.proposalId ? [proposalStream(agreement.proposalId)] : []),
          ...(agreement.commitmentId ? [commitmentStream(agreement.commitmentId)] : []),
        ]),
      );
      for (const streamId of mentioned) models.appendToFeed(mentionsOf(streamId), event.position);
      return change(() => ({
        minutes: {
          summary,
          agreements,
          recordedAt: event.recordedAt,
          recordedBy: event.metadata.actorId ?? 'unknown',
          position: event.position,
        },
      }));
    }
  }
};

/** A draft or a milestone started from an agreement: the agreement says so. */
const applyStarted = (from: AgreementRef, started: (agreement: AgreementView) => AgreementView, models: ReadModelWriter) =>
  models.update<MeetingView>(MEETINGS, from.meetingId, (meeting) =>
    meeting.minutes
      ? {
          ...meeting,
          minutes: {
            ...meeting.minutes,
            agreements: meeting.minutes.agreements.map((agreement) =>
              agreement.agreementId === from.agreementId ? started(agreement) : agreement,
            ),
          },
        }
      : meeting,
  );

type MeetingFeedEvent = MeetingEvent | AttendanceEvent | PollBallotEvent | QuestionEvent | UpvoteEvent | ProposalEvent | CommitmentEvent;

export const meetingProjection = projection<MeetingFeedEvent>({
  name: 'meetings',
  categories: [
    MEETING_CATEGORY,
    ATTENDEE_CATEGORY,
    POLL_BALLOT_CATEGORY,
    QUESTION_CATEGORY,
    UPVOTE_CATEGORY,
    // Only for what an agreement started: a draft's or a milestone's `fromAgreement`.
    PROPOSAL_CATEGORY,
    COMMITMENT_CATEGORY,
  ],
  indexes: [
    { collection: MEETINGS, fields: [] },
    { collection: MEETINGS, fields: ['planId'] },
    { collection: QUESTIONS, fields: ['meetingId'] },
    { collection: ATTENDEES, fields: ['meetingId'] },
  ],
  apply(event, models) {
    switch (event.type) {
      case 'PollVoteCast':
        return countPollVote(event, models);
      case 'AttendeeCheckedIn':
        return applyCheckIn(event, models);
      case 'QuestionSubmitted':
      case 'QuestionApproved':
      case 'QuestionRejected':
      case 'QuestionAnswered':
      case 'QuestionUpvoted':
        return applyQuestion(event, models);
      case 'ProposalDrafted': {
        const from = event.data.fromAgreement;
        if (from) applyStarted(from, (agreement) => ({ ...agreement, draftedProposalId: event.data.proposalId }), models);
        return;
      }
      case 'MilestoneAdded': {
        const { fromAgreement: from, commitmentId, milestoneId } = event.data;
        if (from) {
          applyStarted(
            from,
            (agreement) => ({ ...agreement, milestones: [...(agreement.milestones ?? []), { commitmentId, milestoneId }] }),
            models,
          );
        }
        return;
      }
      case 'MeetingScheduled':
      case 'MeetingStarted':
      case 'AgendaItemStarted':
      case 'PollOpened':
      case 'PollClosed':
      case 'MeetingClosed':
      case 'MeetingCancelled':
      case 'MinutesRecorded':
        return applyMeeting(event, models);
    }
  },
});
