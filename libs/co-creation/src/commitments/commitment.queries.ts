import { found, streamDocumentAsOf, type LogMoment, type ReadSide, t } from '@cocrea/platform';
import { commitmentStream } from './commitment.decider';
import { COMMITMENTS, commitmentProjection, type CommitmentView } from './commitment.projection';

/** Commitments in adoption order, optionally of one plan. */
export const commitments = (read: ReadSide, planId?: string): CommitmentView[] =>
  read.models.find<CommitmentView>(COMMITMENTS, planId === undefined ? {} : { planId });

export const commitmentById = (read: ReadSide, commitmentId: string): CommitmentView =>
  found(read.models.get<CommitmentView>(COMMITMENTS, commitmentId), t`commitment`, commitmentId);

/** The commitment as it was at a moment of the log (a position or a time), with that moment. */
export const commitmentAsOf = (read: ReadSide, commitmentId: string, asOf: string): Promise<CommitmentView & { asOf: LogMoment }> =>
  streamDocumentAsOf<CommitmentView>(read.store, asOf, {
    streamId: commitmentStream(commitmentId),
    projection: commitmentProjection,
    collection: COMMITMENTS,
    entity: t`commitment`,
    id: commitmentId,
  });
