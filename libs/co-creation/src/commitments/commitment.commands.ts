import { randomUUID } from 'node:crypto';
import {
  acknowledgement,
  isModerator,
  read,
  type Acknowledgement,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
  type Loaded,
} from '@cocrea/platform';
import { proposalDecider, proposalStream, type AgreementRef } from '../proposals';
import { workingGroupDecider, workingGroupStream, type WorkingGroup } from '../working-groups';
import {
  commitmentDecider,
  commitmentIdOf,
  commitmentStream,
  type Commitment,
  type CommitmentCommand,
  type Completion,
  type Reporter,
} from './commitment.decider';

/** What a milestone or progress command answers: the new milestone's or report's id, and its commitment's. */
export interface FollowUpAcknowledgement extends Acknowledgement {
  commitmentId: string;
}

type FollowUp = Extract<CommitmentCommand, { type: 'AddMilestone' | 'ReportProgress' }>;

/**
 * The commitment id is derived from the proposal id, so a proposal is adopted at most once. Not `creates`: a
 * concurrent adoption that loses the race is decided again on fresh state and refused by the decider. The proposal
 * is read, so the adoption commits only while the proposal is still as it was read (still accepted).
 */
export const adoptCommitment = async (commands: CommandHandler, proposalId: string, context: CommandContext): Promise<Acknowledgement> => {
  const commitmentId = commitmentIdOf(proposalId);
  const outcome = await commands.with(commitmentDecider).decide(
    commitmentStream(commitmentId),
    ({ proposal }) => ({
      type: 'AdoptCommitment',
      data: { commitmentId, proposalId },
      context: { proposal: proposal.state, proposalRevision: proposal.revision },
    }),
    context,
    { reads: { proposal: read(proposalStream(proposalId), proposalDecider) } },
  );
  return acknowledgement(commitmentId, outcome);
};

/**
 * Moderators and admins need no membership, and no group is read for them. Anyone else is looked up in the
 * commitment's working group, and the command commits only while the group is as it was read (a lead removed
 * meanwhile is refused when it is decided again).
 */
const reporterIn = (context: CommandContext, group: Loaded<WorkingGroup> | undefined): Reporter => {
  const by: Reporter = { id: context.actor.id, name: context.actor.name, roles: context.actor.roles };
  const members = group?.state.status === 'active' ? group.state.members : {};
  return Object.hasOwn(members, by.id) ? { ...by, workingGroupRole: members[by.id] } : by;
};

const followUp = (commands: CommandHandler, commitmentId: string, command: (by: Reporter) => FollowUp, context: CommandContext) =>
  commands.with(commitmentDecider).decide(commitmentStream(commitmentId), ({ group }) => command(reporterIn(context, group)), context, {
    reads: (state: Commitment) => ({
      group:
        state.status === 'absent' || isModerator(context.actor)
          ? undefined
          : read(workingGroupStream(state.workingGroupId), workingGroupDecider),
    }),
  });

/**
 * The new milestone's or report's id. When an Idempotency-Key replayed an earlier command, that command's id is
 * the one its event recorded, since the one generated for this request was never recorded.
 */
const followedUp = async (
  commands: CommandHandler,
  outcome: CommandOutcome<Commitment>,
  createdId: string,
  idField: 'milestoneId' | 'reportId',
  commitmentId: string,
): Promise<FollowUpAcknowledgement> => {
  let id = createdId;
  if (outcome.events === undefined) {
    const [recorded] = await commands.recorded(outcome.streamId, outcome.revision);
    id = String((recorded?.data as Record<string, unknown> | undefined)?.[idField] ?? '');
  }
  return { ...acknowledgement(id, outcome), commitmentId };
};

export const addMilestone = async (
  commands: CommandHandler,
  commitmentId: string,
  milestone: { title: string; deliverable?: string; startDate: string; endDate: string; fromAgreement?: AgreementRef },
  context: CommandContext,
  /** The milestone's id, when what it comes from decides it (an agreement starts one milestone); a new one otherwise. */
  milestoneId: string = randomUUID(),
): Promise<FollowUpAcknowledgement> => {
  const outcome = await followUp(
    commands,
    commitmentId,
    (by) => ({ type: 'AddMilestone', data: { commitmentId, milestoneId, ...milestone }, context: { by } }),
    context,
  );
  return followedUp(commands, outcome, milestoneId, 'milestoneId', commitmentId);
};

export const reportProgress = async (
  commands: CommandHandler,
  commitmentId: string,
  report: { milestoneId?: string; completion: Completion; note: string; evidenceUrl?: string },
  context: CommandContext,
): Promise<FollowUpAcknowledgement> => {
  const reportId = randomUUID();
  const outcome = await followUp(
    commands,
    commitmentId,
    (by) => ({ type: 'ReportProgress', data: { commitmentId, reportId, ...report }, context: { by } }),
    context,
  );
  return followedUp(commands, outcome, reportId, 'reportId', commitmentId);
};
