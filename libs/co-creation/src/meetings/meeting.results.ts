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

/** What the room sees of the queue: the approved questions; those who run the meeting see the pending ones too. */
export const queueFor = (meeting: MeetingView, questions: readonly QuestionView[], runsMeeting: boolean) => ({
  meetingId: meeting.id,
  approved: approvedQueue(questions),
  ...(runsMeeting ? { pending: questions.filter((question) => question.status === 'pending') } : {}),
  position: Math.max(meeting.position, ...questions.map((question) => question.position)),
});
