import { CommandSpecification, sentBy } from '@cocrea/platform/testing/command-specification';
import type { Role } from '@cocrea/platform';
import { proposalStream, type ProposalEvent } from '../proposals';
import { workingGroupStream, type WorkingGroupEvent } from '../working-groups';
import { adoptCommitment, reportProgress } from './commitment.commands';
import { commitmentIdOf, commitmentStream, type CommitmentEvent } from './commitment.decider';

const spec = CommandSpecification.withSqlite();
afterEach(() => spec.close());

const P = '8c3d5e4f-0000-4000-8000-0000000000a1';
const WG = '8c3d5e4f-0000-4000-8000-0000000000b1';
const C = commitmentIdOf(P);
const marta = sentBy({ id: 'marta', name: 'Marta', roles: ['moderator'] as Role[] });
const beto = sentBy({ id: 'beto', name: 'Beto', roles: ['member'] as Role[] });

const fields = {
  planId: 'plan',
  workingGroupId: WG,
  title: 'Open contracting',
  leadEntity: 'Colombia Compra Eficiente',
  branch: 'executive' as const,
  themes: ['transparency'],
};
const drafted: ProposalEvent = {
  type: 'ProposalDrafted',
  data: { proposalId: P, ...fields, sections: { problem: 'p', objective: 'o', description: 'd' } },
};
const submitted: ProposalEvent = { type: 'ProposalSubmitted', data: { proposalId: P } };
const accepted: ProposalEvent = { type: 'ProposalAccepted', data: { proposalId: P } };
const adopted = (proposalRevision: number): CommitmentEvent => ({
  type: 'CommitmentAdopted',
  data: { commitmentId: C, proposalId: P, proposalRevision, ...fields },
});
const formed: WorkingGroupEvent = {
  type: 'WorkingGroupFormed',
  data: { workingGroupId: WG, planId: 'plan', name: 'Mesa', theme: 'transparency' },
};
const betoLeads: WorkingGroupEvent = { type: 'MemberAdded', data: { workingGroupId: WG, userId: 'beto', role: 'lead' } };
const report = { completion: 'limited' as const, note: 'Tender data online' };

describe('commitment commands: rules across streams', () => {
  it('adopts an accepted proposal, recording the proposal revision it was decided against', () =>
    spec
      .given({ [proposalStream(P)]: [drafted, submitted, accepted] })
      .when((commands) => adoptCommitment(commands, P, marta))
      .then({ [commitmentStream(C)]: [adopted(3)] }));

  it('refuses to adopt a proposal that is not accepted', () =>
    spec
      .given({ [proposalStream(P)]: [drafted, submitted] })
      .when((commands) => adoptCommitment(commands, P, marta))
      .thenRefuses('proposal-not-accepted'));

  it('refuses an adoption that races another adoption of the same proposal: decided again, it finds the commitment', () =>
    spec
      .given({ [proposalStream(P)]: [drafted, submitted, accepted] })
      .meanwhile({ [commitmentStream(C)]: [adopted(3)] })
      .when((commands) => adoptCommitment(commands, P, marta))
      .thenRefuses('commitment-exists'));

  it('refuses a second adoption of the same proposal', () =>
    spec
      .given({ [proposalStream(P)]: [drafted, submitted, accepted], [commitmentStream(C)]: [adopted(3)] })
      .when((commands) => adoptCommitment(commands, P, marta))
      .thenRefuses('commitment-exists'));

  it('takes a progress report from a lead of the working group', () =>
    spec
      .given({ [commitmentStream(C)]: [adopted(3)], [workingGroupStream(WG)]: [formed, betoLeads] })
      .when((commands) => reportProgress(commands, C, report, beto))
      .thenAppended((appended, outcome) => {
        const { id } = outcome as { id: string };
        expect(appended).toEqual({
          [commitmentStream(C)]: [
            { type: 'ProgressReported', data: { commitmentId: C, reportId: id, ...report, reporterId: 'beto', reporterName: 'Beto' } },
          ],
        });
      }));

  it('refuses the report of a lead removed while it was in flight', () =>
    spec
      .given({ [commitmentStream(C)]: [adopted(3)], [workingGroupStream(WG)]: [formed, betoLeads] })
      .meanwhile({ [workingGroupStream(WG)]: [{ type: 'MemberRemoved', data: { workingGroupId: WG, userId: 'beto' } }] })
      .when((commands) => reportProgress(commands, C, report, beto))
      .thenRefuses('forbidden'));
});
