import { Decider, Event, refuse } from '@cocrea/platform/domain/decider';

// CONTRACT shared with other contexts (keep these names and shapes): Proposal state (status, planId,
// workingGroupId, title, leadEntity, branch, themes, sections), proposalStream, proposalDecider.initialState/evolve.
// Events, commands and rules are filled in by the proposals feature.

export const PROPOSAL_SECTIONS = ['problem', 'baseline', 'objective', 'description', 'ambition', 'milestones'] as const;
export type SectionName = (typeof PROPOSAL_SECTIONS)[number];
export type Sections = Partial<Record<SectionName, string>>;
export const BRANCHES = ['executive', 'judicial', 'legislative', 'control', 'subnational'] as const;
export type Branch = (typeof BRANCHES)[number];
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type ProposalEvent = Event<
  'ProposalDrafted',
  { proposalId: string; planId: string; workingGroupId: string; title: string; leadEntity: string; branch: Branch; themes: string[]; sections: Sections }
>;

export type ProposalCommand = { type: 'DraftProposal'; data: ProposalEvent['data'] };

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
    };

export const proposalStream = (proposalId: string) => `proposal-${proposalId}`;

export const proposalDecider: Decider<Proposal, ProposalCommand, ProposalEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command) {
    return refuse('not-implemented', `${command.type} is not implemented yet`);
  },
  evolve(_state, event) {
    return { status: 'draft', ...event.data };
  },
};
