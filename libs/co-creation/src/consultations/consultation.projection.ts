import type { RecordedEvent } from '@cocrea/event-store';
import { idOfStream, isOfCategory, touchedBy, type Projection, type ReadModelWriter } from '@cocrea/platform';
import { BALLOT_CATEGORY, type BallotEvent } from './ballot.decider';
import { CONSULTATION_CATEGORY, type ConsultationEvent, type ConsultationRules, type ConsultationStatus } from './consultation.decider';

export const CONSULTATIONS = 'consultations';
/** Counted votes per proposal and turnout, one document per consultation. Served only through visibility rules. */
export const TALLIES = 'consultation-tallies';
/** Each participant's counted votes. Served only to that participant. */
export const BALLOTS = 'ballots';

/**
 * The ballot events of one consultation, filed at their positions: results as of an earlier position fold them
 * with the consultation's stream, without scanning the whole log. Never served as such (ballots are secret).
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

const countBallotEvent = (event: BallotEvent & RecordedEvent, models: ReadModelWriter) => {
  const { consultationId, participantId, proposalId } = event.data;
  const consultation = models.get<ConsultationView>(CONSULTATIONS, consultationId);
  // The tally is what precedes ConsultationClosed in global order: a ballot event after it is not counted.
  if (!consultation || consultation.status === 'closed') return;
  const ballotId = idOfStream(event.streamId);
  const ballot = models.get<BallotView>(BALLOTS, ballotId) ?? {
    id: ballotId,
    consultationId,
    participantId,
    votes: [],
    revision: 0,
    position: 0,
    updatedAt: event.recordedAt,
  };
  const votes = event.type === 'VoteCast' ? [...ballot.votes, proposalId] : ballot.votes.filter((id) => id !== proposalId);
  models.put<BallotView>(BALLOTS, ballotId, { ...ballot, votes, revision: event.revision, position: event.position, updatedAt: event.recordedAt });
  const joined = ballot.votes.length === 0 && votes.length > 0 ? 1 : 0;
  const left = ballot.votes.length > 0 && votes.length === 0 ? 1 : 0;
  // The tally changes on every vote: it is changed where it stands and put back, not copied (see ReadModelWriter).
  const tally = models.get<TallyView>(TALLIES, consultationId);
  if (!tally) return;
  tally.votes[proposalId] = (tally.votes[proposalId] ?? 0) + (event.type === 'VoteCast' ? 1 : -1);
  tally.turnout += joined - left;
  tally.position = event.position;
  models.put<TallyView>(TALLIES, consultationId, tally);
};

/** What the ballot index keeps of a ballot event: enough to recount a tally as of any position, no metadata. */
export type IndexedBallotEvent = Pick<RecordedEvent, 'id' | 'streamId' | 'type' | 'data' | 'revision' | 'position' | 'recordedAt'>;

const indexed = ({ id, streamId, type, data, revision, position, recordedAt }: RecordedEvent): IndexedBallotEvent => ({
  id,
  streamId,
  type,
  data,
  revision,
  position,
  recordedAt,
});

/** A ballot event read back from the index, shaped for the projection that recounts it. */
export const fromBallotIndex = (entry: IndexedBallotEvent): RecordedEvent => ({ metadata: {}, hash: '', ...entry });

export const consultationProjection: Projection = {
  name: 'consultations',
  apply(recorded: RecordedEvent, models: ReadModelWriter) {
    if (!isOfCategory(recorded, CONSULTATION_CATEGORY, BALLOT_CATEGORY)) return;
    const event = recorded as unknown as (ConsultationEvent | BallotEvent) & RecordedEvent;
    const touched = touchedBy(recorded);
    const change = (fields: Partial<ConsultationView>) =>
      models.update<ConsultationView>(CONSULTATIONS, event.data.consultationId, (view) => ({ ...view, ...fields, ...touched }));
    switch (event.type) {
      case 'ConsultationScheduled': {
        const { consultationId, ...fields } = event.data;
        models.put<ConsultationView>(CONSULTATIONS, consultationId, {
          id: consultationId,
          ...fields,
          status: 'scheduled',
          createdBy: recorded.metadata.actorId ?? 'unknown',
          createdAt: recorded.recordedAt,
          ...touched,
        });
        models.put<TallyView>(TALLIES, consultationId, {
          id: consultationId,
          votes: Object.fromEntries(fields.proposalIds.map((id) => [id, 0])),
          turnout: 0,
          position: recorded.position,
        });
        return;
      }
      case 'ConsultationOpened':
        return change({ status: 'open', openedAt: recorded.recordedAt, openedPosition: recorded.position });
      case 'ConsultationResumed':
        return change({ status: 'open' });
      case 'ConsultationPaused':
        return change({ status: 'paused' });
      case 'ConsultationClosed':
        return change({ status: 'closed', closedAt: recorded.recordedAt, closedPosition: recorded.position });
      case 'VoteCast':
      case 'VoteRetracted':
        models.appendToFeed(ballotsFeed(event.data.consultationId), recorded.position, indexed(recorded));
        return countBallotEvent(event, models);
    }
  },
};
