import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import type { Consultation } from './consultation.decider';
import { t } from '@cocrea/platform/i18n/text';

/**
 * A ballot is one participant's votes in one consultation. It is its own stream so that voters never
 * contend with each other; the per-person rules (one vote per proposal, the vote limit) hold there.
 */
export type BallotEvent =
  | Event<'VoteCast', { consultationId: string; participantId: string; proposalId: string }>
  | Event<'VoteRetracted', { consultationId: string; participantId: string; proposalId: string }>;

type Vote = { consultationId: string; participantId: string; proposalId: string };

/** `context.consultation` is the consultation's current state, read from its stream. */
export type BallotCommand =
  Command<'CastVote', Vote, { consultation: Consultation }> | Command<'RetractVote', Vote, { consultation: Consultation }>;

export interface Ballot {
  /** The proposals this participant currently votes for, in the order the votes were cast. */
  votes: string[];
}

/** `ballot-<consultationId>.<participantId>`: the consultation id is a UUID, so the first dot separates the two. */
export const BALLOT_CATEGORY = 'ballot';
export const ballotStream = (consultationId: string, participantId: string) => `${BALLOT_CATEGORY}-${consultationId}.${participantId}`;

/** The rules every vote and retraction share: the consultation must be open and consult on the proposal. */
const checkOpenFor = (consultation: Consultation, consultationId: string, proposalId: string) => {
  if (consultation.status === 'absent') return refuse('not-found', t`consultation ${consultationId} not found`);
  if (consultation.status !== 'open') {
    return refuse(
      'consultation-not-open',
      t`consultation ${consultationId} is ${consultation.status}, votes are taken only while it is open`,
      {
        status: consultation.status,
      },
    );
  }
  if (!consultation.proposalIds.includes(proposalId)) {
    return refuse('proposal-not-in-consultation', t`proposal ${proposalId} is not part of consultation ${consultationId}`, { proposalId });
  }
  return consultation;
};

export const ballotDecider: Decider<Ballot, BallotCommand, BallotEvent> = {
  initialState: () => ({ votes: [] }),

  decide(command, state) {
    const { data } = command;
    const { consultation } = command.context;
    const open = checkOpenFor(consultation, data.consultationId, data.proposalId);
    switch (command.type) {
      case 'CastVote': {
        // Casting the same vote again changes nothing: the client may safely repeat a PUT.
        if (state.votes.includes(data.proposalId)) return [];
        const limit = open.rules.maxVotesPerParticipant;
        if (state.votes.length >= limit) {
          return refuse('vote-limit-reached', t`each participant may vote for at most ${limit} proposals`, {
            maxVotesPerParticipant: limit,
            votes: [...state.votes],
          });
        }
        return [{ type: 'VoteCast', data }];
      }
      case 'RetractVote': {
        if (!open.rules.allowRetraction)
          return refuse('retraction-not-allowed', t`the rules of this consultation do not allow retracting a vote`);
        if (!state.votes.includes(data.proposalId)) {
          return refuse('no-such-vote', t`there is no vote for proposal ${data.proposalId} to retract`, { proposalId: data.proposalId });
        }
        return [{ type: 'VoteRetracted', data }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'VoteCast':
        return { votes: [...state.votes, event.data.proposalId] };
      case 'VoteRetracted':
        return { votes: state.votes.filter((id) => id !== event.data.proposalId) };
    }
  },
};
