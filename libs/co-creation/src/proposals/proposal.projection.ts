import { projection, touchedBy } from '@cocrea/platform';
import {
  AgreementRef,
  Branch,
  EDITABLE_FIELDS,
  EditableField,
  ProposalEvent,
  ProposalStatus,
  Sections,
  PROPOSAL_CATEGORY,
} from './proposal.decider';

export const PROPOSALS = 'proposals';

export interface ProposalView {
  id: string;
  /** The meeting agreement the draft was started from, if it was. */
  fromAgreement?: AgreementRef;
  planId: string;
  workingGroupId: string;
  title: string;
  leadEntity: string;
  branch: Branch;
  themes: string[];
  sections: Sections;
  /** The revision at which the title and each section last changed: the base to send with a PATCH of them. */
  sectionRevisions: Record<EditableField, number>;
  status: ProposalStatus;
  /** The reason given when the proposal was accepted, rejected or withdrawn. */
  statusReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  position: number;
}

export const proposalProjection = projection<ProposalEvent>({
  name: 'proposals',
  categories: [PROPOSAL_CATEGORY],
  indexes: [
    { collection: PROPOSALS, fields: [] },
    { collection: PROPOSALS, fields: ['planId'] },
    { collection: PROPOSALS, fields: ['workingGroupId'] },
  ],
  apply(event, models) {
    const touched = touchedBy(event);
    const change = (fields: (proposal: ProposalView) => Partial<ProposalView>) =>
      models.update<ProposalView>(PROPOSALS, event.data.proposalId, (proposal) => ({ ...proposal, ...fields(proposal), ...touched }));
    const decided = (status: ProposalStatus, reason?: string) => change(() => ({ status, statusReason: reason ?? null }));
    switch (event.type) {
      case 'ProposalDrafted': {
        const { proposalId, ...fields } = event.data;
        models.put<ProposalView>(PROPOSALS, proposalId, {
          id: proposalId,
          ...fields,
          themes: [...fields.themes],
          sections: { ...fields.sections },
          sectionRevisions: Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, event.revision])) as Record<EditableField, number>,
          status: 'draft',
          statusReason: null,
          createdBy: event.metadata.actorId ?? 'unknown',
          createdAt: event.recordedAt,
          ...touched,
        });
        return;
      }
      case 'ProposalSectionEdited': {
        const { section, text } = event.data;
        change((p) => ({
          sections: { ...p.sections, [section]: text },
          sectionRevisions: { ...p.sectionRevisions, [section]: event.revision },
        }));
        return;
      }
      case 'ProposalRetitled':
        change((p) => ({ title: event.data.title, sectionRevisions: { ...p.sectionRevisions, title: event.revision } }));
        return;
      case 'ProposalSubmitted':
        change(() => ({ status: 'submitted' }));
        return;
      case 'ProposalAccepted':
        decided('accepted', event.data.reason);
        return;
      case 'ProposalRejected':
        decided('rejected', event.data.reason);
        return;
      case 'ProposalWithdrawn':
        decided('withdrawn', event.data.reason);
        return;
    }
  },
});
