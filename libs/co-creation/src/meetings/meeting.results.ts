import type { MeetingView, PollTallyView, PollView, QuestionView } from './meeting.projection';

export interface PollResults {
  pollId: string;
  itemId: string;
  status: PollView['status'];
  results: PollView['results'];
  /** Distinct voters with a counted vote: always public. */
  voters: number;
  /** Votes per option, in the poll's order. Omitted (not empty) while hidden, so that "hidden" never reads as "no votes". */
  votes?: Array<{ optionId: string; label: string; votes: number }>;
  position: number;
}

/** A poll's results as one viewer may see them: votes per option under `live`, or once closed; those who run the meeting always. */
export const pollResultsFor = (poll: PollView, tally: PollTallyView | undefined, runsMeeting: boolean): PollResults => {
  const visible = runsMeeting || poll.results === 'live' || poll.status === 'closed';
  return {
    pollId: poll.id,
    itemId: poll.itemId,
    status: poll.status,
    results: poll.results,
    voters: tally?.voters ?? 0,
    ...(visible ? { votes: poll.options.map(({ optionId, label }) => ({ optionId, label, votes: tally?.votes[optionId] ?? 0 })) } : {}),
    position: Math.max(tally?.position ?? 0, poll.closedPosition ?? poll.openedPosition),
  };
};

/** A question as one viewer sees it: a rejected one's text is withheld but from those who run meetings, its reason never. */
export interface QueuedQuestion extends Omit<QuestionView, 'text'> {
  text: string | null;
}

export const questionAsSeenBy = (question: QuestionView, runsMeeting: boolean): QueuedQuestion => ({
  ...question,
  text: question.status === 'rejected' && !runsMeeting ? null : question.text,
});

/** The approved queue, most upvoted first (ties in the order submitted), unanswered before answered. */
export const approvedQueue = (questions: readonly QuestionView[]): QuestionView[] =>
  questions
    .filter((question) => question.status === 'approved')
    .sort((a, b) => Number(a.answer !== undefined) - Number(b.answer !== undefined) || b.upvotes - a.upvotes);

/** A question as the room's queue shows it: what a screen needs, no more (the rest is at GET …/questions). */
export interface QueueItem {
  id: string;
  kind: QuestionView['kind'];
  text: string;
  authorName: string;
  status: QuestionView['status'];
  upvotes: number;
  answer?: QuestionView['answer'];
  position: number;
}

const itemOf = ({ id, kind, text, authorName, status, upvotes, answer, position }: QuestionView): QueueItem => ({
  id,
  kind,
  text,
  authorName,
  status,
  upvotes,
  ...(answer ? { answer } : {}),
  position,
});

/** What the room sees of the queue: the approved questions; those who run the meeting see the pending ones too. */
export const queueFor = (meeting: MeetingView, questions: readonly QuestionView[], runsMeeting: boolean) => ({
  meetingId: meeting.id,
  approved: approvedQueue(questions).map(itemOf),
  ...(runsMeeting ? { pending: questions.filter((question) => question.status === 'pending').map(itemOf) } : {}),
  // As of the last decision its audience hears of (a rejection too: its author's page learns of it so), while a new
  // pending question moves the moderators' queue only: a burst of submissions is not sent to the whole room.
  position: Math.max(
    meeting.position,
    ...questions.filter((question) => runsMeeting || question.status !== 'pending').map((question) => question.position),
  ),
});
