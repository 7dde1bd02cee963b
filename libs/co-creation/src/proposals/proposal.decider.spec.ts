import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import { fold } from '@cocrea/platform/domain/decider';
import type { WorkingGroup } from '../working-groups';
import { ProposalActor, ProposalCommand, ProposalEvent, proposalDecider } from './proposal.decider';

const spec = DeciderSpecification.for(proposalDecider);

const group: WorkingGroup = {
  status: 'active',
  workingGroupId: 'wg1',
  planId: 'p1',
  name: 'Mesa de transparencia',
  theme: 'transparency',
  members: { ana: 'lead', beto: 'member' },
};
const ana: ProposalActor = { id: 'ana', roles: ['member'] };
const olga: ProposalActor = { id: 'olga', roles: ['member'] };
const moderator: ProposalActor = { id: 'mod-1', roles: ['moderator'] };
const admin: ProposalActor = { id: 'admin-1', roles: ['admin'] };

const draftData = {
  proposalId: 'pr1',
  planId: 'p1',
  workingGroupId: 'wg1',
  title: 'Open contracting',
  leadEntity: 'Colombia Compra Eficiente',
  branch: 'executive' as const,
  themes: ['transparency'],
  sections: { problem: 'Contracts are opaque', objective: 'Publish them', description: 'OCDS feed' },
};
const drafted: ProposalEvent = { type: 'ProposalDrafted', data: draftData };
const draft = (overrides: Partial<typeof draftData> = {}, actor = ana, workingGroup: WorkingGroup = group): ProposalCommand => ({
  type: 'DraftProposal',
  data: { ...draftData, ...overrides },
  context: { actor, workingGroup },
});
const sectionEdited = (
  section: 'problem' | 'objective' | 'description' | 'baseline',
  text: string,
  baseRevision: number,
): ProposalEvent => ({
  type: 'ProposalSectionEdited',
  data: { proposalId: 'pr1', section, text, baseRevision },
});
const editCommand = (
  expectedRevision: number,
  changes: Record<string, string>,
  actor = ana,
  workingGroup: WorkingGroup = group,
): ProposalCommand => ({
  type: 'EditProposal',
  data: { proposalId: 'pr1', expectedRevision, changes },
  context: { actor, workingGroup },
});
const submitted: ProposalEvent = { type: 'ProposalSubmitted', data: { proposalId: 'pr1' } };
const accepted: ProposalEvent = { type: 'ProposalAccepted', data: { proposalId: 'pr1' } };
const rejected: ProposalEvent = { type: 'ProposalRejected', data: { proposalId: 'pr1', reason: 'out of scope' } };
const withdrawn: ProposalEvent = { type: 'ProposalWithdrawn', data: { proposalId: 'pr1' } };
const lifecycle = (type: 'SubmitProposal' | 'WithdrawProposal', actor = ana, workingGroup = group): ProposalCommand => ({
  type,
  data: { proposalId: 'pr1' },
  context: { actor, workingGroup },
});

describe('proposal decider', () => {
  describe('drafting', () => {
    it('drafts a proposal for a member of the working group', () => spec.given([]).when(draft()).then([drafted]));

    it('lets moderators and admins draft for any group', () => {
      spec.given([]).when(draft({}, moderator)).then([drafted]);
      spec.given([]).when(draft({}, admin)).then([drafted]);
    });

    it('trims the title and drops duplicate themes', () =>
      spec
        .given([])
        .when(draft({ title: ' Open contracting ', themes: ['transparency', 'transparency'] }))
        .then([drafted]));

    it('refuses someone who is not a member of the group, naming the rule', () =>
      spec
        .given([])
        .when(draft({}, olga))
        .thenThrows('forbidden', (error) => expect(error.message).toMatch(/only members of working group wg1, moderators and admins/)));

    it('refuses a working group that does not exist', () =>
      spec
        .given([])
        .when(draft({}, ana, { status: 'absent' }))
        .thenThrows('not-found'));

    it('refuses a working group of another plan', () =>
      spec
        .given([])
        .when(draft({ planId: 'p2' }, moderator))
        .thenThrows('working-group-not-in-plan'));

    it('refuses a blank title or a blank required section', () => {
      spec
        .given([])
        .when(draft({ title: '  ' }))
        .thenThrows('title-required');
      spec
        .given([])
        .when(draft({ sections: { problem: 'x', objective: ' ', description: 'y' } }))
        .thenThrows('section-required', (error) => expect(error.message).toMatch(/objective/));
    });

    it('refuses to draft the same proposal twice', () => spec.given([drafted]).when(draft()).thenThrows('proposal-exists'));
  });

  describe('editing', () => {
    it('records one semantic event per changed section and one for the title', () =>
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'Opaque contracts', baseline: '10% published', title: 'Open contracts' }))
        .then([
          { type: 'ProposalRetitled', data: { proposalId: 'pr1', title: 'Open contracts', baseRevision: 1 } },
          sectionEdited('problem', 'Opaque contracts', 1),
          sectionEdited('baseline', '10% published', 1),
        ]));

    it('records nothing for a change equal to the current text', () => {
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'Contracts are opaque', title: 'Open contracting' }))
        .thenNothingHappens();
      spec
        .given([drafted])
        .when(editCommand(1, { baseline: '' }))
        .thenNothingHappens();
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'Contracts are opaque', objective: 'Publish all of them' }))
        .then([sectionEdited('objective', 'Publish all of them', 1)]);
    });

    it('rebases a stale edit when the sections it touches did not change since', () =>
      spec
        .given([drafted, sectionEdited('problem', 'Opaque contracts', 1), sectionEdited('description', 'A feed', 2)])
        .when(editCommand(1, { objective: 'Publish every contract' }))
        .then([sectionEdited('objective', 'Publish every contract', 1)]));

    it('refuses a stale edit of a section changed since, with the current text and its revision', () =>
      spec
        .given([drafted, sectionEdited('problem', 'Opaque contracts', 1), sectionEdited('description', 'A feed', 2)])
        .when(editCommand(1, { problem: 'Contracts are hidden', objective: 'Publish' }))
        .thenThrows('edit-conflict', (error) =>
          expect(error.details).toEqual({ conflicts: [{ section: 'problem', current: 'Opaque contracts', revision: 2 }] }),
        ));

    it('reports every conflicting field, the title included', () =>
      spec
        .given([
          drafted,
          { type: 'ProposalRetitled', data: { proposalId: 'pr1', title: 'Open contracts', baseRevision: 1 } },
          sectionEdited('description', 'A feed', 2),
        ])
        .when(editCommand(1, { title: 'Contracting in the open', description: 'A portal' }))
        .thenThrows('edit-conflict', (error) =>
          expect(error.details).toEqual({
            conflicts: [
              { section: 'title', current: 'Open contracts', revision: 2 },
              { section: 'description', current: 'A feed', revision: 3 },
            ],
          }),
        ));

    it('accepts an edit based on the revision where the section last changed', () =>
      spec
        .given([drafted, sectionEdited('problem', 'Opaque contracts', 1)])
        .when(editCommand(2, { problem: 'Contracts are hidden' }))
        .then([sectionEdited('problem', 'Contracts are hidden', 2)]));

    it('does not call it a conflict when a section changed since to exactly the text sent', () =>
      spec
        .given([drafted, sectionEdited('problem', 'Opaque contracts', 1)])
        .when(editCommand(1, { problem: 'Opaque contracts' }))
        .thenNothingHappens());

    it('refuses an expected revision ahead of the proposal', () =>
      spec
        .given([drafted])
        .when(editCommand(5, { problem: 'x' }))
        .thenThrows('revision-ahead', (error) =>
          expect(error.message).toMatch(/expectedRevision 5 is ahead of the proposal's revision 1/),
        ));

    it('refuses a blank title or a blank required section, but lets optional sections be cleared', () => {
      spec
        .given([drafted])
        .when(editCommand(1, { title: ' ' }))
        .thenThrows('title-required');
      spec
        .given([drafted])
        .when(editCommand(1, { description: '' }))
        .thenThrows('section-required');
      spec
        .given([drafted, sectionEdited('baseline', '10%', 1)])
        .when(editCommand(2, { baseline: '' }))
        .then([sectionEdited('baseline', '', 2)]);
    });

    it('lets moderators and admins edit, refuses non-members and members removed from the group', () => {
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'x' }, moderator))
        .then([sectionEdited('problem', 'x', 1)]);
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'x' }, admin))
        .then([sectionEdited('problem', 'x', 1)]);
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'x' }, olga))
        .thenThrows('forbidden');
      const withoutAna: WorkingGroup = { ...group, members: { beto: 'member' } } as WorkingGroup;
      spec
        .given([drafted])
        .when(editCommand(1, { problem: 'x' }, ana, withoutAna))
        .thenThrows('forbidden');
    });

    it('allows edits while submitted, refuses them once decided or withdrawn', () => {
      spec
        .given([drafted, submitted])
        .when(editCommand(2, { problem: 'x' }))
        .then([sectionEdited('problem', 'x', 2)]);
      for (const end of [accepted, rejected, withdrawn]) {
        spec
          .given([drafted, submitted, end])
          .when(editCommand(3, { problem: 'x' }))
          .thenThrows('wrong-status');
      }
    });

    it('refuses to edit a proposal that does not exist', () =>
      spec
        .given([])
        .when(editCommand(1, { problem: 'x' }))
        .thenThrows('not-found'));
  });

  describe('lifecycle', () => {
    it('submits a draft', () => spec.given([drafted]).when(lifecycle('SubmitProposal')).then([submitted]));

    it('refuses to submit unless it is a draft', () => {
      for (const history of [
        [drafted, submitted],
        [drafted, withdrawn],
        [drafted, submitted, accepted],
      ]) {
        spec.given(history).when(lifecycle('SubmitProposal')).thenThrows('wrong-status');
      }
    });

    it('refuses a submission by a non-member', () => spec.given([drafted]).when(lifecycle('SubmitProposal', olga)).thenThrows('forbidden'));

    it('accepts or rejects a submitted proposal, keeping the reason', () => {
      spec
        .given([drafted, submitted])
        .when({ type: 'AcceptProposal', data: { proposalId: 'pr1' } })
        .then([accepted]);
      spec
        .given([drafted, submitted])
        .when({ type: 'RejectProposal', data: { proposalId: 'pr1', reason: 'out of scope' } })
        .then([rejected]);
    });

    it('refuses to accept or reject a proposal that is not submitted', () => {
      for (const history of [[drafted], [drafted, submitted, accepted], [drafted, submitted, rejected], [drafted, withdrawn]]) {
        spec
          .given(history)
          .when({ type: 'AcceptProposal', data: { proposalId: 'pr1' } })
          .thenThrows('wrong-status');
        spec
          .given(history)
          .when({ type: 'RejectProposal', data: { proposalId: 'pr1' } })
          .thenThrows('wrong-status');
      }
    });

    it('withdraws a draft or a submitted proposal', () => {
      spec.given([drafted]).when(lifecycle('WithdrawProposal')).then([withdrawn]);
      spec.given([drafted, submitted]).when(lifecycle('WithdrawProposal', moderator)).then([withdrawn]);
      spec
        .given([drafted])
        .when({
          type: 'WithdrawProposal',
          data: { proposalId: 'pr1', reason: 'merged into another' },
          context: { actor: ana, workingGroup: group },
        })
        .then([{ type: 'ProposalWithdrawn', data: { proposalId: 'pr1', reason: 'merged into another' } }]);
    });

    it('refuses to withdraw a decided or withdrawn proposal, or by a non-member', () => {
      for (const history of [
        [drafted, submitted, accepted],
        [drafted, submitted, rejected],
        [drafted, withdrawn],
      ]) {
        spec.given(history).when(lifecycle('WithdrawProposal')).thenThrows('wrong-status');
      }
      spec.given([drafted]).when(lifecycle('WithdrawProposal', olga)).thenThrows('forbidden');
    });

    it('refuses lifecycle steps of a proposal that does not exist', () => {
      spec.given([]).when(lifecycle('SubmitProposal')).thenThrows('not-found');
      spec.given([]).when(lifecycle('WithdrawProposal')).thenThrows('not-found');
      spec
        .given([])
        .when({ type: 'AcceptProposal', data: { proposalId: 'pr1' } })
        .thenThrows('not-found');
      spec
        .given([])
        .when({ type: 'RejectProposal', data: { proposalId: 'pr1' } })
        .thenThrows('not-found');
    });
  });

  describe('state', () => {
    it('counts the stream revision and remembers where each field last changed', () => {
      const state = fold(proposalDecider, [
        drafted,
        sectionEdited('problem', 'Opaque contracts', 1),
        { type: 'ProposalRetitled', data: { proposalId: 'pr1', title: 'Open contracts', baseRevision: 1 } },
        submitted,
        rejected,
      ]);
      expect(state).toMatchObject({
        status: 'rejected',
        statusReason: 'out of scope',
        title: 'Open contracts',
        revision: 5,
        sections: { problem: 'Opaque contracts', objective: 'Publish them', description: 'OCDS feed' },
        sectionRevisions: { title: 3, problem: 2, objective: 1, description: 1, baseline: 1, ambition: 1, milestones: 1 },
      });
    });
  });
});
