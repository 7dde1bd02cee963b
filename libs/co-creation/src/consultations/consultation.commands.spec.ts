import { CommandSpecification, sentBy } from '@cocrea/platform/testing/command-specification';
import type { Role } from '@cocrea/platform';
import { planStream, type PlanEvent } from '../plans';
import { proposalStream, type ProposalEvent } from '../proposals';
import { pseudonymOf } from './ballot-key';
import { ballotStream } from './ballot.decider';
import { castVote, retractVote, scheduleConsultation } from './consultation.commands';
import { consultationStream, type ConsultationEvent } from './consultation.decider';

const spec = CommandSpecification.withSqlite();
afterEach(() => spec.close());

const PLAN = '6a1b3c2d-0000-4000-8000-000000000001';
const C = '6a1b3c2d-0000-4000-8000-0000000000c1';
const [A, B] = ['6a1b3c2d-0000-4000-8000-00000000000a', '6a1b3c2d-0000-4000-8000-00000000000b'];
const ana = sentBy({ id: 'ana', name: 'Ana', roles: ['participant'] as Role[] });
const marta = sentBy({ id: 'marta', name: 'Marta', roles: ['moderator'] as Role[] });

const rules = { maxVotesPerParticipant: 1, allowRetraction: true, tallyVisibility: 'live' as const };
const scheduled: ConsultationEvent = {
  type: 'ConsultationScheduled',
  data: { consultationId: C, planId: PLAN, title: 'Priorización', proposalIds: [A, B], rules, ballots: 'secret' },
};
/** Ana's ballot in C: her pseudonym, under the deployment's ballot key. */
const KEY = 'k'.repeat(48);
const ANA = pseudonymOf(KEY, C, 'ana');
const opened: ConsultationEvent = { type: 'ConsultationOpened', data: { consultationId: C } };
const paused: ConsultationEvent = { type: 'ConsultationPaused', data: { consultationId: C } };
const closed: ConsultationEvent = { type: 'ConsultationClosed', data: { consultationId: C } };
const vote = (proposalId: string, participantId = ANA) => ({ consultationId: C, participantId, proposalId });

const planCreated: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: PLAN, title: 'III Plan', country: 'CO', periodStart: '2017-01-01', periodEnd: '2019-06-30', themes: ['transparency'] },
};
const drafted = (proposalId: string): ProposalEvent => ({
  type: 'ProposalDrafted',
  data: {
    proposalId,
    planId: PLAN,
    workingGroupId: 'wg',
    title: `Proposal ${proposalId}`,
    leadEntity: 'MinTIC',
    branch: 'executive',
    themes: ['transparency'],
    sections: { problem: 'p', objective: 'o', description: 'd' },
  },
});
const submitted = (proposalId: string): ProposalEvent => ({ type: 'ProposalSubmitted', data: { proposalId } });

describe('consultation commands: rules across streams', () => {
  describe('a ballot is decided against the consultation', () => {
    it('casts a vote while the consultation is open, in the voter’s own ballot stream', () =>
      spec
        .given({ [consultationStream(C)]: [scheduled, opened] })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: A }, ana))
        .then({ [ballotStream(C, ANA)]: [{ type: 'VoteCast', data: vote(A) }] }));

    it.each([
      ['scheduled', [scheduled]],
      ['paused', [scheduled, opened, paused]],
      ['closed', [scheduled, opened, closed]],
    ])('refuses a vote while the consultation is %s, recording nothing', (_, history) =>
      spec
        .given({ [consultationStream(C)]: history })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: A }, ana))
        .thenRefuses('consultation-not-open'),
    );

    it('refuses a vote that races a close: the ballot is conditioned on the consultation as it was read', () =>
      spec
        .given({ [consultationStream(C)]: [scheduled, opened] })
        .meanwhile({ [consultationStream(C)]: [closed] })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: A }, ana))
        .thenRefuses('consultation-not-open'));

    it('applies the vote limit to the ballot as it is when decided', () =>
      spec
        .given({ [consultationStream(C)]: [scheduled, opened], [ballotStream(C, ANA)]: [{ type: 'VoteCast', data: vote(A) }] })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: B }, ana))
        .thenRefuses('vote-limit-reached'));

    it('answers a repeated vote with the vote it repeats, appending nothing', async () => {
      const answer = (await spec
        .given({ [consultationStream(C)]: [scheduled, opened], [ballotStream(C, ANA)]: [{ type: 'VoteCast', data: vote(A) }] })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: A }, ana))
        .then({})) as { id: string; revision: number; position: number };
      expect(answer).toEqual({ id: `${C}.${ANA}`, revision: 1, position: 3 });
    });

    it('keeps the ballots of a consultation scheduled before secret ballots named by user id, one ballot each', () => {
      const { ballots: _, ...named } = scheduled.data as Extract<ConsultationEvent, { type: 'ConsultationScheduled' }>['data'];
      return spec
        .given({
          [consultationStream(C)]: [{ type: 'ConsultationScheduled', data: named }, opened],
          [ballotStream(C, 'ana')]: [{ type: 'VoteCast', data: vote(A, 'ana') }],
        })
        .when((commands) => castVote(commands, KEY, { consultationId: C, proposalId: B }, ana))
        .thenRefuses('vote-limit-reached');
    });

    it('refuses a retraction that races a pause', () =>
      spec
        .given({ [consultationStream(C)]: [scheduled, opened], [ballotStream(C, ANA)]: [{ type: 'VoteCast', data: vote(A) }] })
        .meanwhile({ [consultationStream(C)]: [paused] })
        .when((commands) => retractVote(commands, KEY, { consultationId: C, proposalId: A }, ana))
        .thenRefuses('consultation-not-open'));
  });

  describe('a consultation is scheduled against its plan and proposals', () => {
    const history = {
      [planStream(PLAN)]: [planCreated],
      [proposalStream(A)]: [drafted(A), submitted(A)],
      [proposalStream(B)]: [drafted(B), submitted(B)],
    };
    const schedule = { planId: PLAN, title: 'Priorización', proposalIds: [A, B], rules };

    it('schedules over submitted proposals of the plan', () =>
      spec
        .given(history)
        .when((commands) => scheduleConsultation(commands, schedule, marta))
        .thenAppended((appended, outcome) => {
          const { id } = outcome as { id: string };
          expect(appended).toEqual({
            [consultationStream(id)]: [{ type: 'ConsultationScheduled', data: { consultationId: id, ...schedule, ballots: 'secret' } }],
          });
        }));

    it('refuses a proposal withdrawn while the consultation was being scheduled', () =>
      spec
        .given(history)
        .meanwhile({ [proposalStream(B)]: [{ type: 'ProposalWithdrawn', data: { proposalId: B } }] })
        .when((commands) => scheduleConsultation(commands, schedule, marta))
        .thenRefuses('proposal-not-submitted', (error) => expect(error.details).toMatchObject({ proposalId: B, status: 'withdrawn' })));

    it('refuses a plan that does not exist', () =>
      spec
        .given({})
        .when((commands) => scheduleConsultation(commands, schedule, marta))
        .thenRefuses('not-found'));
  });
});
