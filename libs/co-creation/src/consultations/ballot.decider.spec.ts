import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import { BallotCommand, BallotEvent, ballotDecider } from './ballot.decider';
import { Consultation, ConsultationRules } from './consultation.decider';

const spec = DeciderSpecification.for(ballotDecider);

const rules: ConsultationRules = { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'live' };
const consultation = (
  status: Exclude<Consultation['status'], 'absent'> = 'open',
  overrides: Partial<ConsultationRules> = {},
): Consultation => ({
  status,
  consultationId: 'c1',
  planId: 'plan-1',
  title: 'Priorización',
  proposalIds: ['a', 'b', 'c'],
  rules: { ...rules, ...overrides },
});
const vote = (proposalId: string) => ({ consultationId: 'c1', participantId: 'ana', proposalId });
const cast = (proposalId: string, state: Consultation = consultation()): BallotCommand => ({
  type: 'CastVote',
  data: vote(proposalId),
  context: { consultation: state },
});
const retract = (proposalId: string, state: Consultation = consultation()): BallotCommand => ({
  type: 'RetractVote',
  data: vote(proposalId),
  context: { consultation: state },
});
const voteCast = (proposalId: string): BallotEvent => ({ type: 'VoteCast', data: vote(proposalId) });
const retracted = (proposalId: string): BallotEvent => ({ type: 'VoteRetracted', data: vote(proposalId) });

describe('ballot decider', () => {
  describe('casting a vote', () => {
    it('records a vote for a proposal of the open consultation', () =>
      spec
        .given([])
        .when(cast('a'))
        .then([voteCast('a')]));

    it('records a second vote within the limit', () =>
      spec
        .given([voteCast('a')])
        .when(cast('b'))
        .then([voteCast('b')]));

    it('does nothing when the same vote is cast again (one vote per proposal)', () =>
      spec
        .given([voteCast('a')])
        .when(cast('a'))
        .thenNothingHappens());

    it('repeating a vote at the limit is still a no-op, not a refusal', () =>
      spec
        .given([voteCast('a'), voteCast('b')])
        .when(cast('a'))
        .thenNothingHappens());

    it('refuses a vote beyond the limit', () =>
      spec
        .given([voteCast('a'), voteCast('b')])
        .when(cast('c'))
        .thenThrows('vote-limit-reached', (e) => expect(e.details).toEqual({ maxVotesPerParticipant: 2, votes: ['a', 'b'] })));

    it('counts only current votes towards the limit: a retracted vote frees a place', () =>
      spec
        .given([voteCast('a'), voteCast('b'), retracted('a')])
        .when(cast('c'))
        .then([voteCast('c')]));

    it('accepts a vote again after it was retracted', () =>
      spec
        .given([voteCast('a'), retracted('a')])
        .when(cast('a'))
        .then([voteCast('a')]));

    it('refuses a proposal that is not in the consultation', () =>
      spec
        .given([])
        .when(cast('zzz'))
        .thenThrows('proposal-not-in-consultation', (e) => expect(e.details).toEqual({ proposalId: 'zzz' })));

    it.each(['scheduled', 'paused', 'closed'] as const)('refuses a vote while the consultation is %s', (status) =>
      spec
        .given([])
        .when(cast('a', consultation(status)))
        .thenThrows('consultation-not-open', (e) => expect(e.details).toEqual({ status })),
    );

    it('refuses a repeated vote once the consultation is closed', () =>
      spec
        .given([voteCast('a')])
        .when(cast('a', consultation('closed')))
        .thenThrows('consultation-not-open'));

    it('refuses a vote in an unknown consultation with not-found', () =>
      spec
        .given([])
        .when(cast('a', { status: 'absent' }))
        .thenThrows('not-found'));
  });

  describe('retracting a vote', () => {
    it('retracts a vote when the rules allow it', () =>
      spec
        .given([voteCast('a')])
        .when(retract('a'))
        .then([retracted('a')]));

    it('refuses when the rules forbid retraction', () =>
      spec
        .given([voteCast('a')])
        .when(retract('a', consultation('open', { allowRetraction: false })))
        .thenThrows('retraction-not-allowed'));

    it('refuses to retract a vote that was never cast', () =>
      spec
        .given([voteCast('b')])
        .when(retract('a'))
        .thenThrows('no-such-vote', (e) => expect(e.details).toEqual({ proposalId: 'a' })));

    it('refuses to retract a vote twice', () =>
      spec
        .given([voteCast('a'), retracted('a')])
        .when(retract('a'))
        .thenThrows('no-such-vote'));

    it('refuses a proposal that is not in the consultation', () =>
      spec.given([]).when(retract('zzz')).thenThrows('proposal-not-in-consultation'));

    it.each(['scheduled', 'paused', 'closed'] as const)('refuses a retraction while the consultation is %s', (status) =>
      spec
        .given([voteCast('a')])
        .when(retract('a', consultation(status)))
        .thenThrows('consultation-not-open'),
    );

    it('refuses a retraction in an unknown consultation with not-found', () =>
      spec
        .given([])
        .when(retract('a', { status: 'absent' }))
        .thenThrows('not-found'));
  });

  it('folds the votes in the order they were cast', () => {
    const state = [voteCast('a'), voteCast('c'), retracted('a'), voteCast('b')].reduce(ballotDecider.evolve, ballotDecider.initialState());
    expect(state).toEqual({ votes: ['c', 'b'] });
  });
});
