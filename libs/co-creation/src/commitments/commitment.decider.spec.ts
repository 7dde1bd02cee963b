import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import type { Proposal } from '../proposals';
import { CommitmentCommand, CommitmentEvent, Reporter, commitmentDecider, commitmentIdOf, mayFollowUp } from './commitment.decider';

const spec = DeciderSpecification.for(commitmentDecider);

// Only the fields of the shared proposal contract matter to adoption; the rest of the state is the proposals' own.
const accepted = {
  status: 'accepted',
  proposalId: 'p1',
  planId: 'plan-1',
  workingGroupId: 'wg-1',
  title: 'Open contracting data',
  leadEntity: 'Colombia Compra Eficiente',
  branch: 'executive',
  themes: ['transparency'],
  sections: { problem: 'Contracts are not published' },
} as Proposal;

const adopted: CommitmentEvent = {
  type: 'CommitmentAdopted',
  data: {
    commitmentId: 'c1',
    proposalId: 'p1',
    proposalRevision: 3,
    planId: 'plan-1',
    workingGroupId: 'wg-1',
    title: 'Open contracting data',
    leadEntity: 'Colombia Compra Eficiente',
    branch: 'executive',
    themes: ['transparency'],
  },
};
const milestone: CommitmentEvent = {
  type: 'MilestoneAdded',
  data: {
    commitmentId: 'c1',
    milestoneId: 'm1',
    title: 'Publish in OCDS',
    deliverable: 'API',
    startDate: '2017-09-01',
    endDate: '2018-06-30',
  },
};

const moderator: Reporter = { id: 'mod-1', name: 'Marta', roles: ['moderator'] };
const admin: Reporter = { id: 'admin-1', name: 'Admin', roles: ['admin'] };
const lead: Reporter = { id: 'beto', name: 'Beto', roles: ['member'], workingGroupRole: 'lead' };
const member: Reporter = { id: 'ana', name: 'Ana', roles: ['member'], workingGroupRole: 'member' };
const outsider: Reporter = { id: 'olga', name: 'Olga', roles: ['member', 'participant'] };

const adopt = (proposal: Proposal = accepted): CommitmentCommand => ({
  type: 'AdoptCommitment',
  data: { commitmentId: 'c1', proposalId: 'p1' },
  context: { proposal, proposalRevision: 3 },
});
const addMilestone = (
  data: Partial<Extract<CommitmentCommand, { type: 'AddMilestone' }>['data']> = {},
  by = moderator,
): CommitmentCommand => ({
  type: 'AddMilestone',
  data: { ...(milestone.data as Extract<CommitmentCommand, { type: 'AddMilestone' }>['data']), ...data },
  context: { by },
});
const report = (
  data: Partial<Extract<CommitmentCommand, { type: 'ReportProgress' }>['data']> = {},
  by: Reporter = lead,
): CommitmentCommand => ({
  type: 'ReportProgress',
  data: { commitmentId: 'c1', reportId: 'r1', completion: 'limited', note: 'Tender data online', ...data },
  context: { by },
});

describe('commitment decider', () => {
  describe('adoption', () => {
    it('adopts an accepted proposal, copying what it commits to', () => spec.given([]).when(adopt()).then([adopted]));

    it('refuses a proposal that is not accepted', () => {
      for (const status of ['draft', 'submitted', 'rejected', 'withdrawn'] as const) {
        spec
          .given([])
          .when(adopt({ ...accepted, status } as Proposal))
          .thenThrows('proposal-not-accepted', (error) => expect(error.message).toContain(status));
      }
    });

    it('refuses a proposal that does not exist (404)', () =>
      spec
        .given([])
        .when(adopt({ status: 'absent' }))
        .thenThrows('not-found'));

    it('refuses to adopt the same proposal twice', () => spec.given([adopted]).when(adopt()).thenThrows('commitment-exists'));

    it('derives one stable commitment id per proposal', () => {
      const proposalId = '0190c2d4-8f2a-7c3e-9a1b-2c3d4e5f6a7b';
      expect(commitmentIdOf(proposalId)).toBe(commitmentIdOf(proposalId.toUpperCase()));
      expect(commitmentIdOf(proposalId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(commitmentIdOf(proposalId)).not.toBe(commitmentIdOf('0190c2d4-8f2a-7c3e-9a1b-2c3d4e5f6a7c'));
      expect(commitmentIdOf(proposalId)).not.toBe(proposalId);
    });
  });

  describe('milestones', () => {
    it('adds a milestone with a deliverable', () => spec.given([adopted]).when(addMilestone()).then([milestone]));

    it('adds a milestone without a deliverable, starting and ending the same day', () => {
      const { deliverable: _, ...withoutDeliverable } = milestone.data as Extract<CommitmentEvent, { type: 'MilestoneAdded' }>['data'];
      spec
        .given([adopted])
        .when({ type: 'AddMilestone', data: { ...withoutDeliverable, endDate: '2017-09-01' }, context: { by: moderator } })
        .then([{ type: 'MilestoneAdded', data: { ...withoutDeliverable, endDate: '2017-09-01' } }]);
    });

    it('lets admins and leads of the working group add milestones', () => {
      spec.given([adopted]).when(addMilestone({}, admin)).then([milestone]);
      spec.given([adopted]).when(addMilestone({}, lead)).then([milestone]);
    });

    it('refuses a milestone that ends before it starts', () =>
      spec
        .given([adopted])
        .when(addMilestone({ startDate: '2018-01-02', endDate: '2018-01-01' }))
        .thenThrows('milestone-ends-before-start'));

    it('compares dates as instants, not as text', () =>
      spec
        .given([adopted])
        .when(addMilestone({ startDate: '2018-01-01T12:00:00Z', endDate: '2018-01-01' }))
        .thenThrows('milestone-ends-before-start'));

    it('refuses a date that is not a date', () => {
      spec
        .given([adopted])
        .when(addMilestone({ startDate: 'soon' }))
        .thenThrows('invalid-date');
      spec
        .given([adopted])
        .when(addMilestone({ endDate: '2018-13-45' }))
        .thenThrows('invalid-date');
    });

    it('refuses a blank title', () =>
      spec
        .given([adopted])
        .when(addMilestone({ title: ' ' }))
        .thenThrows('milestone-title-required'));

    it('refuses members who are not leads, and people outside the working group (403)', () => {
      spec.given([adopted]).when(addMilestone({}, member)).thenThrows('forbidden');
      spec.given([adopted]).when(addMilestone({}, outsider)).thenThrows('forbidden');
    });

    it('refuses a milestone of a commitment that does not exist (404)', () => spec.given([]).when(addMilestone()).thenThrows('not-found'));
  });

  describe('progress', () => {
    it('records a report on the whole commitment, with who reported it', () =>
      spec
        .given([adopted])
        .when(report({ evidenceUrl: 'https://example.org/report.pdf' }))
        .then([
          {
            type: 'ProgressReported',
            data: {
              commitmentId: 'c1',
              reportId: 'r1',
              completion: 'limited',
              note: 'Tender data online',
              evidenceUrl: 'https://example.org/report.pdf',
              reporterId: 'beto',
              reporterName: 'Beto',
            },
          },
        ]));

    it('records a report on one milestone, without evidence', () =>
      spec
        .given([adopted, milestone])
        .when(report({ milestoneId: 'm1', completion: 'complete' }, moderator))
        .then([
          {
            type: 'ProgressReported',
            data: {
              commitmentId: 'c1',
              reportId: 'r1',
              milestoneId: 'm1',
              completion: 'complete',
              note: 'Tender data online',
              reporterId: 'mod-1',
              reporterName: 'Marta',
            },
          },
        ]));

    it('accepts http evidence as well as https', () =>
      spec
        .given([adopted])
        .when(report({ evidenceUrl: 'http://example.org/minutes' }, admin))
        .then([
          {
            type: 'ProgressReported',
            data: {
              commitmentId: 'c1',
              reportId: 'r1',
              completion: 'limited',
              note: 'Tender data online',
              evidenceUrl: 'http://example.org/minutes',
              reporterId: 'admin-1',
              reporterName: 'Admin',
            },
          },
        ]));

    it('refuses a milestone that the commitment does not have', () =>
      spec
        .given([adopted, milestone])
        .when(report({ milestoneId: 'm2' }))
        .thenThrows('milestone-not-found'));

    it('refuses evidence that is not an http(s) URL', () => {
      for (const evidenceUrl of ['ftp://example.org/x', 'javascript:alert(1)', 'not a url']) {
        spec.given([adopted]).when(report({ evidenceUrl })).thenThrows('invalid-evidence-url');
      }
    });

    it('refuses a report without a note', () =>
      spec
        .given([adopted])
        .when(report({ note: '  ' }))
        .thenThrows('note-required'));

    it('refuses members who are not leads, and people outside the working group (403)', () => {
      spec.given([adopted]).when(report({}, member)).thenThrows('forbidden');
      spec.given([adopted]).when(report({}, outsider)).thenThrows('forbidden');
    });

    it('refuses progress on a commitment that does not exist (404), before asking who reports', () =>
      spec.given([]).when(report({}, outsider)).thenThrows('not-found'));
  });

  describe('state', () => {
    const fold = (events: CommitmentEvent[]) => events.reduce(commitmentDecider.evolve, commitmentDecider.initialState());

    it('starts not started, and takes the completion of the latest report', () => {
      expect(fold([adopted])).toMatchObject({ completion: 'not-started', milestoneIds: [] });
      const reported = (completion: 'limited' | 'substantial', milestoneId?: string): CommitmentEvent => ({
        type: 'ProgressReported',
        data: {
          commitmentId: 'c1',
          reportId: completion,
          completion,
          note: 'n',
          reporterId: 'beto',
          reporterName: 'Beto',
          ...(milestoneId ? { milestoneId } : {}),
        },
      });
      expect(fold([adopted, milestone, reported('substantial', 'm1'), reported('limited')])).toMatchObject({
        completion: 'limited',
        milestoneIds: ['m1'],
      });
    });

    it('lets moderators and admins follow up whatever their group role', () => {
      expect(mayFollowUp({ ...moderator, workingGroupRole: 'member' })).toBe(true);
      expect(mayFollowUp(admin)).toBe(true);
      expect(mayFollowUp(lead)).toBe(true);
      expect(mayFollowUp(member)).toBe(false);
    });
  });
});
