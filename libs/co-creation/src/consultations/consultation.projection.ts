import { idOfStream, projection, touchedBy, type ReadModelWriter, type Recorded } from '@cocrea/platform';
import { BALLOT_CATEGORY, type BallotEvent } from './ballot.decider';
import { CONSULTATION_CATEGORY, type ConsultationEvent, type ConsultationRules, type ConsultationStatus } from './consultation.decider';

export const CONSULTATIONS = 'consultations';
/** Counted votes per proposal and turnout, one document per consultation. Served only through visibility rules. */
export const TALLIES = 'consultation-tallies';
/** Each participant's counted votes. Served only to that participant. */
export const BALLOTS = 'ballots';

/**
 * The positions of one consultation's ballot events: results as of an earlier position read those events from
 * the log and fold them with the consultation's stream, without scanning the whole log. Never served as such
 * (ballots are secret).
 */
export const ballotsFeed = (consultationId: string) => `ballots:${consultationId}`;

export interface ConsultationView {
  id: string;
  planId: string;
  title: string;
  proposalIds: string[];
  rules: ConsultationRules;
  opensAt?: string;
  closesAt?: string;
  /** `secret` for every consultation scheduled since ballots are secret (see ConsultationScheduledData). */
  ballots?: 'secret';
  status: ConsultationStatus;
  createdBy: string;
  createdAt: string;
  /** When and where in the global log the consultation first opened. */
  openedAt?: string;
  openedPosition?: number;
  /** When and where it closed: the tally counts exactly the votes before `closedPosition`. */
  closedAt?: string;
  closedPosition?: number;
  updatedAt: string;
  /** The consultation stream's revision and the position of its last event. */
  revision: number;
  position: number;
}

export interface TallyView {
  id: string;
  /** Counted votes per proposal id. */
  votes: Record<string, number>;
  /** Distinct participants with at least one counted vote. */
  turnout: number;
  /** Position of the last ballot event counted. */
  position: number;
}

export interface BallotView {
  id: string;
  consultationId: string;
  participantId: string;
  votes: string[];
  revision: number;
  position: number;
  updatedAt: string;
}

const countBallotEvent = (event: Recorded<BallotEvent>, models: ReadModelWriter) => {
  const { consultationId, participantId, proposalId } = event.data;
  const consultation = models.get<ConsultationView>(CONSULTATIONS, consultationId);
  // The tally is what precedes ConsultationClosed in global order: a ballot event after it is not counted.
  if (!consultation || consultation.status === 'closed') return;
  const ballotId = idOfStream(event.streamId);
  // Ballots and tallies change on every vote: they are changed where they stand and put back, not copied
  // (see ReadModelWriter).
  const ballot = models.get<BallotView>(BALLOTS, ballotId) ?? {
    id: ballotId,
    consultationId,
    participantId,
    votes: [],
    revision: 0,
    position: 0,
    updatedAt: event.recordedAt,
  };
  const votedBefore = ballot.votes.length > 0;
  if (event.type === 'VoteCast') ballot.votes.push(proposalId);
  else ballot.votes = ballot.votes.filter((id) => id !== proposalId);
  ballot.revision = event.revision;
  ballot.position = event.position;
  ballot.updatedAt = event.recordedAt;
  models.put<BallotView>(BALLOTS, ballotId, ballot);
  const votesNow = ballot.votes.length > 0;
  const joined = !votedBefore && votesNow ? 1 : 0;
  const left = votedBefore && !votesNow ? 1 : 0;
  const tally = models.get<TallyView>(TALLIES, consultationId);
  if (!tally) return;
  tally.votes[proposalId] = (tally.votes[proposalId] ?? 0) + (event.type === 'VoteCast' ? 1 : -1);
  tally.turnout += joined - left;
  tally.position = event.position;
  models.put<TallyView>(TALLIES, consultationId, tally);
};

export const consultationProjection = projection<ConsultationEvent | BallotEvent>({
  name: 'consultations',
  categories: [CONSULTATION_CATEGORY, BALLOT_CATEGORY],
  indexes: [
    { collection: CONSULTATIONS, fields: [] },
    { collection: CONSULTATIONS, fields: ['planId'] },
  ],
  apply(event, models) {
    if (event.type === 'VoteCast' || event.type === 'VoteRetracted') {
      // The most frequent events of all: counted before anything else is made for them.
      models.appendToFeed(ballotsFeed(event.data.consultationId), event.position);
      return countBallotEvent(event, models);
    }
    const change = (fields: Partial<ConsultationView>) =>
      models.update<ConsultationView>(CONSULTATIONS, event.data.consultationId, (view) => ({ ...view, ...fields, ...touchedBy(event) }));
    switch (event.type) {
      case 'ConsultationScheduled': {
        const { consultationId, ...fields } = event.data;
        models.put<ConsultationView>(CONSULTATIONS, consultationId, {
          id: consultationId,
          ...fields,
          status: 'scheduled',
          createdBy: event.metadata.actorId ?? 'unknown',
          createdAt: event.recordedAt,
          ...touchedBy(event),
        });
        models.put<TallyView>(TALLIES, consultationId, {
          id: consultationId,
          votes: Object.fromEntries(fields.proposalIds.map((id) => [id, 0])),
          turnout: 0,
          position: event.position,
        });
        return;
      }
      case 'ConsultationOpened':
        return change({ status: 'open', openedAt: event.recordedAt, openedPosition: event.position });
      case 'ConsultationResumed':
        return change({ status: 'open' });
      case 'ConsultationPaused':
        return change({ status: 'paused' });
      case 'ConsultationClosed':
        return change({ status: 'closed', closedAt: event.recordedAt, closedPosition: event.position });
    }
  },
});
