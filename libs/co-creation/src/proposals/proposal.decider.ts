import { isModerator } from '@cocrea/platform/auth/actor';
import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { WorkingGroup, isMemberOf } from '../working-groups';
import { type Text, eitherOf, t } from '@cocrea/platform/i18n/text';

// CONTRACT shared with other contexts (keep these names and shapes): Proposal state (status, planId,
// workingGroupId, title, leadEntity, branch, themes, sections), proposalStream, proposalDecider.initialState/evolve.

export const PROPOSAL_SECTIONS = ['problem', 'baseline', 'objective', 'description', 'ambition', 'milestones'] as const;
export type SectionName = (typeof PROPOSAL_SECTIONS)[number];
export type Sections = Partial<Record<SectionName, string>>;
/** Sections a proposal cannot do without: what is wrong, what it aims at, and what it will do. */
export const REQUIRED_SECTIONS: readonly SectionName[] = ['problem', 'objective', 'description'];
/** What a PATCH may change: the title or any section. Each has its own revision, so edits of different ones rebase. */
export type EditableField = 'title' | SectionName;
export const EDITABLE_FIELDS: readonly EditableField[] = ['title', ...PROPOSAL_SECTIONS];
export const BRANCHES = ['executive', 'judicial', 'legislative', 'control', 'subnational'] as const;
export type Branch = (typeof BRANCHES)[number];
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A meeting's agreement that started a proposal draft or a milestone: where it came from, in the record. */
export interface AgreementRef {
  meetingId: string;
  agreementId: string;
}

/** Who sends a command, as far as the proposal rules care. */
export interface ProposalActor {
  id: string;
  roles: readonly string[];
}

export type ProposalEvent =
  | Event<
      'ProposalDrafted',
      {
        proposalId: string;
        planId: string;
        workingGroupId: string;
        title: string;
        leadEntity: string;
        branch: Branch;
        themes: string[];
        sections: Sections;
        /** The meeting agreement the draft was started from, if it was. */
        fromAgreement?: AgreementRef;
      }
    >
  | Event<'ProposalSectionEdited', { proposalId: string; section: SectionName; text: string; baseRevision: number }>
  | Event<'ProposalRetitled', { proposalId: string; title: string; baseRevision: number }>
  | Event<'ProposalSubmitted', { proposalId: string }>
  | Event<'ProposalAccepted', { proposalId: string; reason?: string }>
  | Event<'ProposalRejected', { proposalId: string; reason?: string }>
  | Event<'ProposalWithdrawn', { proposalId: string; reason?: string }>;

/**
 * Who may act is decided on the actor and the proposal's working group as it is now (read from the group's
 * stream by the command layer), so membership is decided on the source of truth.
 */
export interface MemberContext {
  actor: ProposalActor;
  workingGroup: WorkingGroup;
}

export type ProposalCommand =
  | Command<'DraftProposal', Extract<ProposalEvent, { type: 'ProposalDrafted' }>['data'], MemberContext>
  | Command<
      'EditProposal',
      { proposalId: string; expectedRevision: number; changes: Partial<Record<EditableField, string>> },
      MemberContext
    >
  | Command<'SubmitProposal', { proposalId: string }, MemberContext>
  | Command<'WithdrawProposal', { proposalId: string; reason?: string }, MemberContext>
  | Command<'AcceptProposal', { proposalId: string; reason?: string }>
  | Command<'RejectProposal', { proposalId: string; reason?: string }>;

export type Proposal =
  | { status: 'absent' }
  | {
      status: ProposalStatus;
      proposalId: string;
      planId: string;
      workingGroupId: string;
      title: string;
      leadEntity: string;
      branch: Branch;
      themes: string[];
      sections: Sections;
      /** The stream revision: every event of the proposal stream moves it by one. */
      revision: number;
      /** The revision at which the title and each section last changed (the draft's revision, 1, until edited). */
      sectionRevisions: Record<EditableField, number>;
      statusReason?: string;
    };

type ExistingProposal = Exclude<Proposal, { status: 'absent' }>;

export const PROPOSAL_CATEGORY = 'proposal';
export const proposalStream = (proposalId: string) => `${PROPOSAL_CATEGORY}-${proposalId}`;

const EDITABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'submitted'];

/** Members of the proposal's working group (any role), moderators and admins may work on a proposal. */
const ensureMayWorkOn = (actor: ProposalActor, workingGroup: WorkingGroup, workingGroupId: string, action: Text): void => {
  if (isModerator(actor) || isMemberOf(workingGroup, actor.id)) return;
  refuse('forbidden', t`only members of working group ${workingGroupId}, moderators and admins may ${action} its proposals`);
};

const ensureStatus = (state: ExistingProposal, allowed: readonly ProposalStatus[], action: Text): void => {
  if (allowed.includes(state.status)) return;
  refuse('wrong-status', t`cannot ${action} a proposal that is ${state.status}; it must be ${eitherOf(allowed)}`);
};

const existing = (state: Proposal, proposalId: string): ExistingProposal =>
  state.status === 'absent' ? refuse('not-found', t`proposal ${proposalId} not found`) : state;

const currentText = (state: ExistingProposal, field: EditableField): string =>
  field === 'title' ? state.title : (state.sections[field] ?? '');

const edit = (state: ExistingProposal, command: Extract<ProposalCommand, { type: 'EditProposal' }>): ProposalEvent[] => {
  const { expectedRevision } = command.data;
  ensureMayWorkOn(command.context.actor, command.context.workingGroup, state.workingGroupId, t`edit`);
  ensureStatus(state, EDITABLE_STATUSES, t`edit`);
  if (expectedRevision > state.revision) {
    refuse('revision-ahead', t`expectedRevision ${expectedRevision} is ahead of the proposal's revision ${state.revision}`);
  }
  // Fields in a fixed order so that one request always records its events in the same order.
  const changed = EDITABLE_FIELDS.flatMap((field) => {
    const text = command.data.changes[field];
    return text === undefined || text === currentText(state, field) ? [] : [{ field, text }];
  });
  for (const { field, text } of changed) {
    if (field === 'title' && text.trim().length === 0) refuse('title-required', t`title must not be blank`);
    if (field !== 'title' && REQUIRED_SECTIONS.includes(field) && text.trim().length === 0) {
      refuse('section-required', t`section ${field} must not be blank`);
    }
  }
  // A stale base is fine as long as nobody changed what this edit touches since: the edit is rebased.
  const conflicts = changed
    .filter(({ field }) => state.sectionRevisions[field] > expectedRevision)
    .map(({ field }) => ({ section: field, current: currentText(state, field), revision: state.sectionRevisions[field] }));
  if (conflicts.length > 0) {
    refuse(
      'edit-conflict',
      t`${conflicts.map((c) => c.section).join(', ')} changed after revision ${expectedRevision}; merge with the current text and retry`,
      { conflicts },
    );
  }
  const { proposalId } = state;
  return changed.map(({ field, text }): ProposalEvent =>
    field === 'title'
      ? { type: 'ProposalRetitled', data: { proposalId, title: text, baseRevision: expectedRevision } }
      : { type: 'ProposalSectionEdited', data: { proposalId, section: field, text, baseRevision: expectedRevision } },
  );
};

const withReason = (proposalId: string, reason?: string) => ({ proposalId, ...(reason === undefined ? {} : { reason }) });

export const proposalDecider: Decider<Proposal, ProposalCommand, ProposalEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'DraftProposal': {
        const {
          data,
          context: { actor, workingGroup },
        } = command;
        if (state.status !== 'absent') return refuse('proposal-exists', t`proposal ${data.proposalId} already exists`);
        if (workingGroup.status === 'absent' || workingGroup.workingGroupId !== data.workingGroupId) {
          return refuse('not-found', t`working group ${data.workingGroupId} not found`);
        }
        ensureMayWorkOn(actor, workingGroup, data.workingGroupId, t`draft`);
        if (workingGroup.planId !== data.planId) {
          return refuse(
            'working-group-not-in-plan',
            t`working group ${data.workingGroupId} belongs to plan ${workingGroup.planId}, not ${data.planId}`,
          );
        }
        const title = data.title.trim();
        if (title.length === 0) return refuse('title-required', t`title must not be blank`);
        for (const section of REQUIRED_SECTIONS) {
          if (!data.sections[section]?.trim()) return refuse('section-required', t`section ${section} must not be blank`);
        }
        return [{ type: 'ProposalDrafted', data: { ...data, title, themes: [...new Set(data.themes)], sections: { ...data.sections } } }];
      }
      case 'EditProposal':
        return edit(existing(state, command.data.proposalId), command);
      case 'SubmitProposal': {
        const proposal = existing(state, command.data.proposalId);
        ensureMayWorkOn(command.context.actor, command.context.workingGroup, proposal.workingGroupId, t`submit`);
        ensureStatus(proposal, ['draft'], t`submit`);
        return [{ type: 'ProposalSubmitted', data: { proposalId: proposal.proposalId } }];
      }
      case 'WithdrawProposal': {
        const proposal = existing(state, command.data.proposalId);
        ensureMayWorkOn(command.context.actor, command.context.workingGroup, proposal.workingGroupId, t`withdraw`);
        ensureStatus(proposal, ['draft', 'submitted'], t`withdraw`);
        return [{ type: 'ProposalWithdrawn', data: withReason(proposal.proposalId, command.data.reason) }];
      }
      case 'AcceptProposal': {
        const proposal = existing(state, command.data.proposalId);
        ensureStatus(proposal, ['submitted'], t`accept`);
        return [{ type: 'ProposalAccepted', data: withReason(proposal.proposalId, command.data.reason) }];
      }
      case 'RejectProposal': {
        const proposal = existing(state, command.data.proposalId);
        ensureStatus(proposal, ['submitted'], t`reject`);
        return [{ type: 'ProposalRejected', data: withReason(proposal.proposalId, command.data.reason) }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'ProposalDrafted') {
      const sectionRevisions = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, 1])) as Record<EditableField, number>;
      return {
        status: 'draft',
        ...event.data,
        themes: [...event.data.themes],
        sections: { ...event.data.sections },
        revision: 1,
        sectionRevisions,
      };
    }
    if (state.status === 'absent') return state;
    const revision = state.revision + 1;
    switch (event.type) {
      case 'ProposalSectionEdited': {
        const { section, text } = event.data;
        return {
          ...state,
          revision,
          sections: { ...state.sections, [section]: text },
          sectionRevisions: { ...state.sectionRevisions, [section]: revision },
        };
      }
      case 'ProposalRetitled':
        return { ...state, revision, title: event.data.title, sectionRevisions: { ...state.sectionRevisions, title: revision } };
      case 'ProposalSubmitted':
        return { ...state, revision, status: 'submitted' };
      case 'ProposalAccepted':
        return { ...state, revision, status: 'accepted', statusReason: event.data.reason };
      case 'ProposalRejected':
        return { ...state, revision, status: 'rejected', statusReason: event.data.reason };
      case 'ProposalWithdrawn':
        return { ...state, revision, status: 'withdrawn', statusReason: event.data.reason };
    }
  },
};
