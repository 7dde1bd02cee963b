import {
  existedAsOf,
  found,
  idOfStream,
  isModerator,
  pastState,
  resolveAsOf,
  streamDocumentAsOf,
  type Actor,
  type LogMoment,
  type ReadSide,
  t,
} from '@cocrea/platform';
import { pseudonymOf } from './ballot-key';
import { ballotStream } from './ballot.decider';
import { consultationStream, type ConsultationStatus } from './consultation.decider';
import {
  BALLOTS,
  CONSULTATIONS,
  TALLIES,
  ballotsFeed,
  consultationProjection,
  type BallotView,
  type ConsultationView,
  type TallyView,
} from './consultation.projection';
import { myBallot, resultsFor, type ConsultationResults } from './consultation.results';

/** Consultations in creation order, filtered by plan and status. */
export const consultations = (read: ReadSide, filter: { planId?: string; status?: ConsultationStatus }): ConsultationView[] =>
  read.models.find<ConsultationView>(CONSULTATIONS, filter);

export const consultationById = (read: ReadSide, consultationId: string): ConsultationView =>
  found(read.models.get<ConsultationView>(CONSULTATIONS, consultationId), t`consultation`, consultationId);

/** The consultation as it was at a moment of the log (a position or a time), with that moment. */
export const consultationAsOf = (read: ReadSide, consultationId: string, asOf: string): Promise<ConsultationView & { asOf: LogMoment }> =>
  streamDocumentAsOf<ConsultationView>(read.store, asOf, {
    streamId: consultationStream(consultationId),
    projection: consultationProjection,
    collection: CONSULTATIONS,
    entity: t`consultation`,
    id: consultationId,
  });

/** The results as this viewer may see them (the same `resultsFor` the live tally uses). */
export const consultationResults = (read: ReadSide, consultationId: string, viewer: Actor | undefined): ConsultationResults => {
  const consultation = consultationById(read, consultationId);
  const tally = found(read.models.get<TallyView>(TALLIES, consultationId), t`consultation`, consultationId);
  return resultsFor(consultation, tally, isModerator(viewer));
};

/**
 * The results as of a moment: the consultation's stream and its ballot events up to then, folded in log order by
 * the projection of the live tally, shown under the visibility rules as they stood then to the viewer's role.
 */
export const consultationResultsAsOf = async (
  read: ReadSide,
  consultationId: string,
  asOf: string,
  viewer: Actor | undefined,
): Promise<ConsultationResults & { asOf: LogMoment }> => {
  const moment = await resolveAsOf(read.store, asOf);
  const models = await pastState(read, consultationProjection, moment, {
    streams: [consultationStream(consultationId)],
    feeds: [ballotsFeed(consultationId)],
  });
  const consultation = existedAsOf(models.get<ConsultationView>(CONSULTATIONS, consultationId), t`consultation`, consultationId, moment);
  const tally = models.get<TallyView>(TALLIES, consultationId) as TallyView;
  return { ...resultsFor(consultation, tally, isModerator(viewer)), asOf: moment };
};

/** The viewer's own ballot: no query shows anyone else's. */
export const ballotOf = (read: ReadSide, ballotKey: string, consultationId: string, voter: Actor) => {
  const consultation = consultationById(read, consultationId);
  const participant = consultation.ballots === 'secret' ? pseudonymOf(ballotKey, consultationId, voter.id) : voter.id;
  const ballotId = idOfStream(ballotStream(consultationId, participant));
  return myBallot(consultation, ballotId, read.models.get<BallotView>(BALLOTS, ballotId));
};
