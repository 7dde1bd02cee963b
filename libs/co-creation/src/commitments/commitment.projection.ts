import { projection, touchedBy } from '@cocrea/platform';
import type { AgreementRef, Branch } from '../proposals';
import { COMMITMENT_CATEGORY, type CommitmentEvent, type Completion } from './commitment.decider';

export const COMMITMENTS = 'commitments';

export interface MilestoneView {
  id: string;
  title: string;
  deliverable: string | null;
  startDate: string;
  endDate: string;
  /** The completion of the latest progress report on this milestone. */
  completion: Completion;
  addedBy: string;
  addedAt: string;
  /** The meeting agreement it was started from, if it was. */
  fromAgreement?: AgreementRef;
}

export interface ProgressReportView {
  id: string;
  milestoneId: string | null;
  completion: Completion;
  note: string;
  evidenceUrl: string | null;
  reporterId: string;
  reporterName: string;
  reportedAt: string;
  position: number;
}

export interface CommitmentView {
  id: string;
  proposalId: string;
  proposalRevision: number;
  planId: string;
  workingGroupId: string;
  title: string;
  leadEntity: string;
  branch: Branch;
  themes: string[];
  /** The completion of the latest progress report, on a milestone or on the whole commitment. */
  completion: Completion;
  milestones: MilestoneView[];
  /** Every progress report, oldest first. */
  progress: ProgressReportView[];
  adoptedBy: string;
  adoptedAt: string;
  updatedAt: string;
  revision: number;
  position: number;
}

export const commitmentProjection = projection<CommitmentEvent>({
  name: 'commitments',
  categories: [COMMITMENT_CATEGORY],
  indexes: [
    { collection: COMMITMENTS, fields: [] },
    { collection: COMMITMENTS, fields: ['planId'] },
  ],
  apply(event, models) {
    const touched = touchedBy(event);
    switch (event.type) {
      case 'CommitmentAdopted': {
        const { commitmentId, ...fields } = event.data;
        models.put<CommitmentView>(COMMITMENTS, commitmentId, {
          id: commitmentId,
          ...fields,
          themes: [...fields.themes],
          completion: 'not-started',
          milestones: [],
          progress: [],
          adoptedBy: event.metadata.actorId ?? 'unknown',
          adoptedAt: event.recordedAt,
          ...touched,
        });
        return;
      }
      case 'MilestoneAdded': {
        const { commitmentId, milestoneId, title, deliverable, startDate, endDate, fromAgreement } = event.data;
        const milestone: MilestoneView = {
          id: milestoneId,
          title,
          deliverable: deliverable ?? null,
          startDate,
          endDate,
          completion: 'not-started',
          addedBy: event.metadata.actorId ?? 'unknown',
          addedAt: event.recordedAt,
          ...(fromAgreement ? { fromAgreement: { ...fromAgreement } } : {}),
        };
        models.update<CommitmentView>(COMMITMENTS, commitmentId, (c) => ({ ...c, milestones: [...c.milestones, milestone], ...touched }));
        return;
      }
      case 'ProgressReported': {
        const { commitmentId, reportId, milestoneId, completion, note, evidenceUrl, reporterId, reporterName } = event.data;
        const report: ProgressReportView = {
          id: reportId,
          milestoneId: milestoneId ?? null,
          completion,
          note,
          evidenceUrl: evidenceUrl ?? null,
          reporterId,
          reporterName,
          reportedAt: event.recordedAt,
          position: event.position,
        };
        models.update<CommitmentView>(COMMITMENTS, commitmentId, (c) => ({
          ...c,
          completion,
          milestones: c.milestones.map((m) => (m.id === milestoneId ? { ...m, completion } : m)),
          progress: [...c.progress, report],
          ...touched,
        }));
        return;
      }
    }
  },
});
