import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { t } from '@cocrea/platform/i18n/text';
import { existingMeeting, type Meeting } from './meeting.decider';

export interface PollVote {
  meetingId: string;
  pollId: string;
  participantId: string;
  /** The option ids chosen: one, or up to the poll's `maxChoices` in a multiple-choice poll. */
  choices: string[];
}

export type PollBallotEvent = Event<'PollVoteCast', PollVote>;

export type PollBallotCommand = Command<'CastPollVote', PollVote, { meeting: Meeting }>;

/**
 * `pollBallot-<pollId>.<participantId>`: one voter's vote in one poll, named by their pseudonym in that poll, as a
 * consultation's ballots are: voters never contend, and without the ballot key nobody can tell whose vote it is.
 */
export const POLL_BALLOT_CATEGORY = 'pollBallot';
export const pollBallotStream = (pollId: string, participantId: string) => `${POLL_BALLOT_CATEGORY}-${pollId}.${participantId}`;

/** One vote per voter while the poll is open; voting again replaces it, as a PUT does. */
export const pollBallotDecider: Decider<{ choices: string[] }, PollBallotCommand, PollBallotEvent> = {
  initialState: () => ({ choices: [] }),

  decide({ data, context }, state) {
    const meeting = existingMeeting(context.meeting, data.meetingId);
    const poll = meeting.polls[data.pollId];
    if (!poll) return refuse('not-found', t`poll ${data.pollId} not found`);
    if (poll.status !== 'open') return refuse('poll-closed', t`poll ${data.pollId} is closed, votes are taken only while it is open`);
    const choices = data.choices;
    if (choices.length === 0) return refuse('choice-required', t`choose at least one option`);
    if (new Set(choices).size !== choices.length) return refuse('duplicate-choices', t`choose each option at most once`);
    const unknown = choices.filter((choice) => !poll.optionIds.includes(choice));
    if (unknown.length > 0) {
      return refuse('unknown-option', t`${unknown.join(', ')} is not an option of poll ${data.pollId}`, { options: poll.optionIds });
    }
    if (choices.length > poll.maxChoices) {
      return refuse('too-many-choices', t`choose at most ${poll.maxChoices} options`, { maxChoices: poll.maxChoices });
    }
    const same = choices.length === state.choices.length && choices.every((choice) => state.choices.includes(choice));
    if (same) return [];
    return [{ type: 'PollVoteCast', data: { ...data, choices: [...choices] } }];
  },

  evolve: (_, event) => ({ choices: [...event.data.choices] }),
};
