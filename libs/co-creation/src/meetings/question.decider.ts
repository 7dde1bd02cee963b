import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { t } from '@cocrea/platform/i18n/text';
import { ensureMeetingStatus, ensureRunner, existingMeeting, type Meeting, type RunnerContext } from './meeting.decider';

export const QUESTION_KINDS = ['question', 'contribution'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const MAX_QUESTION_LENGTH = 2_000;

interface QuestionId {
  meetingId: string;
  questionId: string;
}

/** A moderation decision, recorded with who made it. */
interface Decision extends QuestionId {
  reason?: string;
  moderatorId: string;
  moderatorName: string;
}

export type QuestionEvent =
  | Event<'QuestionSubmitted', QuestionId & { kind: QuestionKind; text: string; authorId: string; authorName: string }>
  | Event<'QuestionApproved', Decision>
  | Event<'QuestionRejected', Decision & { reason: string }>
  | Event<'QuestionAnswered', QuestionId & { answer: string; answeredBy: string }>;

type WithMeeting = { meeting: Meeting };

export type QuestionCommand =
  | Command<'SubmitQuestion', Extract<QuestionEvent, { type: 'QuestionSubmitted' }>['data'], WithMeeting>
  | Command<'ApproveQuestion', Decision, RunnerContext & WithMeeting>
  | Command<'RejectQuestion', Decision & { reason: string }, RunnerContext & WithMeeting>
  | Command<'AnswerQuestion', QuestionId & { answer: string; answeredBy: string }, RunnerContext & WithMeeting>;

export type Question = { status: 'absent' } | { status: QuestionStatus; meetingId: string; answered: boolean };

export const QUESTION_CATEGORY = 'meetingQuestion';
export const questionStream = (questionId: string) => `${QUESTION_CATEGORY}-${questionId}`;

const existingQuestion = (state: Question, questionId: string) =>
  state.status === 'absent' ? refuse('not-found', t`question ${questionId} not found`) : state;

const checkText = (text: string, what: 'text' | 'answer') => {
  if (text.trim().length === 0) refuse(`${what}-required`, t`${what} must not be blank`);
  if (text.length > MAX_QUESTION_LENGTH) refuse(`${what}-too-long`, t`${what} must be at most ${MAX_QUESTION_LENGTH} characters`);
};

/**
 * A question or contribution to a meeting, from the room or remote, shown to the room only once approved
 * (pre-moderation). A rejection's reason is public; the text of a pending or rejected one is withheld, as a hidden
 * comment's body.
 */
export const questionDecider: Decider<Question, QuestionCommand, QuestionEvent> = {
  // The author is a person; so is a lead who moderates (shown, as the actor is, only for moderators and admins).
  // The text is withheld from the public record from its submission, shown once approved, withheld again if rejected.
  privacy: {
    personal: {
      QuestionSubmitted: ['data.authorId', 'data.authorName'],
      QuestionApproved: ['data.moderatorId', 'data.moderatorName'],
      QuestionRejected: ['data.moderatorId', 'data.moderatorName'],
      QuestionAnswered: ['data.answeredBy'],
    },
    withholdable: { QuestionSubmitted: ['data.text'] },
    withholds: ['QuestionSubmitted', 'QuestionRejected'],
    discloses: ['QuestionApproved'],
  },

  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    const { data, context } = command;
    const meeting = existingMeeting(context.meeting, data.meetingId);
    if (command.type === 'SubmitQuestion') {
      if (state.status !== 'absent') return refuse('question-exists', t`question ${data.questionId} already exists`);
      ensureMeetingStatus(meeting, ['scheduled', 'in-progress'], t`submit a question`);
      checkText(command.data.text, 'text');
      return [{ type: 'QuestionSubmitted', data: command.data }];
    }
    const question = existingQuestion(state, data.questionId);
    if (question.meetingId !== data.meetingId) return refuse('not-found', t`question ${data.questionId} not found`);
    switch (command.type) {
      case 'ApproveQuestion':
      case 'RejectQuestion': {
        ensureRunner(command.context, t`moderate the queue`);
        ensureMeetingStatus(meeting, ['scheduled', 'in-progress'], t`moderate the queue`);
        if (question.status !== 'pending') {
          return refuse('question-moderated', t`question ${data.questionId} is already ${question.status}`, { status: question.status });
        }
        if (command.type === 'ApproveQuestion') return [{ type: 'QuestionApproved', data: command.data }];
        if (command.data.reason.trim().length === 0) return refuse('reason-required', t`rejecting a question needs a reason`);
        return [{ type: 'QuestionRejected', data: command.data }];
      }
      case 'AnswerQuestion':
        ensureRunner(command.context, t`answer a question`);
        ensureMeetingStatus(meeting, ['in-progress', 'closed'], t`answer a question`);
        if (question.status !== 'approved') return refuse('question-not-approved', t`only an approved question can be answered`);
        if (question.answered) return refuse('question-answered', t`question ${data.questionId} is already answered`);
        checkText(command.data.answer, 'answer');
        return [{ type: 'QuestionAnswered', data: command.data }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'QuestionSubmitted':
        return { status: 'pending', meetingId: event.data.meetingId, answered: false };
      case 'QuestionApproved':
        return state.status === 'absent' ? state : { ...state, status: 'approved' };
      case 'QuestionRejected':
        return state.status === 'absent' ? state : { ...state, status: 'rejected' };
      case 'QuestionAnswered':
        return state.status === 'absent' ? state : { ...state, answered: true };
    }
  },
};

export type UpvoteEvent = Event<'QuestionUpvoted', QuestionId>;
export type UpvoteCommand = Command<'UpvoteQuestion', QuestionId, { question: Question; meeting: Meeting }>;

/** `questionUpvote-<questionId>.<voterId>`: one person's upvote of one question, named by their pseudonym for it. */
export const UPVOTE_CATEGORY = 'questionUpvote';
export const upvoteStream = (questionId: string, voterId: string) => `${UPVOTE_CATEGORY}-${questionId}.${voterId}`;

/** Once per person: upvoting again changes nothing. Only approved questions of a meeting not over are upvoted. */
export const upvoteDecider: Decider<{ upvoted: boolean }, UpvoteCommand, UpvoteEvent> = {
  initialState: () => ({ upvoted: false }),

  decide({ data, context }, state) {
    const meeting = existingMeeting(context.meeting, data.meetingId);
    const question = existingQuestion(context.question, data.questionId);
    if (question.meetingId !== data.meetingId) return refuse('not-found', t`question ${data.questionId} not found`);
    if (question.status !== 'approved') return refuse('question-not-approved', t`only an approved question can be upvoted`);
    ensureMeetingStatus(meeting, ['scheduled', 'in-progress'], t`upvote a question`);
    if (state.upvoted) return [];
    return [{ type: 'QuestionUpvoted', data }];
  },

  evolve: () => ({ upvoted: true }),
};
