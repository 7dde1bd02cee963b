import { CommandSpecification, sentBy } from '@cocrea/platform/testing/command-specification';
import type { Role } from '@cocrea/platform';
import { workingGroupStream, type WorkingGroupEvent } from '../working-groups';
import { decideOnProposal, editProposal, submitProposal } from './proposal.commands';
import { proposalStream, type ProposalEvent } from './proposal.decider';

const spec = CommandSpecification.withSqlite();
afterEach(() => spec.close());

const P = '7b2c4d3e-0000-4000-8000-0000000000a1';
const WG = '7b2c4d3e-0000-4000-8000-0000000000b1';
const ana = sentBy({ id: 'ana', name: 'Ana', roles: ['member'] as Role[] });
const marta = sentBy({ id: 'marta', name: 'Marta', roles: ['moderator'] as Role[] });

const formed: WorkingGroupEvent = {
  type: 'WorkingGroupFormed',
  data: { workingGroupId: WG, planId: 'plan', name: 'Mesa', theme: 'transparency' },
};
const anaJoined: WorkingGroupEvent = { type: 'MemberAdded', data: { workingGroupId: WG, userId: 'ana', role: 'member' } };
const anaRemoved: WorkingGroupEvent = { type: 'MemberRemoved', data: { workingGroupId: WG, userId: 'ana' } };
const drafted: ProposalEvent = {
  type: 'ProposalDrafted',
  data: {
    proposalId: P,
    planId: 'plan',
    workingGroupId: WG,
    title: 'Open contracting',
    leadEntity: 'Colombia Compra Eficiente',
    branch: 'executive',
    themes: ['transparency'],
    sections: { problem: 'Contracts are opaque', objective: 'Publish them', description: 'OCDS feed' },
  },
};
const edit = { expectedRevision: 1, changes: { problem: 'Contracts are published late' } };
const edited: ProposalEvent = {
  type: 'ProposalSectionEdited',
  data: { proposalId: P, section: 'problem', text: 'Contracts are published late', baseRevision: 1 },
};

describe('proposal commands: rules across streams', () => {
  it('records a member’s edit, decided against the working group read from its stream', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, anaJoined], [proposalStream(P)]: [drafted] })
      .when((commands) => editProposal(commands, P, edit, ana))
      .then({ [proposalStream(P)]: [edited] }));

  it('refuses an edit by someone who is not a member', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed], [proposalStream(P)]: [drafted] })
      .when((commands) => editProposal(commands, P, edit, ana))
      .thenRefuses('forbidden'));

  it('refuses the edit of a member removed while it was in flight: the edit is conditioned on the group as read', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, anaJoined], [proposalStream(P)]: [drafted] })
      .meanwhile({ [workingGroupStream(WG)]: [anaRemoved] })
      .when((commands) => editProposal(commands, P, edit, ana))
      .thenRefuses('forbidden'));

  it('rebases an edit of one section over another section edited meanwhile', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, anaJoined], [proposalStream(P)]: [drafted] })
      .meanwhile({
        [proposalStream(P)]: [
          { type: 'ProposalSectionEdited', data: { proposalId: P, section: 'objective', text: 'Publish all', baseRevision: 1 } },
        ],
      })
      .when((commands) => editProposal(commands, P, edit, ana))
      .then({ [proposalStream(P)]: [edited] }));

  it('refuses an edit of a section edited meanwhile, with the current text', () =>
    spec
      .given({ [workingGroupStream(WG)]: [formed, anaJoined], [proposalStream(P)]: [drafted] })
      .meanwhile({
        [proposalStream(P)]: [
          { type: 'ProposalSectionEdited', data: { proposalId: P, section: 'problem', text: 'Opaque', baseRevision: 1 } },
        ],
      })
      .when((commands) => editProposal(commands, P, edit, ana))
      .thenRefuses('edit-conflict', (error) =>
        expect(error.details).toEqual({ conflicts: [{ section: 'problem', current: 'Opaque', revision: 2 }] }),
      ));

  it('refuses to submit a proposal that does not exist', () =>
    spec
      .given({})
      .when((commands) => submitProposal(commands, P, ana))
      .thenRefuses('not-found'));

  it('accepts a submitted proposal for a moderator without reading the group', () =>
    spec
      .given({ [proposalStream(P)]: [drafted, { type: 'ProposalSubmitted', data: { proposalId: P } }] })
      .when((commands) => decideOnProposal(commands, P, 'AcceptProposal', 'prioritised', marta))
      .then({ [proposalStream(P)]: [{ type: 'ProposalAccepted', data: { proposalId: P, reason: 'prioritised' } }] }));
});
