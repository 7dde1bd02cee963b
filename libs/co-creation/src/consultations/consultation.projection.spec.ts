import type { RecordedEvent } from '@cocrea/event-store';
import { ServingReadModels } from '@cocrea/platform';
import {
  BALLOTS,
  BallotView,
  CONSULTATIONS,
  ConsultationView,
  TALLIES,
  TallyView,
  consultationProjection,
} from './consultation.projection';
import { resultsFor } from './consultation.results';

const C = 'c1';
let position = 0;
const revisions = new Map<string, number>();
const recorded = (streamId: string, type: string, data: object, actorId = 'mod-1'): RecordedEvent => {
  const revision = (revisions.get(streamId) ?? 0) + 1;
  revisions.set(streamId, revision);
  position += 1;
  const recordedAt = `2017-05-01T00:00:${String(position).padStart(2, '0')}Z`;
  return { id: `e${position}`, streamId, type, data, metadata: { actorId }, revision, position, recordedAt, hash: '' };
};
const consultation = (type: string, data: object = {}) => recorded(`consultation-${C}`, type, { consultationId: C, ...data });
const ballot = (participantId: string, type: 'VoteCast' | 'VoteRetracted', proposalId: string) =>
  recorded(`ballot-${C}.${participantId}`, type, { consultationId: C, participantId, proposalId }, participantId);

const scheduled = () =>
  consultation('ConsultationScheduled', {
    planId: 'plan-1',
    title: 'Priorización',
    proposalIds: ['a', 'b', 'c'],
    rules: { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'after-close' },
  });

describe('consultation projection', () => {
  let models: ServingReadModels;
  beforeEach(() => {
    models = new ServingReadModels(':memory:');
    position = 0;
    revisions.clear();
  });
  afterEach(() => models.close());
  const apply = (events: RecordedEvent[]) => events.forEach((event) => consultationProjection.apply(event, models));

  it('counts votes and turnout, and drops a participant from turnout when their last vote is retracted', () => {
    apply([scheduled(), consultation('ConsultationOpened')]);
    apply([ballot('ana', 'VoteCast', 'b'), ballot('ana', 'VoteCast', 'c'), ballot('beto', 'VoteCast', 'b')]);
    expect(models.get<TallyView>(TALLIES, C)).toEqual({ id: C, votes: { a: 0, b: 2, c: 1 }, turnout: 2, position: 5 });
    apply([ballot('ana', 'VoteRetracted', 'b'), ballot('beto', 'VoteRetracted', 'b')]);
    expect(models.get<TallyView>(TALLIES, C)).toEqual({ id: C, votes: { a: 0, b: 0, c: 1 }, turnout: 1, position: 7 });
    expect(models.get<BallotView>(BALLOTS, `${C}.ana`)).toMatchObject({
      consultationId: C,
      participantId: 'ana',
      votes: ['c'],
      revision: 3,
    });
  });

  it('ignores ballot events that come after ConsultationClosed in the global log', () => {
    apply([scheduled(), consultation('ConsultationOpened'), ballot('ana', 'VoteCast', 'a'), consultation('ConsultationClosed')]);
    apply([ballot('beto', 'VoteCast', 'a'), ballot('ana', 'VoteRetracted', 'a')]);
    expect(models.get<TallyView>(TALLIES, C)).toEqual({ id: C, votes: { a: 1, b: 0, c: 0 }, turnout: 1, position: 3 });
    expect(models.get<BallotView>(BALLOTS, `${C}.beto`)).toBeUndefined();
    expect(models.get<BallotView>(BALLOTS, `${C}.ana`)?.votes).toEqual(['a']);
  });

  it('records where the consultation opened and closed, and its status through pauses', () => {
    apply([scheduled(), consultation('ConsultationOpened'), consultation('ConsultationPaused')]);
    expect(models.get<ConsultationView>(CONSULTATIONS, C)).toMatchObject({ status: 'paused', openedPosition: 2, revision: 3 });
    apply([consultation('ConsultationResumed'), consultation('ConsultationClosed')]);
    expect(models.get<ConsultationView>(CONSULTATIONS, C)).toMatchObject({
      id: C,
      planId: 'plan-1',
      status: 'closed',
      createdBy: 'mod-1',
      openedPosition: 2,
      openedAt: '2017-05-01T00:00:02Z',
      closedPosition: 5,
      closedAt: '2017-05-01T00:00:05Z',
      revision: 5,
      position: 5,
    });
  });

  describe('results as each viewer sees them', () => {
    const view = () => models.get<ConsultationView>(CONSULTATIONS, C)!;
    const tally = () => models.get<TallyView>(TALLIES, C)!;
    beforeEach(() =>
      apply([
        scheduled(),
        consultation('ConsultationOpened'),
        ballot('ana', 'VoteCast', 'c'),
        ballot('beto', 'VoteCast', 'a'),
        ballot('beto', 'VoteCast', 'c'),
      ]),
    );

    it('sorts by votes, ties in the order of the consultation', () =>
      expect(resultsFor(view(), tally(), true).results).toEqual([
        { proposalId: 'c', votes: 2 },
        { proposalId: 'a', votes: 1 },
        { proposalId: 'b', votes: 0 },
      ]));

    it('omits results from participants until the close when they are hidden, but always shows turnout', () => {
      const hidden = resultsFor(view(), tally(), false);
      expect(hidden).toEqual({ consultationId: C, status: 'open', tallyVisibility: 'after-close', turnout: 2, position: 5 });
      apply([consultation('ConsultationClosed')]);
      expect(resultsFor(view(), tally(), false).results).toHaveLength(3);
    });
  });
});
