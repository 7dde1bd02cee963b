import { nameBasedId } from '@cocrea/platform/domain/name-based-id';
import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { isModerator, type Role } from '@cocrea/platform/auth/actor';
import type { AgreementRef, Branch, Proposal } from '../proposals';
import type { MemberRole } from '../working-groups';
import { t } from '@cocrea/platform/i18n/text';

export const COMPLETIONS = ['not-started', 'limited', 'substantial', 'complete'] as const;
export type Completion = (typeof COMPLETIONS)[number];

export type CommitmentEvent =
  | Event<
      'CommitmentAdopted',
      {
        commitmentId: string;
        proposalId: string;
        /** The proposal's revision the adoption was decided against: the link of the audit trace. */
        proposalRevision: number;
        planId: string;
        workingGroupId: string;
        title: string;
        leadEntity: string;
        branch: Branch;
        themes: string[];
      }
    >
  | Event<
      'MilestoneAdded',
      {
        commitmentId: string;
        milestoneId: string;
        title: string;
        deliverable?: string;
        startDate: string;
        endDate: string;
        /** The meeting agreement the milestone was started from, if it was. */
        fromAgreement?: AgreementRef;
      }
    >
  | Event<
      'ProgressReported',
      {
        commitmentId: string;
        reportId: string;
        milestoneId?: string;
        completion: Completion;
        note: string;
        evidenceUrl?: string;
        reporterId: string;
        reporterName: string;
      }
    >;

/** Who sends a milestone or progress command, with their role in the commitment's working group if any. */
export interface Reporter {
  id: string;
  name: string;
  roles: Role[];
  workingGroupRole?: MemberRole;
}

/** The proposal adopted, as read from its stream: its state and the revision the adoption is decided against. */
export interface AdoptionContext {
  proposal: Proposal;
  proposalRevision: number;
}

export type CommitmentCommand =
  | Command<'AdoptCommitment', { commitmentId: string; proposalId: string }, AdoptionContext>
  | Command<'AddMilestone', Extract<CommitmentEvent, { type: 'MilestoneAdded' }>['data'], { by: Reporter }>
  | Command<
      'ReportProgress',
      { commitmentId: string; reportId: string; milestoneId?: string; completion: Completion; note: string; evidenceUrl?: string },
      { by: Reporter }
    >;

export type Commitment =
  | { status: 'absent' }
  | {
      status: 'adopted';
      commitmentId: string;
      proposalId: string;
      planId: string;
      workingGroupId: string;
      milestoneIds: string[];
      completion: Completion;
    };

export const COMMITMENT_CATEGORY = 'commitment';
export const commitmentStream = (commitmentId: string) => `${COMMITMENT_CATEGORY}-${commitmentId}`;

const COMMITMENT_NAMESPACE = 'cocrea:commitment-of-proposal:';

/**
 * The id of the commitment adopted from a proposal: a name-based UUID (version 5 layout, SHA-1) of the
 * proposal id. One proposal can only ever map to one commitment stream, so two concurrent adoptions
 * contend on that stream and exactly one of them wins.
 */
export const commitmentIdOf = (proposalId: string): string => nameBasedId(COMMITMENT_NAMESPACE, proposalId);

/** Moderators and admins follow up any commitment; otherwise only a lead of the proposal's working group. */
export const mayFollowUp = (by: Reporter): boolean => isModerator(by) || by.workingGroupRole === 'lead';

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const requireFollowUp = (state: Commitment, commitmentId: string, by: Reporter) => {
  if (state.status === 'absent') return refuse('not-found', t`commitment ${commitmentId} not found`);
  if (!mayFollowUp(by)) refuse('forbidden', t`only moderators, admins and leads of the working group may follow up this commitment`);
  return state;
};

/**
 * A commitment adopted from an accepted proposal, followed up with milestones and progress reports.
 * The overall completion is that of the latest progress report, whether it was about one milestone
 * or about the whole commitment.
 */
export const commitmentDecider: Decider<Commitment, CommitmentCommand, CommitmentEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'AdoptCommitment': {
        const { proposal, proposalRevision } = command.context;
        if (proposal.status === 'absent') return refuse('not-found', t`proposal ${command.data.proposalId} not found`);
        if (state.status !== 'absent') {
          return refuse('commitment-exists', t`proposal ${proposal.proposalId} was already adopted as commitment ${state.commitmentId}`);
        }
        if (proposal.status !== 'accepted') {
          return refuse(
            'proposal-not-accepted',
            t`proposal ${proposal.proposalId} is ${proposal.status}; only an accepted proposal can be adopted`,
          );
        }
        return [
          {
            type: 'CommitmentAdopted',
            data: {
              commitmentId: command.data.commitmentId,
              proposalId: proposal.proposalId,
              proposalRevision,
              planId: proposal.planId,
              workingGroupId: proposal.workingGroupId,
              title: proposal.title,
              leadEntity: proposal.leadEntity,
              branch: proposal.branch,
              themes: [...proposal.themes],
            },
          },
        ];
      }
      case 'AddMilestone': {
        const { data } = command;
        const commitment = requireFollowUp(state, data.commitmentId, command.context.by);
        if (commitment.milestoneIds.includes(data.milestoneId)) {
          refuse('milestone-exists', t`commitment ${data.commitmentId} already has milestone ${data.milestoneId}`);
        }
        if (data.title.trim().length === 0) refuse('milestone-title-required', t`title must not be blank`);
        const start = Date.parse(data.startDate);
        const end = Date.parse(data.endDate);
        if (Number.isNaN(start)) refuse('invalid-date', t`startDate ${data.startDate} is not a date`);
        if (Number.isNaN(end)) refuse('invalid-date', t`endDate ${data.endDate} is not a date`);
        if (end < start) refuse('milestone-ends-before-start', t`endDate ${data.endDate} is before startDate ${data.startDate}`);
        const { deliverable, ...rest } = data;
        return [{ type: 'MilestoneAdded', data: deliverable === undefined ? rest : { ...rest, deliverable } }];
      }
      case 'ReportProgress': {
        const {
          data,
          context: { by },
        } = command;
        const commitment = requireFollowUp(state, data.commitmentId, by);
        if (data.milestoneId !== undefined && !commitment.milestoneIds.includes(data.milestoneId)) {
          refuse('milestone-not-found', t`commitment ${data.commitmentId} has no milestone ${data.milestoneId}`);
        }
        if (data.note.trim().length === 0) refuse('note-required', t`a progress report needs a note`);
        if (data.evidenceUrl !== undefined && !isHttpUrl(data.evidenceUrl)) {
          refuse('invalid-evidence-url', t`evidenceUrl must be an http or https URL, got ${data.evidenceUrl}`);
        }
        const { milestoneId, evidenceUrl, ...rest } = data;
        return [
          {
            type: 'ProgressReported',
            data: {
              ...rest,
              ...(milestoneId === undefined ? {} : { milestoneId }),
              ...(evidenceUrl === undefined ? {} : { evidenceUrl }),
              reporterId: by.id,
              reporterName: by.name,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CommitmentAdopted': {
        const { commitmentId, proposalId, planId, workingGroupId } = event.data;
        return { status: 'adopted', commitmentId, proposalId, planId, workingGroupId, milestoneIds: [], completion: 'not-started' };
      }
      case 'MilestoneAdded':
        return state.status === 'adopted' ? { ...state, milestoneIds: [...state.milestoneIds, event.data.milestoneId] } : state;
      case 'ProgressReported':
        return state.status === 'adopted' ? { ...state, completion: event.data.completion } : state;
    }
  },
};
